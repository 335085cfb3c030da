package dev.camgate.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camgate.testing.TestHub;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * /publish on plain http from a name other than localhost: the browser gives it no webcam, and the page keeps
 * saying why while it publishes a test pattern. Every 127.x.y.z address is "potentially trustworthy" to
 * Chromium (Secure Contexts: 127.0.0.0/8 counts as localhost), so 127.0.0.2 would not show the problem; a
 * made-up name mapped to 127.0.0.1 by --host-resolver-rules does, and stays on loopback.
 */
class PublishInsecureTest {
    static final Duration LIVE = Duration.ofSeconds(20);

    @Test
    void aPlainHttpPageSaysWhyItPublishesATestPattern() {
        try (TestHub hub = TestHub.start("web: {hostnames: [camgate.test]}\n");
                Browser browser = Browser.launch("--host-resolver-rules=MAP camgate.test 127.0.0.1")) {
            String insecure = "http://camgate.test:" + hub.port();
            browser.open(insecure + "/publish?camera=plain-http&autostart=1");
            assertEquals(false, browser.js("return window.isSecureContext"), "the test needs a page that is not a secure context");
            browser.waitFor("the publish page to be live", "window.camgate.publisher.state === 'live'", LIVE);

            String reason = (String) browser.js("return document.getElementById('source').textContent");
            assertEquals("Publishing a test pattern: browsers give the webcam only to https pages or localhost — see HTTPS in the README.", reason);
            assertEquals(true, browser.js("return document.getElementById('source').checkVisibility()"), "the reason is on screen");
            assertTrue(((String) browser.js("return document.getElementById('detail').textContent")).contains("is live"),
                    "the live message is shown as well");
            assertEquals("pattern", browser.js("return document.getElementById('device').value"));
            assertEquals("Webcam (needs https or localhost)", browser.js("return document.getElementById('device').options[0].textContent"));
            assertEquals(true, browser.js("return document.getElementById('device').options[0].disabled"));

            // The status line sits under the video, not over the pattern's caption at the bottom of the picture.
            @SuppressWarnings("unchecked")
            Map<String, Object> gap = (Map<String, Object>) browser.js("""
                    const v = document.getElementById('preview').getBoundingClientRect();
                    const d = document.getElementById('detail').getBoundingClientRect();
                    return {videoBottom: v.bottom, detailTop: d.top, detailHeight: d.height};""");
            assertTrue(((Number) gap.get("detailHeight")).doubleValue() > 0, "status line shown: " + gap);
            assertTrue(((Number) gap.get("detailTop")).doubleValue() >= ((Number) gap.get("videoBottom")).doubleValue(),
                    "the status line does not cover the video: " + gap);

            // And the pattern really reaches a viewer.
            browser.open("http://127.0.0.1:" + hub.port() + "/view?camera=plain-http");
            browser.waitFor("the viewer to be live", "window.camgate.session.state === 'live'", LIVE);
            VideoProof.assertFrames(browser, BrowserVideoTest.VIEWER_PC, BrowserVideoTest.VIEWER_VIDEO);
        }
    }
}
