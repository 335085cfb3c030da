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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What recording does when camgate is killed with SIGKILL mid-file, with camgate as its own process: the earlier
 * fragments stay playable and listed, and recording resumes.
 */
class RecordingFailuresTest {
    static final Duration LIVE = Duration.ofSeconds(20);
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final JsonMapper JSON = JsonMapper.builder().build();

    static Path config(Path root, String extra) throws Exception {
        Path file = Files.createTempFile("camgate-recording", ".yaml");
        Files.writeString(file, """
                auth: none
                recording: {path: "%s", segment: 60s, fragment: 500ms, keyframe_interval: 1s%s}
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
        Path cfg = config(root, "");
        String cut;
        long listedBeforeKill;
        try (Browser browser = Browser.launch()) {
            CamgateProcess first = CamgateProcess.start("--config", cfg.toString());
            try {
                publish(browser, first);
                awaitState(first, "recording", null);
                JsonNode before = Browser.within(LIVE, "3 s in the file being written", () -> {
                    JsonNode l = recording(first);
                    assertTrue(l.get("spans").size() > 0 && openBytes(l) > 0 && l.get("spans").get(0).get("end").asLong() - l.get("spans").get(0).get("start").asLong() >= 3_000, l.toString());
                    return l;
                });
                listedBeforeKill = before.get("spans").get(0).get("end").asLong() - before.get("spans").get(0).get("start").asLong();
                cut = before.get("segments").get(0).get("id").asString();
            } finally {
                first.process.destroyForcibly(); // SIGKILL: no shutdown hook, no close
                assertTrue(first.process.waitFor(10, TimeUnit.SECONDS));
            }
            assertTrue(Files.exists(root.resolve("porch").resolve(cut + ".mp4")), "the file is left as it was being written");

            CamgateProcess second = CamgateProcess.start("--config", cfg.toString());
            try {
                second.awaitLine(l -> l.contains("left open by a crash and repaired"));
                JsonNode after = recording(second);
                JsonNode repaired = after.get("segments").get(0);
                assertEquals(cut, repaired.get("id").asString());
                assertFalse(repaired.get("open").asBoolean());
                long kept = repaired.get("end").asLong() - repaired.get("start").asLong();
                assertTrue(kept >= listedBeforeKill, "every fragment listed before the kill is kept: " + kept + " < " + listedBeforeKill);
                Path file;
                try (var files = Files.list(root.resolve("porch"))) {
                    file = files.filter(f -> f.getFileName().toString().startsWith(cut)).findFirst().orElseThrow();
                }
                assertEquals(cut + "_" + kept + ".mp4", file.getFileName().toString());
                assertEquals(kept / 1000.0, Ffmpeg.probe(file).get("format").get("duration").asDouble(), 0.1);
                assertEquals("", Ffmpeg.decodeErrors(file));

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
}
