package dev.camgate.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camgate.testing.Coturn;
import dev.camgate.testing.TestHub;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Watching "from outside": camera and viewer pages that may only use TURN relays, through Debian's coturn
 * with a shared secret, each given its own short-lived credential by camgate. Real video must flow over a
 * relay pair; with the wrong secret the viewer must say in words that TURN refused it.
 */
class TurnRelayTest {
    static final Duration LIVE = Duration.ofSeconds(30);
    static final String SECRET = "coturn-and-camgate-share-this";

    static String hubConfig(Coturn coturn, String secret) {
        return """
                auth: none
                turn:
                  secret: %s
                  urls: ["%s"]
                  ttl: 10m
                """.formatted(secret, coturn.url());
    }

    @Test
    void relayOnlyPagesShowVideoThroughCoturn() throws Exception {
        try (Coturn coturn = Coturn.start(SECRET); TestHub hub = TestHub.start(hubConfig(coturn, SECRET));
             Browser browser = Browser.launch()) {
            String base = "http://127.0.0.1:" + hub.port();
            browser.open(base + "/publish?camera=far-cam&relay=1&autostart=1");
            browser.waitFor("the publish page to be live", "window.camgate?.publisher?.state === 'live'", LIVE);
            browser.open(base + "/view?camera=far-cam&relay=1");
            browser.waitFor("the viewer to be live", "window.camgate?.session?.state === 'live'", LIVE);
            VideoProof.assertFrames(browser, BrowserVideoTest.VIEWER_PC, BrowserVideoTest.VIEWER_VIDEO);
            browser.waitFor("the page to name the path", "window.camgate.session.path === 'relay'", LIVE);
            assertEquals("relay", browser.await("""
                    const stats = await window.camgate.session.pc.getStats();
                    let type = null;
                    stats.forEach((s) => {
                      if (s.type === 'transport' && s.selectedCandidatePairId) {
                        type = stats.get(stats.get(s.selectedCandidatePairId).localCandidateId).candidateType;
                      }
                    });
                    return type;
                    """), "the selected candidate pair is a relay pair, not a direct one: " + coturn.log());
            assertTrue(((String) browser.js("return document.getElementById('state').textContent")).contains("Via TURN relay"));
        }
    }

    @Test
    void aWrongSecretIsReportedInWordsAndNoVideoFlows() throws Exception {
        try (Coturn coturn = Coturn.start(SECRET); TestHub hub = TestHub.start(hubConfig(coturn, "not-the-secret-coturn-has"));
             Browser browser = Browser.launch()) {
            String base = "http://127.0.0.1:" + hub.port();
            browser.open(base + "/publish?camera=far-cam&relay=1&autostart=1");
            browser.waitFor("the publish page to be live", "window.camgate?.publisher?.state === 'live'", LIVE);
            browser.open(base + "/view?camera=far-cam&relay=1");
            browser.waitFor("the viewer to give up on this attempt", "window.camgate?.session?.state === 'retrying'", Duration.ofSeconds(60));
            String detail = (String) browser.js("return window.camgate.session.detail");
            assertTrue(detail.contains("TURN server refused the credentials"), detail);
            assertTrue(((String) browser.js("return document.getElementById('detail').textContent")).contains("refused the credentials"));
            assertEquals(0L, ((Number) browser.js("return document.getElementById('remote-video').videoWidth")).longValue(), "no frames");
        }
    }
}
