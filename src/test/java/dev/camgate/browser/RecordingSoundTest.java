package dev.camgate.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camgate.media.mp4.Ffmpeg;
import dev.camgate.testing.TestHub;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A Chromium camera that publishes its (fake) microphone is recorded with its sound: the files have an Opus track
 * as long as their pictures, which ffmpeg decodes without an error into audible sound (Chromium's fake microphone
 * beeps), and the playback page plays the recording with its sound: Chromium decodes the audio as well as the
 * pictures, and the page offers a sound switch.
 */
class RecordingSoundTest {
    static final Duration LIVE = Duration.ofSeconds(20);
    static TestHub hub;
    static Path root;

    @BeforeAll
    static void startHub() throws Exception {
        root = Files.createTempDirectory("camgate-recording-sound");
        hub = TestHub.start("""
                recording: {path: "%s", segment: 4s, fragment: 500ms, keyframe_interval: 1s}
                cameras:
                  - {id: porch, name: Porch, type: browser, key: porch-secret-key, record: true}
                """.formatted(root));
    }

    @AfterAll
    static void stopHub() {
        hub.close();
    }

    @Test
    void aCameraWithAMicrophoneIsRecordedWithItsSoundAndPlaysBackWithIt() throws Exception {
        Ffmpeg.assumePresent();
        String base = "http://127.0.0.1:" + hub.port();
        try (Browser browser = Browser.launch()) {
            browser.open(base + "/publish?camera=porch&key=porch-secret-key&audio=1&autostart=1");
            browser.waitFor("the publish page to be live", "window.camgate.publisher.state === 'live'", LIVE);
            assertEquals(1L, browser.js("return document.getElementById('preview').srcObject.getAudioTracks().length"));
            Browser.within(LIVE, "a file with sound being written", () -> {
                JsonNode r = hub.getJson("/api/cameras/porch").get("recording");
                assertEquals("recording", r.get("state").asString(), r.toString());
                assertTrue(r.get("audio").asBoolean(), r.toString());
                return r;
            });
            // A closed file with sound: the first may have none (the sound can begin a moment after the first keyframe,
            // and that file then ends at the next one), and Chromium's picture size changes start new files.
            // At least 2 s long, so that it holds some of the fake microphone's beeps (one a second).
            JsonNode closed = Browser.within(Duration.ofSeconds(60), "a closed file of 2 s or more with sound", () -> {
                JsonNode list = hub.getJson("/api/cameras/porch/recordings");
                JsonNode last = null;
                for (JsonNode s : list.get("segments")) {
                    if (!s.get("open").asBoolean() && s.get("end").asLong() - s.get("start").asLong() >= 2_000) {
                        last = s;
                    }
                }
                assertTrue(last != null, list.toString());
                JsonNode idx = hub.getJson("/api/cameras/porch/recordings/" + last.get("id").asString() + ".json");
                assertEquals("opus", idx.path("audio").asString(), idx.toString());
                return last;
            });
            String id = closed.get("id").asString();
            Path file;
            try (var files = Files.list(root.resolve("porch"))) {
                file = files.filter(p -> p.getFileName().toString().startsWith(id)).findFirst().orElseThrow();
            }
            JsonNode probe = Ffmpeg.probe(file);
            JsonNode v = probe.get("streams").get(0);
            JsonNode a = probe.get("streams").get(1);
            assertEquals("h264", v.get("codec_name").asString());
            assertEquals("opus", a.get("codec_name").asString());
            double seconds = (closed.get("end").asLong() - closed.get("start").asLong()) / 1000.0;
            assertEquals(seconds, a.get("duration").asDouble(), 0.05, "the sound lasts as long as the file's pictures");
            assertEquals("", Ffmpeg.decodeErrors(file));
            short[] pcm = Ffmpeg.pcm(file);
            double loudest = 0;
            for (double t = 0; t + 0.25 <= seconds; t += 0.25) {
                loudest = Math.max(loudest, Ffmpeg.rms(pcm, t, t + 0.25));
            }
            // Chromium's fake microphone beeps: the file holds what it heard, not the silence camgate fills holes with.
            assertTrue(loudest > 500, "the loudest quarter second has RMS " + loudest);
            System.out.printf("RecordingSoundTest: %s %.2f s, sound %.2f s, loudest RMS %.0f%n", file.getFileName(), seconds,
                    a.get("duration").asDouble(), loudest);

            // A clip from inside that file to its end keeps the sound, as long as its pictures: it starts at a keyframe
            // after the file's first, and takes every fragment's sound whole but the first's before its first picture.
            Path clip = root.resolve("clip.mp4");
            java.net.http.HttpResponse<Path> r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
                    .newBuilder(java.net.URI.create(base + "/api/cameras/porch/clip.mp4?from=" + (closed.get("start").asLong() + 1500)
                            + "&to=" + closed.get("end").asLong())).timeout(Duration.ofSeconds(20)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofFile(clip));
            assertEquals(200, r.statusCode());
            JsonNode clipProbe = Ffmpeg.probe(clip);
            assertEquals("opus", clipProbe.get("streams").get(1).get("codec_name").asString(), clipProbe.toString());
            double clipSeconds = (Long.parseLong(r.headers().firstValue("X-Clip-End").orElseThrow())
                    - Long.parseLong(r.headers().firstValue("X-Clip-Start").orElseThrow())) / 1000.0;
            assertEquals(clipSeconds, clipProbe.get("streams").get(1).get("duration").asDouble(), 0.05);
            assertEquals("", Ffmpeg.decodeErrors(clip));

            browser.open(base + "/playback?camera=porch&t=" + (closed.get("start").asLong() + 500));
            browser.waitFor("the recording to play", "window.camgate.player.state === 'playing'", LIVE);
            browser.waitFor("the sound switch", "!document.getElementById('sound').hidden", LIVE);
            assertTrue((Boolean) browser.js("return window.camgate.player.hasAudio"));
            Map<String, Object> decoded = Browser.within(LIVE, "Chromium to decode pictures and sound", () -> {
                Map<String, Object> m = browser.await("""
                        const v = document.getElementById('video');
                        const before = {frames: v.getVideoPlaybackQuality().totalVideoFrames, audio: v.webkitAudioDecodedByteCount};
                        await new Promise(r => setTimeout(r, 1000));
                        return {framesBefore: before.frames, framesAfter: v.getVideoPlaybackQuality().totalVideoFrames,
                                audioBefore: before.audio, audioAfter: v.webkitAudioDecodedByteCount, audioTracks: v.audioTracks ? v.audioTracks.length : -1};""");
                assertTrue(((Number) m.get("framesAfter")).longValue() > ((Number) m.get("framesBefore")).longValue(), m.toString());
                assertTrue(((Number) m.get("audioAfter")).longValue() > ((Number) m.get("audioBefore")).longValue(), m.toString());
                return m;
            });
            System.out.println("RecordingSoundTest: playback " + decoded);
            assertEquals("Sound off", browser.js("return document.getElementById('sound').textContent"));
            browser.click("#sound");
            assertFalse((Boolean) browser.js("return document.getElementById('video').muted"));
            assertEquals("Sound on", browser.js("return document.getElementById('sound').textContent"));
        }
    }
}
