package dev.camgate.recording;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camgate.auth.Tokens;
import dev.camgate.media.mp4.Ffmpeg;
import dev.camgate.media.mp4.TestStreams;
import dev.camgate.testing.TestHub;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The recordings API over HTTP against files made before the hub started (the index comes from the folder):
 * listing, Range, the fragment index, clips, rights, and hostile paths and ranges.
 */
class RecordingApiTest {
    static final String PLAYBACK = "playback-token-0123456789";
    static final String VIEWER = "viewer-token-0123456789";
    static final String OTHER = "other-camera-token-0123456789";
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final JsonMapper JSON = JsonMapper.builder().build();
    static Path root;
    static TestHub hub;
    static List<Segment> porch = new ArrayList<>();
    static Segment garden;
    static long t0;

    @BeforeAll
    static void start() throws Exception {
        root = Files.createTempDirectory("camgate-recordings");
        t0 = System.currentTimeMillis() - 3_600_000L;
        // Three 4 s files in a row, a gap, then one more; the garden has one of its own.
        List<byte[]> units = TestStreams.accessUnits(320, 240, 120, 30);
        SegmentWriter w = new SegmentWriter("porch", root.resolve("porch"), 4_000, 500, s -> {
            if (!s.open()) {
                porch.add(s);
            }
        });
        RtpPictures rtp = new RtpPictures(1);
        for (int i = 0; i < 360; i++) {
            w.picture(rtp.frame(units.get(i % 120), i * 3000L, t0 + i * 100L / 3));
        }
        w.close();
        for (int i = 0; i < 120; i++) {
            w.picture(rtp.frame(units.get(i), 2_000_000L + i * 3000L, t0 + 60_000 + i * 100L / 3));
        }
        w.close();
        SegmentWriter g = new SegmentWriter("garden", root.resolve("garden"), 4_000, 500, s -> garden = s);
        for (int i = 0; i < 60; i++) {
            g.picture(rtp.frame(units.get(i), i * 3000L, t0 + 500_000 + i * 100L / 3));
        }
        g.close();
        hub = TestHub.start("""
                auth:
                  tokens:
                    - {name: family, token_hash: "%s", rights: {porch: playback}}
                    - {name: guest, token_hash: "%s", rights: {porch: view}}
                    - {name: neighbour, token_hash: "%s", rights: {garden: playback}}
                recording: {path: "%s"}
                cameras:
                  - {id: porch, type: browser, key: porch-camera-key, record: true}
                  - {id: garden, type: browser, key: garden-camera-key, record: true}
                """.formatted(Tokens.hash(PLAYBACK), Tokens.hash(VIEWER), Tokens.hash(OTHER), root));
    }

    @AfterAll
    static void stop() {
        hub.close();
    }

