package dev.camgate.browser;

import static dev.camgate.browser.RelayPages.VIEWER_PC;
import static dev.camgate.browser.RelayPages.VIEWER_VIDEO;
import static dev.camgate.browser.RelayPages.publish;
import static dev.camgate.browser.RelayPages.relay;
import static dev.camgate.browser.RelayPages.view;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camgate.testing.TestHub;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Lost packets are repaired on both legs of a relayed call. camgate announces only a lossy relay's address
 * ({@code media.announce_only}), so the camera page and the viewer pages all reach camgate through it, and 5 %
 * of the datagrams each way are lost: camgate asks the camera to resend what it missed (NACK), answers the
 * viewers' NACKs from its cache, and the viewers keep decoding.
 */
class RelayLossTest {
    static final double LOSS = 0.05;

    @Test
    void lossOnTheCameraLegAndTheViewerLegIsRepaired() throws Exception {
        try (LossyUdpRelay lossy = new LossyUdpRelay(LOSS, Duration.ofMinutes(2));
             TestHub hub = TestHub.start("""
                     media:
                       announce: ["127.0.0.1:%d"]
                       announce_only: true
                     cameras:
                       - {id: lossy, name: Lossy, type: browser, key: lossy-secret-key, relay: true}
                     """.formatted(lossy.address().getPort()));
             Browser browser = Browser.launch()) {
            lossy.target(new InetSocketAddress("127.0.0.1", hub.mediaPort()));
            String base = "http://127.0.0.1:" + hub.port();
            String camera = publish(browser, base, "lossy", "lossy-secret-key");
            List<String> viewers = List.of(view(browser, base, "lossy", ""), view(browser, base, "lossy", ""));
            for (String v : viewers) {
                browser.tab(v);
                VideoProof.assertFrames(browser, VIEWER_PC, VIEWER_VIDEO);
                assertEquals((Object) (long) lossy.address().getPort(), browser.<Object>await("""
                        const stats = await window.camgate.session.pc.getStats();
                        let port = null;
                        stats.forEach((s) => {
                          if (s.type === 'transport' && s.selectedCandidatePairId) {
                            port = stats.get(stats.get(s.selectedCandidatePairId).remoteCandidateId).port;
                          }
                        });
                        return port;
                        """), "the viewer reaches camgate through the lossy relay, the only address camgate offered");
            }
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            JsonNode r = relay(hub, "lossy");
            while (!(repairedBothWays(r)) && System.nanoTime() < end) {
                Browser.sleep(250);
                r = relay(hub, "lossy");
            }
            System.out.println("RelayLossTest: the relay lost " + lossy.dropped.get() + " of "
                    + (lossy.dropped.get() + lossy.forwarded.get()) + " datagrams; camgate: " + r);
            assertTrue(r.path("nacksSent").asLong() > 0, "camgate never asked the camera to resend: " + r);
            for (JsonNode v : r.path("viewers")) {
                assertTrue(v.path("nacksAnswered").asLong() > 0, "camgate resent nothing a viewer asked for: " + r);
            }
            assertEquals(2, r.path("viewers").size(), r.toString());
            // Repaired, not just survived: over five seconds of loss each viewer decodes nearly every frame the
            // camera sent (without resends, each lost packet of H.264 would stop the picture until a keyframe).
            RelayPages.Decoded c0 = RelayPages.sent(browser, camera);
            List<RelayPages.Decoded> v0 = viewers.stream().map(v -> RelayPages.decoded(browser, v)).toList();
            Browser.sleep(5000); // the window measured, not a wait for something
            RelayPages.Decoded c1 = RelayPages.sent(browser, camera);
            double sent = c1.rateSince(c0);
            for (int i = 0; i < viewers.size(); i++) {
                double got = RelayPages.decoded(browser, viewers.get(i)).rateSince(v0.get(i));
                System.out.printf("RelayLossTest: viewer %d decoded %.1f fps of the camera's %.1f%n", i + 1, got, sent);
                assertTrue(sent > 2 && got >= 0.7 * sent, String.format("viewer %d decoded %.1f fps of the camera's %.1f with %.0f %% loss",
                        i + 1, got, sent, LOSS * 100));
            }
            for (String v : viewers) {
                browser.tab(v);
                VideoProof.assertFrames(browser, VIEWER_PC, VIEWER_VIDEO);
                // "stalled" is what the page shows while no frame has come for a few seconds, and it clears itself
                // with the next frame: on a loaded machine a moment of it is what a person would see too. What
                // matters is that the page is live again, not which of the two a single look happens to catch.
                browser.waitFor("the viewer page to say live", "window.camgate.session.state === 'live'", Duration.ofSeconds(10));
            }
            assertTrue(lossy.dropped.get() > 0 && lossy.forwarded.get() > 20 * lossy.dropped.get() / 2,
                    "the relay lost about " + LOSS + " of what it carried: " + lossy.dropped + " lost, " + lossy.forwarded + " carried");
        }
    }

    private static boolean repairedBothWays(JsonNode r) {
        if (r.path("nacksSent").asLong() == 0 || r.path("viewers").size() < 2) {
            return false;
        }
        for (JsonNode v : r.path("viewers")) {
            if (v.path("nacksAnswered").asLong() == 0) {
                return false;
            }
        }
        return true;
    }
}
