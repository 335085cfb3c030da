package dev.camgate.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camgate.media.mp4.Ffmpeg;
import dev.camgate.testing.TestHub;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A relayed Chromium camera recorded with nobody watching: camgate stays connected past the relay's grace
 * time, writes segments that each pass ffprobe with the camera's codec, size and length, with no gap between
 * them, and the file being written plays as far as the index says at any moment.
 */
class RecordingVideoTest {
    static final Duration LIVE = Duration.ofSeconds(20);
    static TestHub hub;
    static Path root;

    @BeforeAll
    static void startHub() throws Exception {
        root = Files.createTempDirectory("camgate-recording-video");
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

    static double recordedSeconds(JsonNode list) {
        double total = 0;
        for (JsonNode s : list.get("spans")) {
            total += (s.get("end").asLong() - s.get("start").asLong()) / 1000.0;
        }
        return total;
    }

    @Test
    void aCameraNobodyWatchesIsRecordedInGaplessSegmentsThatEachPlay() throws Exception {
        Ffmpeg.assumePresent();
        JsonNode relay;
        try (Browser browser = Browser.launch()) {
            browser.open("http://127.0.0.1:" + hub.port() + "/publish?camera=porch&key=porch-secret-key&autostart=1");
            browser.waitFor("the publish page to be live", "window.camgate.publisher.state === 'live'", LIVE);
            Browser.within(LIVE, "recording to start", () -> {
                JsonNode r = hub.getJson("/api/cameras/porch").get("recording");
                assertEquals("recording", r.get("state").asString(), r.toString());
                return r;
            });
            // 14 s of video: past the relay's 10 s grace with no viewer, and across three rotations.
            Browser.within(Duration.ofSeconds(60), "14 s recorded", () -> {
                double s = recordedSeconds(hub.getJson("/api/cameras/porch/recordings"));
                assertTrue(s >= 14, "recorded " + s + " s");
                return s;
            });
            JsonNode camera = hub.getJson("/api/cameras/porch");
            assertEquals(0, camera.get("viewers").asInt());
            relay = camera.get("relay");
            assertTrue(relay.get("live").asBoolean(), "camgate keeps a recorded camera connected with nobody watching");

            // The file being written plays as far as the index says, as it would after a crash now (once it holds a
            // second of pictures: just after a rotation it is an init alone, which no player plays).
            JsonNode open = Browser.within(LIVE, "a file being written with a second in it", () -> {
                for (JsonNode s : hub.getJson("/api/cameras/porch/recordings").get("segments")) {
                    if (s.get("open").asBoolean() && s.get("end").asLong() - s.get("start").asLong() >= 1000) {
                        return s;
                    }
                }
                throw new AssertionError("no file being written holds a second yet");
            });
            Path growing;
            try (var files = Files.list(root.resolve("porch"))) {
                String id = open.get("id").asString();
                growing = files.filter(p -> p.getFileName().toString().startsWith(id)).findFirst().orElseThrow();
            }
            Path copy = Files.createTempFile(root, "open", ".mp4");
            Files.write(copy, java.util.Arrays.copyOf(Files.readAllBytes(growing), (int) open.get("bytes").asLong()));
            assertEquals("", Ffmpeg.decodeErrors(copy));
            Files.delete(copy);
        }
        // The camera left with the browser: the last file is closed, and the status says why nothing is written.
        JsonNode list = Browser.within(LIVE, "the last file to close", () -> {
            JsonNode l = hub.getJson("/api/cameras/porch/recordings");
            for (JsonNode s : l.get("segments")) {
                assertFalse(s.get("open").asBoolean(), l.toString());
            }
            assertEquals("waiting", l.get("recording").get("state").asString());
            return l;
        });
        assertTrue(list.get("recording").get("reason").asString().contains("camera offline"), list.get("recording").toString());
        assertEquals(1, list.get("spans").size(), "no gap between files: " + list.get("spans"));
        List<JsonNode> segments = new ArrayList<>();
        list.get("segments").forEach(segments::add);
        assertTrue(segments.size() >= 4, segments.size() + " files");
        long previousEnd = -1;
        java.util.Set<String> sizes = new java.util.HashSet<>();
        for (JsonNode s : segments) {
            long start = s.get("start").asLong();
            long end = s.get("end").asLong();
            if (previousEnd >= 0) {
                assertTrue(Math.abs(start - previousEnd) <= 50, "file " + s.get("id") + " starts " + (start - previousEnd) + " ms after the last ended");
            }
            previousEnd = end;
            Path file;
            try (var files = Files.list(root.resolve("porch"))) {
                file = files.filter(p -> p.getFileName().toString().startsWith(s.get("id").asString())).findFirst().orElseThrow();
            }
            JsonNode probe = Ffmpeg.probe(file);
            JsonNode v = probe.get("streams").get(0);
            assertEquals("h264", v.get("codec_name").asString());
            // Chromium starts small and grows the picture as its bandwidth estimate rises; each size is a file of its own.
            JsonNode index = hub.getJson("/api/cameras/porch/recordings/" + s.get("id").asString() + ".json");
            assertEquals(index.get("width").asInt(), v.get("width").asInt());
            assertEquals(index.get("height").asInt(), v.get("height").asInt());
            sizes.add(v.get("width").asInt() + "x" + v.get("height").asInt());
            double seconds = probe.get("format").get("duration").asDouble();
            assertEquals((end - start) / 1000.0, seconds, 0.1, file.getFileName().toString());
            assertEquals("", Ffmpeg.decodeErrors(file), file.getFileName().toString());
            assertTrue(v.get("nb_read_frames").asInt() >= seconds * 10, "frames: " + v.get("nb_read_frames") + " in " + seconds + " s");
            System.out.println("RecordingVideoTest: " + file.getFileName() + " " + v.get("width") + "x" + v.get("height") + ", "
                    + v.get("nb_read_frames") + " frames, " + seconds + " s, " + Files.size(file) + " bytes");
        }
        assertTrue(sizes.contains(relay.get("width").asInt() + "x" + relay.get("height").asInt()), sizes + " vs the relay's " + relay);
    }
}
