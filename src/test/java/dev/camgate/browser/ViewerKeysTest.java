package dev.camgate.browser;

import dev.camgate.testing.TestHub;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The viewer from the keyboard: f enters and leaves fullscreen, as in video players. */
class ViewerKeysTest {
    @Test
    void fTogglesFullscreen() {
        try (TestHub hub = TestHub.start("adhoc_cameras: true\n"); Browser browser = Browser.launch()) {
            browser.open("http://127.0.0.1:" + hub.port() + "/view?camera=porch");
            browser.waitFor("the viewer page", "document.getElementById('stage') !== null", Duration.ofSeconds(10));
            browser.press("f");
            browser.waitFor("f to go fullscreen", "document.fullscreenElement?.id === 'stage'", Duration.ofSeconds(5));
            browser.press("f");
            browser.waitFor("f again to leave it", "document.fullscreenElement === null", Duration.ofSeconds(5));
        }
    }
}
