package dev.camgate.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camgate.testing.TestHub;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The wall-tablet grid shows every camera: a multi-viewer browser camera plays in its tile, a single-viewer
 * UV4L camera gets a "one viewer at a time" placeholder and stays free for a person who opens it, and an
 * offline camera shows why it is offline.
 */
class GridPlaceholderTest {
    static final Duration LIVE = Duration.ofSeconds(20);

    static String tile(String id) {
        return "document.querySelector('.tile[data-camera=\"" + id + "\"]')";
    }

    @Test
    void theGridShowsEveryCameraAndLeavesSingleViewerCamerasFree() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        TestHub scratch = TestHub.start(null);
        try (MediaEngine engine = new MediaEngine("http://127.0.0.1:" + scratch.port());
                FakeMediaCamera uv4l = new FakeMediaCamera(FakeMediaCamera.Kind.UV4L, engine, 0)) {
            scratch.close();
            try (TestHub hub = TestHub.start("""
                    cameras:
                      - {id: yard, name: Yard, type: browser, key: yard-secret-key}
                      - id: hall
                        name: Hall
                        type: uv4l
                        url: ws://127.0.0.1:%d/stream/webrtc
                        options: {presence_interval: 500ms}
                      - id: shed
                        name: Shed
                        type: uv4l
                        url: ws://127.0.0.1:%d/stream/webrtc
                        options: {presence_interval: 500ms}
                    """.formatted(uv4l.port(), closedPort));
                    Browser browser = Browser.launch()) {
                String base = "http://127.0.0.1:" + hub.port();
                TestHub.eventually("the hub to reach the UV4L camera", () -> hub.getJson("/api/cameras/hall").get("status").asString().equals("online"));
                TestHub.eventually("the hub to give up on the shed camera with a reason",
                        () -> hub.getJson("/api/cameras/shed").path("lastError").isString());
                browser.open(base + "/publish?camera=yard&key=yard-secret-key&autostart=1");
                browser.waitFor("the yard camera to publish", "window.camgate.publisher.state === 'live'", LIVE);

                String grid = browser.open(base + "/grid");
                browser.waitFor("the yard tile to play", "window.camgate.tiles.get('yard')?.session?.state === 'live'", LIVE);
                VideoProof.assertFrames(browser, "window.camgate.tiles.get('yard').session.pc", tile("yard") + ".querySelector('video')");

                browser.waitFor("the single-viewer tile to offer itself", tile("hall") + "?.dataset.kind === 'single'", LIVE);
                assertEquals("One viewer at a time — tap to watch", browser.js("return " + tile("hall") + ".querySelector('.what').textContent"));
                assertEquals(true, browser.js("return window.camgate.tiles.get('hall').session === null"), "no session for a single-viewer camera");
                assertEquals(0, hub.getJson("/api/cameras/hall").get("viewers").asInt(), "the grid does not hold the only seat");

                browser.waitFor("the offline tile", tile("shed") + "?.dataset.kind === 'offline'", LIVE);
                String reason = hub.getJson("/api/cameras/shed").get("lastError").asString();
                assertEquals("Offline", browser.js("return " + tile("shed") + ".querySelector('.what').textContent"));
                assertEquals(reason, browser.js("return " + tile("shed") + ".querySelector('.why').textContent"), "the tile says why");
                assertEquals(false, browser.js("return " + tile("shed") + ".querySelector('.placeholder').hidden"));

                // Someone opens the single-viewer camera directly: they get it, and the grid says it is in use.
                String viewer = browser.open(base + "/view?camera=hall");
                browser.waitFor("the separate viewer to be live", "window.camgate.session.state === 'live'", LIVE);
                VideoProof.assertFrames(browser, BrowserVideoTest.VIEWER_PC, BrowserVideoTest.VIEWER_VIDEO);
                browser.tab(grid);
                browser.waitFor("the grid to show the camera in use elsewhere", tile("hall") + ".dataset.kind === 'in-use'", LIVE);
                assertTrue(((String) browser.js("return " + tile("hall") + ".textContent")).contains("In use elsewhere"));
                browser.saveScreenshot("grid-placeholders");

                // A tap on a live tile enlarges it; f toggles it from the keyboard; Escape shrinks it.
                browser.click(".tile[data-camera=\"yard\"] video");
                browser.waitFor("the tapped tile to be enlarged", tile("yard") + ".classList.contains('enlarged')", LIVE);
                browser.press(org.openqa.selenium.Keys.ESCAPE);
                browser.waitFor("Escape to shrink it", "!" + tile("yard") + ".classList.contains('enlarged')", LIVE);
                browser.js(tile("yard") + ".focus()");
                browser.press("f");
                browser.waitFor("f to enlarge the focused tile", tile("yard") + ".classList.contains('enlarged')", LIVE);
                browser.press("f");
                browser.waitFor("f again to shrink it", "!" + tile("yard") + ".classList.contains('enlarged')", LIVE);

                // A tap on a placeholder opens the camera's own page.
                browser.tab(viewer);
                browser.closeTab(viewer);
                browser.tab(grid);
                browser.waitFor("the camera free again", tile("hall") + ".dataset.kind === 'single'", LIVE);
                browser.click(".tile[data-camera=\"hall\"] .placeholder");
                browser.waitFor("the tap to open the viewer", "location.pathname === '/view' && location.search === '?camera=hall'", LIVE);
            }
        }
    }
}
