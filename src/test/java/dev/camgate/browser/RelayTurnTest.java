package dev.camgate.browser;

import static dev.camgate.browser.RelayPages.VIEWER_PC;
import static dev.camgate.browser.RelayPages.VIEWER_VIDEO;
import static dev.camgate.browser.RelayPages.publish;
import static dev.camgate.browser.RelayPages.relay;
import static dev.camgate.browser.RelayPages.view;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camgate.testing.Coturn;
import dev.camgate.testing.TestHub;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A viewer that may only use a TURN relay (?relay=1, through Debian's coturn) watches a camera camgate
 * relays: its relay candidate on coturn pairs with camgate's media port, an ICE-lite host candidate, and the
 * video is camgate's copy of the camera's one stream.
 */
class RelayTurnTest {
    static final String SECRET = "coturn-and-camgate-share-this";

    @Test
    void aRelayOnlyViewerWatchesARelayedCameraThroughCoturn() throws Exception {
        try (Coturn coturn = Coturn.start(SECRET);
             TestHub hub = TestHub.start("""
                     turn:
                       secret: %s
                       urls: ["%s"]
                       ttl: 10m
                     cameras:
                       - {id: yard, name: Yard, type: browser, key: yard-secret-key, relay: true}
                     """.formatted(SECRET, coturn.url()));
             Browser browser = Browser.launch()) {
            String base = "http://127.0.0.1:" + hub.port();
            publish(browser, base, "yard", "yard-secret-key");
            view(browser, base, "yard", "&relay=1");
            VideoProof.assertFrames(browser, VIEWER_PC, VIEWER_VIDEO);
            browser.waitFor("the page to name the path", "window.camgate.session.path === 'relay'", RelayPages.LIVE);
            Map<String, Object> pair = browser.await("""
                    const stats = await window.camgate.session.pc.getStats();
                    let found = null;
                    stats.forEach((s) => {
                      if (s.type === 'transport' && s.selectedCandidatePairId) {
                        const p = stats.get(s.selectedCandidatePairId);
                        const local = stats.get(p.localCandidateId), remote = stats.get(p.remoteCandidateId);
                        found = {local: local.candidateType, remote: remote.candidateType, remotePort: remote.port};
                      }
                    });
                    return found;
                    """);
            assertEquals("relay", pair.get("local"), "the viewer's side of the pair is a TURN relay: " + pair + "; " + coturn.log());
            assertEquals((long) hub.mediaPort(), ((Number) pair.get("remotePort")).longValue(),
                    "the far side is camgate's media port, not the camera: " + pair);
            JsonNode r = relay(hub, "yard");
            assertTrue(r.path("live").asBoolean(), r.toString());
            assertEquals(1, r.path("viewers").size(), "the TURN viewer is camgate's: " + r);
            assertTrue(r.path("viewers").get(0).path("packets").asLong() > 0, r.toString());
        }
    }
}
