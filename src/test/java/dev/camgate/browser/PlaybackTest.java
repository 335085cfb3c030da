package dev.camgate.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camgate.testing.TestHub;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Recordings played back: a relayed browser camera with {@code record: true} is recorded to fMP4 for about ten
 * seconds; the playback page's timeline shows the span, a click into it plays from that moment through Media
 * Source Extensions (decoded, moving, non-black frames at the wall time clicked), the keyboard steps back into
 * the gap before the recording and the page jumps to its start, and a clip downloads as an H.264 MP4 of the
 * length asked for (ffprobe).
 */
class PlaybackTest {
    static final Duration LIVE = Duration.ofSeconds(20);
    static final long KEYFRAME_MILLIS = 1000;
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static Path folder;
    static TestHub hub;
    static String base;

    @BeforeAll
    static void startHub() throws IOException {
        folder = Files.createTempDirectory("camgate-recordings-");
        hub = TestHub.start("""
                recording:
                  path: %s
                  segment: 4s
                  fragment: 500ms
                  keyframe_interval: 1s
                cameras:
                  - {id: porch, name: Porch, type: browser, key: porch-secret-key, relay: true, record: true}
                """.formatted(folder));
        base = "http://127.0.0.1:" + hub.port();
    }

    @AfterAll
    static void stopHub() throws IOException {
        hub.close();
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void aClickOnTheTimelinePlaysTheRecordingFromThereAndAClipDownloads() throws Exception {
        try (Browser browser = Browser.launch()) {
            RelayPages.publish(browser, base, "porch", "porch-secret-key");
            Browser.within(LIVE, "camgate to record the porch", () -> {
                JsonNode rec = hub.getJson("/api/cameras/porch/recordings").path("recording");
                assertEquals("recording", rec.path("state").asString(), rec.toString());
                return rec;
            });
            // Ten seconds of video to play back; the API is then asked whether that much was recorded.
            Browser.sleep(10_000);
            JsonNode span = Browser.within(LIVE, "a recorded span of at least 9 s", () -> {
                JsonNode spans = hub.getJson("/api/cameras/porch/recordings").path("spans");
                assertTrue(spans.size() >= 1, "no spans: " + spans);
                JsonNode last = spans.get(spans.size() - 1);
                assertTrue(last.path("end").asLong() - last.path("start").asLong() >= 9000, "span too short: " + last);
                return last;
            });
            long spanStart = span.path("start").asLong();
            JsonNode segments = hub.getJson("/api/cameras/porch/recordings").path("segments");
            assertTrue(segments.size() >= 2, "4 s segments: ten seconds make several files: " + segments);

            browser.open(base + "/playback?camera=porch");
            browser.waitFor("the timeline to show the recorded span", "window.camgate.timeline.spans.length > 0"
                    + " && document.querySelectorAll('#timeline .tl-span').length > 0", LIVE);
            assertEquals("● REC", browser.js("return document.getElementById('rec').textContent"));
            browser.click("button.zoom[data-minutes='10']");
            browser.waitFor("the 10-minute window", "window.camgate.timeline.width === 600000", LIVE);

            // A real click 3 s into the span: where that is in the timeline's pixels.
            long asked = spanStart + 3000;
            Number x = (Number) browser.js("const tl = window.camgate.timeline; const r = tl.el.getBoundingClientRect();"
                    + " return (arguments[0] - tl.from) / tl.width * r.width;", asked);
            browser.js("window.__click = null; document.getElementById('timeline').addEventListener('pointerdown',"
                    + " (e) => { window.__click = e.timeStamp; }, {capture: true, once: true});");
            browser.clickAt("#timeline", (int) Math.round(x.doubleValue()), 20);
            long target = ((Number) browser.js("return window.camgate.timeline.head")).longValue();
            assertTrue(Math.abs(target - asked) < 1500, "the click landed at " + (target - asked) + " ms from 3 s into the span");
            assertTrue(target > spanStart && target < span.path("end").asLong(), "the click is inside the span");

            browser.waitFor("the first frame after the click", "window.camgate.player.timing.firstFrameAt > 0", Duration.ofSeconds(10));
            Map<String, Object> timing = browser.await("""
                    const p = window.camgate.player;
                    return {click: window.__click, frame: p.timing.firstFrameAt, seek: p.timing.seekAt, wall: p.timing.wall};""");
            double clickToFrame = ((Number) timing.get("frame")).doubleValue() - ((Number) timing.get("click")).doubleValue();
            long firstWall = ((Number) timing.get("wall")).longValue();
            System.out.printf("PlaybackTest: click to first frame %.0f ms (seek call to frame %.0f ms); first frame at %+d ms from the moment clicked%n",
                    clickToFrame, ((Number) timing.get("frame")).doubleValue() - ((Number) timing.get("seek")).doubleValue(), firstWall - target);
            assertTrue(Math.abs(firstWall - target) < 500, "the first frame shown is the moment clicked: " + (firstWall - target) + " ms off");
            assertTrue(clickToFrame < 2000, "click to first frame took " + clickToFrame + " ms");

            Map<String, Object> proof = Browser.within(LIVE, "decoded, moving, non-black video in the playback page", () -> {
                Map<String, Object> m = browser.await(PROOF);
                assertTrue(num(m, "framesAfter") > num(m, "framesBefore") && num(m, "framesBefore") > 0, "frames are not presented: " + m);
                assertTrue(num(m, "timeAfter") > num(m, "timeBefore") + 0.5, "currentTime does not advance: " + m);
                assertTrue(num(m, "width") > 0 && num(m, "height") > 0, "no picture size: " + m);
                assertTrue(num(m, "bright") > 64 * 48 / 4, "the picture is black: " + m);
                assertTrue(num(m, "changed") > 20, "the picture does not move: " + m);
                return m;
            });
            System.out.println("PlaybackTest: playback " + proof);
            assertEquals("playing", browser.js("return window.camgate.player.state"), (String) browser.js("return window.camgate.player.detail"));
            assertEquals("Playing", browser.js("return document.getElementById('state').textContent"));
            String shown = (String) browser.js("return document.getElementById('clock').textContent");
            assertTrue(shown.matches("\\d\\d:\\d\\d:\\d\\d"), "the clock shows HH:MM:SS: " + shown);

            // A drag (scrub) from there to 7 s into the span plays from where it was let go.
            long dragTo = spanStart + 7000;
            Number x7 = (Number) browser.js("const tl = window.camgate.timeline; const r = tl.el.getBoundingClientRect();"
                    + " return (arguments[0] - tl.from) / tl.width * r.width;", dragTo);
            browser.drag("#timeline", (int) Math.round(x.doubleValue()), (int) Math.round(x7.doubleValue()), 20);
            long released = ((Number) browser.js("return window.camgate.timeline.head")).longValue();
            assertTrue(Math.abs(released - dragTo) < 1500, "the drag ended " + (released - dragTo) + " ms from 7 s into the span");
            browser.waitFor("playing from where the drag ended", "window.camgate.player.state === 'playing'"
                    + " && Math.abs(window.camgate.player.wallTime - " + released + ") < 1500", LIVE);

            // The keyboard: Shift+Left, a minute back, lands before the recording began; the page says so and
            // plays from the span's start.
            // What the slider says right after the key (registered after the page's own handler, so it runs after it).
            browser.js("const tl = document.getElementById('timeline'); tl.addEventListener('keydown',"
                    + " (e) => { if (e.key === 'ArrowLeft') window.__valueText = tl.getAttribute('aria-valuetext'); });");
            browser.press(org.openqa.selenium.Keys.chord(org.openqa.selenium.Keys.SHIFT, org.openqa.selenium.Keys.ARROW_LEFT));
            String valueText = (String) browser.js("return window.__valueText");
            assertTrue(valueText.endsWith(", no recording"), "the slider tells where it is: " + valueText);
            browser.waitFor("the gap message", "document.getElementById('detail').textContent.startsWith('Recording gap – jumping to')", LIVE);
            browser.waitFor("playing again after the gap", "window.camgate.player.state === 'playing'", LIVE);
            long afterGap = ((Number) browser.js("return Math.round(window.camgate.player.wallTime)")).longValue();
            assertTrue(afterGap >= spanStart - 100 && afterGap < spanStart + 3000, "played on from the span's start: " + (afterGap - spanStart) + " ms after it");

            browser.saveScreenshot("playback-desktop");

            // 4x, on into the next file: its init and fragments follow the first one's without a stop.
            long secondFile = segments.get(1).path("start").asLong();
            long t0 = System.nanoTime();
            browser.click("button.speed[data-rate='4']");
            assertEquals(4.0, ((Number) browser.js("return document.getElementById('video').playbackRate")).doubleValue());
            browser.waitFor("playback past the start of the second file", "window.camgate.player.wallTime > " + (secondFile + 1500)
                    + " && window.camgate.player.state === 'playing'", LIVE);
            browser.click("button.speed[data-rate='1']");
            long t1 = System.nanoTime();

            // The bar's right end is now: playback there is near live and goes on as camgate writes (an open
            // file's index is fetched again, and the next file follows when it rotates after 4 s).
            long now = hub.getJson("/api/cameras/porch/recordings").path("now").asLong();
            Number end = (Number) browser.js("return document.getElementById('timeline').getBoundingClientRect().width");
            browser.clickAt("#timeline", end.intValue() - 2, 20);
            browser.waitFor("near-live playback 5 s past the moment clicked", "window.camgate.player.wallTime > " + (now + 5000)
                    + " && window.camgate.player.state === 'playing'", LIVE);
            System.out.printf("PlaybackTest: into the second file at 4x in %d ms; near live 5 s on in %d ms%n",
                    (t1 - t0) / 1_000_000, (System.nanoTime() - t1) / 1_000_000);
            Map<String, Object> live = browser.await(PROOF);
            assertTrue(num(live, "framesAfter") > num(live, "framesBefore") && num(live, "changed") > 20, "near-live video moves: " + live);
            assertContrast(browser);

            // The strip under the timeline: pictures camgate decoded from the recordings; one plays from its moment.
            browser.waitFor("a picture in the strip", "[...document.querySelectorAll('#thumbs img')].some(i => !i.hidden && i.naturalWidth > 0)", LIVE);
            long pictured = Long.parseLong((String) browser.js("return document.querySelector('#thumbs button.thumb-slot').dataset.at"));
            browser.click("#thumbs button.thumb-slot");
            browser.waitFor("playing from the picture's moment", "window.camgate.player.state === 'playing'"
                    + " && Math.abs(window.camgate.player.wallTime - " + pictured + ") < 1500", LIVE);

            // The clip form starts as the minute around the playhead.
            browser.click("#clip summary");
            browser.waitFor("the clip form's default times", "document.getElementById('clip-from').value !== ''", LIVE);
            Number minute = (Number) browser.js("return new Date(document.getElementById('clip-to').value) - new Date(document.getElementById('clip-from').value)");
            assertTrue(minute.longValue() > 0 && minute.longValue() <= 60_000, "the clip form's default: " + minute + " ms");
            clip();

            // Where people come from: the dashboard card (REC badge, Recordings link) and the viewer.
            browser.open(base + "/");
            browser.waitFor("the REC badge on the porch card", "!document.querySelector('[data-camera=porch] .rec-badge').hidden", LIVE);
            browser.waitFor("the Recordings link on the porch card", "!document.querySelector('[data-camera=porch] a.recordings').hidden", LIVE);
            assertEquals(base + "/playback?camera=porch", browser.js("return document.querySelector('[data-camera=porch] a.recordings').href"));
            assertEquals(true, browser.js("return document.querySelector('[data-camera=porch] .rec-line').hidden"), "no 'recording stopped' line");
            assertContrast(browser);
            browser.saveScreenshot("dashboard-recorded");
            browser.open(base + "/view?camera=porch&autoplay=0");
            browser.waitFor("the viewer's Recordings link", "!document.getElementById('recordings').hidden", LIVE);
            assertEquals(base + "/playback?camera=porch", browser.js("return document.getElementById('recordings').href"));

            // On a phone: nothing sticks out sideways, and the timeline and controls are on the screen.
            browser.viewport(390, 844);
            browser.open(base + "/playback?camera=porch");
            browser.waitFor("the timeline on a phone", "document.querySelectorAll('#timeline .tl-span').length > 0", LIVE);
            assertEquals("", browser.js(PHONE_PROBLEMS, java.util.List.of("timeline", "play", "clock", "live", "earlier", "later", "state", "rec")),
                    "/playback at 390x844");
            browser.saveScreenshot("playback-phone");
        }
    }

    @Test
    void withoutThePlaybackRightThePageSaysSoAndNoPageLinksToIt() throws IOException {
        Path own = Files.createTempDirectory("camgate-recordings-");
        try (TestHub viewOnly = TestHub.start("""
                auth:
                  users:
                    - {name: bob, password_hash: "%s", rights: {"*": view}}
                recording:
                  path: %s
                cameras:
                  - {id: porch, name: Porch, type: browser, key: porch-secret-key, relay: true, record: true}
                """.formatted(dev.camgate.auth.Passwords.hash("bob-password-12".toCharArray()), own));
                Browser browser = Browser.launch()) {
            String at = "http://127.0.0.1:" + viewOnly.port();
            browser.open(at + "/login?next=%2F");
            browser.js("document.querySelector('input[name=name]').value = 'bob';"
                    + "document.querySelector('input[name=password]').value = 'bob-password-12';"
                    + "document.querySelector('input[name=name]').form.submit()");
            browser.waitFor("the dashboard after logging in", "location.pathname === '/' && !!document.querySelector('[data-camera=porch]')", LIVE);
            Map<String, Object> seen = browser.await("const c = await (await fetch('api/cameras/porch')).json();"
                    + " const r = await fetch('api/cameras/porch/recordings'); return {recorded: !!c.recording, status: r.status};");
            assertEquals(Map.of("recorded", true, "status", 403L), seen, "bob sees that the porch is recorded, but not its recordings");
            assertEquals(true, browser.js("return document.querySelector('[data-camera=porch] a.recordings').hidden"), "no Recordings link for bob");
            browser.open(at + "/playback?camera=porch");
            browser.waitFor("the page to refuse in words", "document.getElementById('state').textContent === 'Error'", LIVE);
            String detail = (String) browser.js("return document.getElementById('detail').textContent");
            assertTrue(detail.contains("not its recordings") || detail.contains("playback right"), detail);
            assertEquals(true, browser.js("return document.getElementById('play').disabled"), "nothing to play");
            assertEquals(at + "/view?camera=porch", browser.js("return document.getElementById('live').href"), "Live still works");
        } finally {
            try (Stream<Path> files = Files.walk(own)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** AccessibilityTest's AA contrast check, in both themes, over this page's own pieces of text too. */
    static void assertContrast(Browser browser) {
        String check = AccessibilityTest.LOW_CONTRAST.replace("'.badge, ",
                "'.badge, .rec-badge, .clock, .tl-label, .tl-range, .tl-legend, .rec-line, summary, .detail, ");
        assertTrue(!check.equals(AccessibilityTest.LOW_CONTRAST), "the selector list of AccessibilityTest.LOW_CONTRAST changed");
        for (String theme : java.util.List.of("dark", "light")) {
            browser.emulateMedia("prefers-color-scheme", theme);
            browser.waitFor("colour transitions to end", "document.getAnimations().length === 0", LIVE);
            assertEquals("", browser.js(check), "text under 4.5:1 in the " + theme + " theme on " + browser.url());
        }
    }

    /** Elements (by id) that are outside the viewport's width or smaller than a finger; the page's width. */
    static final String PHONE_PROBLEMS = """
            const out = [];
            if (document.documentElement.scrollWidth > innerWidth) out.push('page ' + document.documentElement.scrollWidth + ' px wide');
            for (const id of arguments[0]) {
              const r = document.getElementById(id).getBoundingClientRect();
              if (r.left < 0 || r.right > innerWidth + 0.5 || r.bottom > innerHeight + 0.5) out.push(id + ' off screen ' + JSON.stringify(r));
              if (r.width === 0 || r.height === 0) out.push(id + ' not shown');
            }
            for (const b of document.querySelectorAll('main button')) {
              const r = b.getBoundingClientRect();
              if (r.height < 32) out.push(b.textContent + ' only ' + r.height + ' px high');
            }
            return out.join('; ');
            """;

    /**
     * A clip of 3 s: H.264, starting at the keyframe at or before from= (the index's last keyframe fragment there),
     * as long as asked plus that lead, which is less than one keyframe interval. One MP4 holds one picture size
     * and Chromium's camera grows its size while bandwidth ramps up, so the clip is asked within a stretch of
     * files of one size.
     */
    void clip() throws Exception {
        record Stretch(long start, long end, int width, int height) {
        }
        Stretch stretch = Browser.within(LIVE, "4.5 s recorded at one picture size", () -> {
            Stretch current = null;
            Stretch best = null;
            for (JsonNode seg : hub.getJson("/api/cameras/porch/recordings").path("segments")) {
                if (seg.path("open").asBoolean()) {
                    continue;
                }
                JsonNode index = hub.getJson("/api/cameras/porch/recordings/" + seg.path("id").asString() + ".json");
                int w = index.path("width").asInt();
                int h = index.path("height").asInt();
                long s = seg.path("start").asLong();
                long e = seg.path("end").asLong();
                current = current != null && current.width == w && current.height == h && s - current.end < 100
                        ? new Stretch(current.start, e, w, h) : new Stretch(s, e, w, h);
                if (best == null || current.end - current.start > best.end - best.start) {
                    best = current;
                }
            }
            assertTrue(best != null && best.end - best.start >= 4500, "longest stretch of one size: " + best);
            return best;
        });
        long from = stretch.start + 1200;
        long to = from + 3000;
        long keyframe = -1;
        long widestGop = 0;
        long previousKey = -1;
        for (JsonNode seg : hub.getJson("/api/cameras/porch/recordings").path("segments")) {
            JsonNode index = hub.getJson("/api/cameras/porch/recordings/" + seg.path("id").asString() + ".json");
            for (JsonNode f : index.path("fragments")) {
                long t = seg.path("start").asLong() + f.path("time").asLong();
                if (!f.path("key").asBoolean()) {
                    continue;
                }
                if (t <= from) {
                    keyframe = t;
                }
                if (previousKey >= 0 && t < to) {
                    widestGop = Math.max(widestGop, t - previousKey);
                }
                previousKey = t;
            }
        }
        assertTrue(keyframe >= stretch.start, "no keyframe in the stretch before " + from);
        System.out.println("PlaybackTest: keyframes at most " + widestGop + " ms apart (asked for every " + KEYFRAME_MILLIS + " ms)");
        HttpResponse<Path> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/cameras/porch/clip.mp4?from=" + from + "&to=" + to))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofFile(folder.resolve("clip.mp4")));
        assertEquals(200, r.statusCode(), () -> readString(r.body()));
        long clipStart = Long.parseLong(r.headers().firstValue("X-Clip-Start").orElseThrow());
        assertTrue(Math.abs(clipStart - keyframe) <= 1, "the clip starts at the keyframe at or before from= (" + (keyframe - from)
                + " ms), not " + (clipStart - from) + " ms");
        Process ffprobe = new ProcessBuilder("ffprobe", "-v", "error", "-show_streams", "-of", "json", r.body().toString())
                .redirectErrorStream(true).start();
        String out = new String(ffprobe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(ffprobe.waitFor(20, TimeUnit.SECONDS) && ffprobe.exitValue() == 0, "ffprobe: " + out);
        JsonNode stream = JsonMapper.builder().build().readTree(out).path("streams").get(0);
        assertEquals("h264", stream.path("codec_name").asString(), out);
        double seconds = Double.parseDouble(stream.path("duration").asString());
        double wanted = (to - from) / 1000.0;
        System.out.printf("PlaybackTest: clip of %.1f s asked, %.3f s made, %dx%d, %d bytes, starts %d ms before from=%n",
                wanted, seconds, stream.path("width").asInt(), stream.path("height").asInt(), Files.size(r.body()), from - clipStart);
        double lead = (from - clipStart) / 1000.0;
        assertTrue(Math.abs(seconds - (wanted + lead)) < 0.15, "a clip of " + wanted + " s from a keyframe " + lead + " s before is "
                + seconds + " s long: " + out);
        assertTrue(lead < widestGop / 1000.0 + 0.001, "the clip starts within one keyframe interval of from=: " + lead + " s");
        assertEquals(stretch.width + "x" + stretch.height, stream.path("width").asInt() + "x" + stream.path("height").asInt(),
                "the clip has the picture size of its files: " + out);
    }

    /** As VideoProof, for a video element fed by MSE: presented frames, currentTime, and pixels, a second apart. */
    static final String PROOF = """
            const video = document.getElementById('video');
            const grab = () => {
              const c = document.createElement('canvas');
              c.width = 64; c.height = 48;
              const g = c.getContext('2d', {willReadFrequently: true});
              g.drawImage(video, 0, 0, 64, 48);
              return g.getImageData(0, 0, 64, 48).data;
            };
            const framesBefore = video.getVideoPlaybackQuality().totalVideoFrames;
            const timeBefore = video.currentTime;
            const a = grab();
            await new Promise(r => setTimeout(r, 1000));
            const q = video.getVideoPlaybackQuality();
            const b = grab();
            let bright = 0, changed = 0;
            for (let i = 0; i < b.length; i += 4) {
              const luma = 0.299 * b[i] + 0.587 * b[i + 1] + 0.114 * b[i + 2];
              if (luma > 16) bright++;
              if (Math.abs(a[i] - b[i]) + Math.abs(a[i + 1] - b[i + 1]) + Math.abs(a[i + 2] - b[i + 2]) > 30) changed++;
            }
            return {framesBefore, framesAfter: q.totalVideoFrames, dropped: q.droppedVideoFrames, timeBefore, timeAfter: video.currentTime,
                    width: video.videoWidth, height: video.videoHeight, bright, changed};
            """;

    private static double num(Map<String, Object> m, String key) {
        return m.get(key) instanceof Number n ? n.doubleValue() : 0;
    }

    private static String readString(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
