package dev.camgate.browser;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camgate.testing.TestHub;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Behind a proxy at /camgate/, the pages find the API and signaling relative to themselves: real video flows. */
class BasePathBrowserTest {
    static final Duration LIVE = Duration.ofSeconds(20);

    @Test
    void publishAndWatchUnderABasePath() {
        try (TestHub hub = TestHub.start("web: {base_path: /camgate}\n"); Browser browser = Browser.launch()) {
            String base = "http://127.0.0.1:" + hub.port() + "/camgate";
            browser.open(base + "/publish?camera=under-base&autostart=1");
            browser.waitFor("the publish page to be live", "window.camgate?.publisher?.state === 'live'", LIVE);
            browser.open(base + "/");
            browser.waitFor("the dashboard to list the camera", "document.querySelector('[data-camera=\"under-base\"]')", LIVE);
            browser.js("document.querySelector('[data-camera=\"under-base\"] .watch').click()");
            browser.waitFor("the viewer to be live", "window.camgate?.session?.state === 'live'", LIVE);
            assertTrue(((String) browser.js("return window.camgate.session.socket.ws.url")).endsWith("/camgate/signaling"));
            assertTrue(browser.url().startsWith(base + "/view?camera=under-base"), browser.url());
            VideoProof.assertFrames(browser, BrowserVideoTest.VIEWER_PC, BrowserVideoTest.VIEWER_VIDEO);
        }
    }
}
