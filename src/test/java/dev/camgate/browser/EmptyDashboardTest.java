package dev.camgate.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.camgate.testing.TestHub;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A new hub's empty dashboard gives a Momo command that works when pasted: this hub's address, not a placeholder. */
class EmptyDashboardTest {
    @Test
    void theMomoHintNamesThisHub() {
        try (TestHub hub = TestHub.start("adhoc_cameras: true\n"); Browser browser = Browser.launch()) {
            browser.open("http://127.0.0.1:" + hub.port() + "/");
            browser.waitFor("the empty dashboard", "!document.getElementById('empty').hidden", Duration.ofSeconds(10));
            assertEquals("./momo --no-audio-device ayame --signaling-url ws://127.0.0.1:" + hub.port()
                            + "/signaling --room-id ID --signaling-key KEY",
                    browser.js("return document.getElementById('momo-hint').textContent"));
        }
    }
}