    static HttpResponse<byte[]> get(String path, String token, String... headers) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.port() + path)).timeout(Duration.ofSeconds(20));
            if (token != null) {
                b.header("Authorization", "Bearer " + token);
            }
            for (int i = 0; i < headers.length; i += 2) {
                b.header(headers[i], headers[i + 1]);
            }
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (Exception e) {
            throw new AssertionError("GET " + path, e);
        }
    }

    static String text(HttpResponse<byte[]> r) {
        return new String(r.body(), java.nio.charset.StandardCharsets.UTF_8);
    }

    static JsonNode json(HttpResponse<byte[]> r) {
        assertEquals(200, r.statusCode(), text(r));
        return JSON.readTree(r.body());
    }

    @Test
    void theListShowsSpansAndFilesOfTheRangeAskedFor() {
        assertEquals(4, porch.size());
        JsonNode all = json(get("/api/cameras/porch/recordings", PLAYBACK));
        assertEquals(4, all.get("segments").size());
        JsonNode spans = all.get("spans");
        assertEquals(2, spans.size(), "three files in a row are one span; the gap splits it: " + spans);
        assertEquals(t0, spans.get(0).get("start").asLong());
        assertEquals(t0 + 12_000, spans.get(0).get("end").asLong(), 2);
        assertEquals(t0 + 60_000, spans.get(1).get("start").asLong());
        JsonNode some = json(get("/api/cameras/porch/recordings?from=" + (t0 + 5_000) + "&to=" + (t0 + 9_000), PLAYBACK));
        assertEquals(2, some.get("segments").size(), some.toString());
        JsonNode iso = json(get("/api/cameras/porch/recordings?from=" + java.time.Instant.ofEpochMilli(t0 + 59_000) + "&to="
                + java.time.Instant.ofEpochMilli(t0 + 61_000), PLAYBACK));
        assertEquals(porch.get(3).id(), iso.get("segments").get(0).get("id").asString());
        assertEquals("waiting", all.get("recording").get("state").asString(), "no camera has connected");
    }

    @Test
    void aFileIsServedWholeOrByRangeAndItsIndexPointsAtItsFragments() throws Exception {
        Segment s = porch.get(1);
        byte[] onDisk = Files.readAllBytes(s.path());
        HttpResponse<byte[]> whole = get("/api/cameras/porch/recordings/" + s.id() + ".mp4", PLAYBACK);
        assertEquals(200, whole.statusCode());
        assertArrayEquals(onDisk, whole.body());
        assertEquals("video/mp4", whole.headers().firstValue("Content-Type").orElse(""));
        assertEquals("bytes", whole.headers().firstValue("Accept-Ranges").orElse(""));

        JsonNode index = json(get("/api/cameras/porch/recordings/" + s.id() + ".json", PLAYBACK));
        assertEquals(320, index.get("width").asInt());
        assertTrue(index.get("codec").asString().startsWith("avc1.42"), index.get("codec").asString());
        JsonNode fragments = index.get("fragments");
        assertTrue(fragments.size() >= 8, "a fragment every 500 ms or keyframe: " + fragments.size());
        assertTrue(fragments.get(0).get("key").asBoolean());
        assertEquals(0, fragments.get(0).get("time").asLong());
        JsonNode f = fragments.get(2);
        long off = f.get("offset").asLong();
        long size = f.get("size").asLong();
        HttpResponse<byte[]> part = get("/api/cameras/porch/recordings/" + s.id() + ".mp4", PLAYBACK, "Range", "bytes=" + off + "-" + (off + size - 1));
        assertEquals(206, part.statusCode());
        assertEquals("bytes " + off + "-" + (off + size - 1) + "/" + onDisk.length, part.headers().firstValue("Content-Range").orElse(""));
        assertArrayEquals(Arrays.copyOfRange(onDisk, (int) off, (int) (off + size)), part.body());
        assertEquals("moof", new String(part.body(), 4, 4, java.nio.charset.StandardCharsets.US_ASCII), "a Range at a fragment's offset starts with its moof");
        HttpResponse<byte[]> tail = get("/api/cameras/porch/recordings/" + s.id() + ".mp4", PLAYBACK, "Range", "bytes=-100");
        assertArrayEquals(Arrays.copyOfRange(onDisk, onDisk.length - 100, onDisk.length), tail.body());
    }

    @Test
    void aClipIsOneFileCutAtTheKeyframeBeforeItsStart() throws Exception {
        Ffmpeg.assumePresent();
        long from = t0 + 2_500;
        long to = t0 + 7_500;
        HttpResponse<byte[]> clip = get("/api/cameras/porch/clip.mp4?from=" + from + "&to=" + to, PLAYBACK);
        assertEquals(200, clip.statusCode(), text(clip));
        assertTrue(clip.headers().firstValue("Content-Disposition").orElse("").contains("attachment; filename=\"porch-"));
        long start = Long.parseLong(clip.headers().firstValue("X-Clip-Start").orElseThrow());
        assertEquals(t0 + 2_000, start, 2, "keyframes every second: the one at 2 s starts it");
        Path file = Files.createTempFile(root, "clip", ".mp4");
        Files.write(file, clip.body());
        JsonNode probe = Ffmpeg.probe(file);
        assertEquals("h264", probe.get("streams").get(0).get("codec_name").asString());
        assertEquals(5.5, probe.get("format").get("duration").asDouble(), 0.05, "from the keyframe at 2 s to 7.5 s, across two files");
        assertEquals(165, probe.get("streams").get(0).get("nb_read_frames").asInt());
        assertEquals("", Ffmpeg.decodeErrors(file));
    }

    @Test
    void aKeyframeOfARecordingIsAThumbnailForTheTimeline() throws Exception {
        HttpResponse<byte[]> r = get("/api/cameras/porch/recordings/frame.jpg?at=" + (t0 + 2_500) + "&width=160", PLAYBACK);
        assertEquals(200, r.statusCode(), text(r));
        assertEquals("image/jpeg", r.headers().firstValue("Content-Type").orElse(""));
        assertEquals(t0 + 2_000, Long.parseLong(r.headers().firstValue("X-Frame-Time").orElseThrow()), 2, "the keyframe at or before the moment");
        java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(r.body()));
        assertEquals(160, image.getWidth());
        assertEquals(120, image.getHeight());
        // The test card: red top left, blue bottom left (JCodec's encoder is lossy, so roughly).
        int topLeft = image.getRGB(20, 20);
        int bottomLeft = image.getRGB(20, 100);
        assertTrue((topLeft >> 16 & 0xFF) > 180 && (topLeft & 0xFF) < 90, Integer.toHexString(topLeft));
        assertTrue((bottomLeft & 0xFF) > 180 && (bottomLeft >> 16 & 0xFF) < 90, Integer.toHexString(bottomLeft));
        assertEquals(404, get("/api/cameras/porch/recordings/frame.jpg?at=" + (t0 + 30_000), PLAYBACK).statusCode(), "a gap has no picture");
        assertEquals(400, get("/api/cameras/porch/recordings/frame.jpg?at=" + t0 + "&width=99999", PLAYBACK).statusCode());
        assertEquals(400, get("/api/cameras/porch/recordings/frame.jpg", PLAYBACK).statusCode());
        assertEquals(403, get("/api/cameras/porch/recordings/frame.jpg?at=" + t0, VIEWER).statusCode());
    }

    @Test
    void rightsAreThoseOfPlaybackNotOfLiveView() {
        String seg = "/api/cameras/porch/recordings/" + porch.get(0).id() + ".mp4";
        for (String path : List.of("/api/cameras/porch/recordings", seg, "/api/cameras/porch/clip.mp4?from=1&to=2")) {
            assertEquals(403, get(path, VIEWER).statusCode(), "view is live only: " + path);
            assertEquals(403, get(path, OTHER).statusCode(), path);
            assertEquals(401, get(path, null).statusCode(), path);
        }
        assertEquals(200, get("/api/cameras/porch", VIEWER).statusCode(), "the guest still sees the camera live");
        assertEquals(200, get("/api/cameras/garden/recordings", OTHER).statusCode());
        assertEquals(403, get("/api/cameras/garden/recordings", PLAYBACK).statusCode());
    }

    @Test
    void hostilePathsAndRangesGetClearRefusals() {
        String gardenFile = garden.id();
        String[] notFound = {
            "/api/cameras/porch/recordings/" + gardenFile + ".mp4", // the garden's file under the porch
            "/api/cameras/porch/recordings/..%2Fgarden%2F" + gardenFile + ".mp4",
            "/api/cameras/porch/recordings/../garden/recordings/" + gardenFile + ".mp4",
            "/api/cameras/porch/recordings/%2e%2e.mp4",
            "/api/cameras/porch/recordings/20261301T000000000Z.mp4", // month 13
            "/api/cameras/porch/recordings/" + porch.get(0).id() + ".mp4.json",
            "/api/cameras/porch/recordings/" + porch.get(0).path().getFileName(), // the file name on disk is not an id
        };
        for (String path : notFound) {
            HttpResponse<byte[]> r = get(path, PLAYBACK);
            assertTrue(r.statusCode() == 404 || r.statusCode() == 403 || r.statusCode() == 400, path + " -> " + r.statusCode() + " " + text(r));
            assertTrue(!text(r).contains("moof") && r.body().length < 1000, path);
        }
        String base = "/api/cameras/porch/recordings";
        HttpResponse<byte[]> inverted = get(base + "?from=" + (t0 + 1000) + "&to=" + t0, PLAYBACK);
        assertEquals(400, inverted.statusCode());
        assertTrue(text(inverted).contains("must be after"), text(inverted));
        HttpResponse<byte[]> huge = get(base + "?from=0&to=" + System.currentTimeMillis(), PLAYBACK);
        assertEquals(400, huge.statusCode());
        assertTrue(text(huge).contains("at most 31d"), text(huge));
        HttpResponse<byte[]> junk = get(base + "?from=yesterday", PLAYBACK);
        assertEquals(400, junk.statusCode());
        assertTrue(text(junk).contains("from= 'yesterday' is not a time"), text(junk));
        assertEquals(400, get(base + "?from=99999999999999999999", PLAYBACK).statusCode());
        HttpResponse<byte[]> longClip = get("/api/cameras/porch/clip.mp4?from=" + t0 + "&to=" + (t0 + 7_200_000), PLAYBACK);
        assertEquals(400, longClip.statusCode());
        assertTrue(text(longClip).contains("at most 1h"), text(longClip));
        assertEquals(400, get("/api/cameras/porch/clip.mp4?from=" + t0, PLAYBACK).statusCode(), "a clip needs both ends");
        HttpResponse<byte[]> empty = get("/api/cameras/porch/clip.mp4?from=" + (t0 + 30_000) + "&to=" + (t0 + 40_000), PLAYBACK);
        assertEquals(404, empty.statusCode());
        assertTrue(text(empty).contains("has no recording between"), text(empty));

        String file = "/api/cameras/porch/recordings/" + porch.get(0).id() + ".mp4";
        long size = porch.get(0).bytes();
        HttpResponse<byte[]> beyond = get(file, PLAYBACK, "Range", "bytes=" + size + "-");
        assertEquals(416, beyond.statusCode());
        assertEquals("bytes */" + size, beyond.headers().firstValue("Content-Range").orElse(""));
        for (String odd : List.of("bytes=5-1", "bytes=0-1,5-9", "lines=0-5", "bytes=abc", "bytes=999999999999999999999-")) {
            HttpResponse<byte[]> r = get(file, PLAYBACK, "Range", odd);
            assertEquals(200, r.statusCode(), "an unreadable Range is ignored (RFC 9110): " + odd);
            assertEquals(size, r.body().length);
        }
        HttpResponse<byte[]> huge2 = get(file, PLAYBACK, "Range", "bytes=0-99999999999999");
        assertEquals(206, huge2.statusCode());
        assertEquals(size, huge2.body().length, "a range past the end is cut to the end");
        // And the hub is still well.
        assertEquals(200, get("/api/cameras/porch/recordings", PLAYBACK).statusCode());
    }
}
