package dev.camgate.recording;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camgate.media.mp4.TestStreams;
import dev.camgate.testing.TestHub;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A budget lowered while camgate was stopped applies at start; /api/recordings says the budget deleted, and
 * the dashboard warns that recordings go before their retention.
 */
class RecordingBudgetTest {
    @Test
    void aSmallerBudgetDeletesTheOldestAtStartAndTheSummarySaysSo() throws Exception {
        Path root = Files.createTempDirectory("camgate-budget");
        long t0 = System.currentTimeMillis() - 600_000;
        List<Segment> made = new ArrayList<>();
        SegmentWriter w = new SegmentWriter("porch", root.resolve("porch"), 2_000, 500, s -> {
            if (!s.open()) {
                made.add(s);
            }
        });
        List<byte[]> units = TestStreams.accessUnits(320, 240, 60, 30);
        RtpPictures rtp = new RtpPictures(1);
        for (int i = 0; i < 180; i++) {
            w.picture(rtp.frame(units.get(i % 60), i * 3000L, t0 + i * 100L / 3));
        }
        w.close();
        assertEquals(3, made.size());
        long budget = made.get(2).bytes() + made.get(1).bytes() / 2;
        try (TestHub hub = TestHub.start("""
                recording: {path: "%s", budget: %d}
                cameras:
                  - {id: porch, type: browser, key: porch-camera-key, record: true}
                """.formatted(root, budget))) {
            TestHub.eventually("the budget to be applied", () -> hub.getJson("/api/recordings").get("retention").get("deletedForBudget").asLong() == 2);
            JsonNode summary = hub.getJson("/api/recordings");
            assertTrue(summary.get("retention").get("budgetDeletedAt").asLong() > 0, summary.toString());
            assertEquals(budget, summary.get("retention").get("budgetBytes").asLong());
            JsonNode left = hub.getJson("/api/cameras/porch/recordings?from=" + (t0 - 1000) + "&to=" + (t0 + 60_000)).get("segments");
            assertEquals(1, left.size());
            assertEquals(made.get(2).id(), left.get(0).get("id").asString(), "the newest is kept");
            try (dev.camgate.browser.Browser browser = dev.camgate.browser.Browser.launch()) {
                browser.open("http://127.0.0.1:" + hub.port() + "/");
                browser.waitFor("the dashboard to warn that the budget deletes", "(() => { const w = document.getElementById('disk-warning');"
                        + " return w && !w.hidden && w.textContent.includes('deleted before they are 7 days old')"
                        + " && w.textContent.includes('budget of'); })()", java.time.Duration.ofSeconds(20));
            }
        }
    }
}
