package dev.camgate.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camgate.media.mp4.Ffmpeg;
import dev.camgate.testing.CamgateProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What recording does when things go wrong, with camgate as its own process: killed with SIGKILL mid-file (the
 * earlier fragments stay playable and listed, recording resumes), and a recording folder on a small tmpfs of
 * its own that fills up or turns read-only (live viewing goes on, the status says why, recording resumes by
 * itself when space or write access returns).
 */
class RecordingFailuresTest {
    static final Duration LIVE = Duration.ofSeconds(20);
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final JsonMapper JSON = JsonMapper.builder().build();

    static Path config(Path root, String extra) throws Exception {
        Path file = Files.createTempFile("camgate-recording", ".yaml");
        Files.writeString(file, """
                auth: none
                recording: {path: "%s", fragment: 500ms, keyframe_interval: 1s%s}
                cameras:
                  - {id: porch, type: browser, key: porch-secret-key, record: true}
                """.formatted(root, extra));
        return file;
    }

    static JsonNode api(CamgateProcess p, String path) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + p.port + path))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            return JSON.readTree(r.body());
        } catch (Exception e) {
            throw new AssertionError("GET " + path, e);
        }
    }

    static JsonNode recording(CamgateProcess p) {
        return api(p, "/api/cameras/porch/recordings");
    }

    static void publish(Browser browser, CamgateProcess p) {
        browser.open("http://127.0.0.1:" + p.port + "/publish?camera=porch&key=porch-secret-key&autostart=1");
        browser.waitFor("the publish page to be live", "window.camgate.publisher.state === 'live'", LIVE);
    }

    static JsonNode awaitState(CamgateProcess p, String state, String reasonPart) {
        return Browser.within(LIVE, "recording " + state, () -> {
            JsonNode r = recording(p).get("recording");
            assertEquals(state, r.get("state").asString(), r.toString());
            if (reasonPart != null) {
                assertTrue(r.get("reason").asString().contains(reasonPart), r.toString());
            }
            return r;
        });
    }

    static JsonNode openSegment(JsonNode list) {
        for (JsonNode s : list.get("segments")) {
            if (s.get("open").asBoolean()) {
                return s;
            }
        }
        return null;
    }

    static JsonNode segment(JsonNode list, String id) {
        for (JsonNode s : list.get("segments")) {
            if (s.get("id").asString().equals(id)) {
                return s;
            }
        }
        return null;
    }

    static long openBytes(JsonNode list) {
        for (JsonNode s : list.get("segments")) {
            if (s.get("open").asBoolean()) {
                return s.get("bytes").asLong();
            }
        }
        return -1;
    }

    @Test
    void afterKillMinus9TheEarlierFragmentsPlayAreListedAndRecordingResumes() throws Exception {
        Ffmpeg.assumePresent();
        Path root = Files.createTempDirectory("camgate-crash");
        Path cfg = config(root, ", segment: 60s");
        JsonNode before;
        try (Browser browser = Browser.launch()) {
            CamgateProcess first = CamgateProcess.start("--config", cfg.toString());
            try {
                publish(browser, first);
                awaitState(first, "recording", null);
                before = Browser.within(LIVE, "3 s in the file being written", () -> {
                    JsonNode l = recording(first);
                    JsonNode open = openSegment(l);
                    assertTrue(open != null && open.get("end").asLong() - open.get("start").asLong() >= 3_000, l.toString());
                    return l;
                });
            } finally {
                first.process.destroyForcibly(); // SIGKILL: no shutdown hook, no close
                assertTrue(first.process.waitFor(10, TimeUnit.SECONDS));
            }
            // Chromium may change its picture size at any moment, which starts a new file: the one open at the kill is
            // the one the directory holds under an open name, whether or not it is the one listed open just before.
            List<String> openNames;
            try (var files = Files.list(root.resolve("porch"))) {
                openNames = files.map(f -> f.getFileName().toString()).filter(n -> n.matches("\\d{8}T\\d{9}Z\\.mp4")).toList();
            }
            assertEquals(1, openNames.size(), "the file being written is left as it was: " + openNames);
            String cut = openNames.get(0).replace(".mp4", "");
            JsonNode listedOpen = openSegment(before);
            boolean sameFile = cut.equals(listedOpen.get("id").asString());
            System.out.println("RecordingFailuresTest: killed while writing " + cut + (sameFile ? "" : " (a new file since the listing of "
                    + listedOpen.get("id").asString() + ")"));

            CamgateProcess second = CamgateProcess.start("--config", cfg.toString());
            try {
                second.awaitLine(l -> l.contains("recordings: ") && l.contains(" files in "));
                JsonNode after = recording(second);
                // Nothing the index listed before the kill is lost, the file being written included.
                for (JsonNode s : before.get("segments")) {
                    JsonNode now = segment(after, s.get("id").asString());
                    assertTrue(now != null && !now.get("open").asBoolean() && now.get("end").asLong() >= s.get("end").asLong(),
                            "listed before the kill: " + s + ", after the restart: " + now);
                }
                JsonNode repaired = segment(after, cut);
                if (sameFile) {
                    assertTrue(repaired != null, "the file open at the kill holds the fragments listed then: " + after);
                }
                if (repaired == null) {
                    second.awaitLine(l -> l.contains(cut) && l.contains("held no complete fragment and was removed"));
                } else {
                    second.awaitLine(l -> l.contains("left open by a crash and repaired"));
                    long kept = repaired.get("end").asLong() - repaired.get("start").asLong();
                    Path file;
                    try (var files = Files.list(root.resolve("porch"))) {
                        file = files.filter(f -> f.getFileName().toString().startsWith(cut)).findFirst().orElseThrow();
                    }
                    assertEquals(cut + "_" + kept + ".mp4", file.getFileName().toString());
                    assertEquals(kept / 1000.0, Ffmpeg.probe(file).get("format").get("duration").asDouble(), 0.1);
                    assertEquals("", Ffmpeg.decodeErrors(file));
                }

                publish(browser, second);
                awaitState(second, "recording", null);
                Browser.within(LIVE, "a new file after the repaired one", () -> {
                    JsonNode l = recording(second);
                    assertTrue(l.get("segments").size() >= 2 && openBytes(l) > 0, l.toString());
                    return l;
                });
            } finally {
                second.close();
            }
        }
    }

    /** Runs a command inside camgate's mount namespace, where its recording tmpfs is. */
    static String inside(CamgateProcess p, String script) throws Exception {
        Process c = new ProcessBuilder("nsenter", "-t", String.valueOf(p.pid()), "-m", "sh", "-c", script).redirectErrorStream(true).start();
        String out = new String(c.getInputStream().readAllBytes());
        assertTrue(c.waitFor(20, TimeUnit.SECONDS));
        assertEquals(0, c.exitValue(), script + ": " + out);
        return out;
    }

    @Test
    void aFullOrReadOnlyDiskStopsRecordingNotViewingAndRecordingResumesByItself() throws Exception {
        Path root = Files.createTempDirectory("camgate-tmpfs");
        // The floor is 0 so that the disk really fills: the free-space rule has a test of its own (RecordingsTest).
        // Files of 4 s, so that a new one is opened soon after the folder turns read-only.
        Path cfg = config(root, ", min_free: 0, segment: 4s");
        List<String> ownTmpfs = List.of("unshare", "-m", "--propagation", "private", "sh", "-c",
                "mount -t tmpfs -o size=8m camgate-test-recordings '" + root + "' && exec \"$@\"", "sh");
        try (Browser browser = Browser.launch(); CamgateProcess hub = CamgateProcess.startWrapped(ownTmpfs, "--config", cfg.toString())) {
            publish(browser, hub);
            awaitState(hub, "recording", null);
            Browser camera = browser;
            try (Browser viewer = Browser.launch()) {
                viewer.open("http://127.0.0.1:" + hub.port + "/view?camera=porch");
                viewer.waitFor("the viewer to be live", "window.camgate.session.state === 'live'", LIVE);

                inside(hub, "dd if=/dev/zero of='" + root + "/filler' bs=64k 2>/dev/null; true");
                awaitState(hub, "stopped", "No space left on device");
                hub.awaitLine(l -> l.contains("recording of camera 'porch' stopped") && l.contains("live viewing goes on"));
                long frames = framesDecoded(viewer);
                Browser.within(LIVE, "the viewer still decoding", () -> {
                    assertTrue(framesDecoded(viewer) > frames + 10);
                    return true;
                });
                assertEquals("live", viewer.js("return window.camgate.session.state"));

                inside(hub, "rm '" + root + "/filler'");
                awaitState(hub, "recording", null);
                hub.awaitLine(l -> l.contains("recording of camera 'porch' resumed"));

                // A remount would be refused while camgate has a file open for writing ("busy"): a read-only bind mount
                // over the folder is what a disk that turns read-only looks like to the next file camgate opens.
                inside(hub, "mount --bind '" + root + "' '" + root + "' && mount -o remount,bind,ro '" + root + "'");
                awaitState(hub, "stopped", "Read-only file system");
                inside(hub, "umount '" + root + "'");
                awaitState(hub, "recording", null);
                JsonNode list = recording(hub);
                assertTrue(list.get("spans").size() >= 2, "the stops show as gaps: " + list.get("spans"));
                assertEquals("live", viewer.js("return window.camgate.session.state"));
            }
            assertEquals("live", camera.js("return window.camgate.publisher.state"));
        }
    }

    static long framesDecoded(Browser viewer) {
        Object n = viewer.js("const v = document.querySelector('video'); return v && v.getVideoPlaybackQuality ? v.getVideoPlaybackQuality().totalVideoFrames : 0");
        return ((Number) n).longValue();
    }
}
