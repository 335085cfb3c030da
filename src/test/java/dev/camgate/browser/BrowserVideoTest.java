package dev.camgate.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camgate.testing.TestHub;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Real video through camgate, in headless Chromium with its fake camera: the pages a person uses. */
class BrowserVideoTest {
    static final Duration LIVE = Duration.ofSeconds(20);
    static final String VIEWER_PC = "window.camgate.session.pc";
    static final String VIEWER_VIDEO = "document.getElementById('remote-video')";
    static final String CONFIG = """
            cameras:
              - id: porch
                name: Porch
                type: browser
                key: porch-secret-key
            """;
    static TestHub hub;
    static String base;
    Browser browser;

    @BeforeAll
    static void startHub() {
        hub = TestHub.start(CONFIG);
        base = "http://127.0.0.1:" + hub.port();
    }

    @AfterAll
    static void stopHub() {
        hub.close();
    }

    @BeforeEach
    void launch() {
        browser = Browser.launch();
    }

    @AfterEach
    void quit() {
        browser.close();
    }

    String publish(String query) {
        String tab = browser.open(base + "/publish?" + query + "&autostart=1");
        browser.waitFor("the publish page to be live", "window.camgate.publisher.state === 'live'", LIVE);
        return tab;
    }

    String view(String cameraId, String extra) {
        String tab = browser.open(base + "/view?camera=" + cameraId + extra);
        browser.waitFor("the viewer to be live", "window.camgate.session.state === 'live'", LIVE);
        return tab;
    }

    @Test
    void aPublishedCameraIsWatchedWithH264() throws IOException {
        String camera = publish("camera=h264-cam&name=Desk");
        String viewer = view("h264-cam", "&codec=H264");
        VideoProof proof = VideoProof.assertFrames(browser, VIEWER_PC, VIEWER_VIDEO);
        proof.assertCodec("video/H264");
        browser.js("document.getElementById('show-stats').click()");
        browser.waitFor("the stats overlay to show the codec", "document.querySelector('.stats-list').textContent.includes('H264')", LIVE);
        screenshot("viewer-desktop");
        browser.resize(390, 844);
        screenshot("viewer-phone");
        browser.tab(camera);
        assertEquals(1L, browser.js("return window.camgate.publisher.viewerCount()"));
        browser.tab(viewer);
        var metrics = dev.camgate.metrics.PrometheusText.parse(hub.get("/metrics").body());
        assertTrue(metrics.get("camgate_messages_relayed_total") > 2, "a browser session moves the relay counter: " + metrics);
        assertEquals(1.0, metrics.get("camgate_viewers{camera=\"h264-cam\"}"));
    }

    @Test
    void anIceRestartKeepsTheCallOnTheSameSignalingConnection() {
        String camera = publish("camera=restart-cam");
        view("restart-cam", "");
        VideoProof.assertFrames(browser, VIEWER_PC, VIEWER_VIDEO);
        browser.js("window.__socket = window.camgate.session.socket; window.__pc = window.camgate.session.pc;"
                + "window.__ufrag = window.__pc.localDescription.sdp.match(/a=ice-ufrag:(\\S+)/)[1];");
        // What the page does by itself when the network drops under a live call.
        browser.js("window.camgate.session.restartIce('The connection dropped; reconnecting the video…')");
        browser.waitFor("the call to be live again", "window.camgate.session.state === 'live'", LIVE);
        assertEquals(true, browser.js("return window.camgate.session.socket === window.__socket && window.camgate.session.pc === window.__pc"),
                "same signaling connection, same peer connection");
        assertEquals(true, browser.js("return window.camgate.session.pc.localDescription.sdp.match(/a=ice-ufrag:(\\S+)/)[1] !== window.__ufrag"),
                "new ICE credentials: a real restart");
        assertEquals(1L, browser.js("return window.camgate.session.iceRestarts"));
        VideoProof.assertFrames(browser, VIEWER_PC, VIEWER_VIDEO);
        browser.tab(camera);
        assertEquals(1L, browser.js("return window.camgate.publisher.viewerCount()"), "the camera kept one peer for the viewer");
    }

    @Test
    void threeViewersWatchOneBrowserCameraAtOnce() {
        String camera = publish("camera=three-cam");
        String[] viewers = new String[3];
        for (int i = 0; i < 3; i++) {
            viewers[i] = view("three-cam", "&codec=VP8");
        }
        for (String viewer : viewers) {
            browser.tab(viewer);
            VideoProof.assertFrames(browser, VIEWER_PC, VIEWER_VIDEO).assertCodec("video/VP8");
        }
        browser.tab(camera);
        browser.waitFor("the publisher to count 3 viewers", "window.camgate.publisher.viewerCount() === 3", LIVE);
        assertEquals("3", browser.js("return document.getElementById('viewer-count').textContent"));
        assertEquals(3, hub.getJson("/api/cameras/three-cam").get("viewers").asInt());
    }

    @Test
    void whenTheCameraLeavesTheViewerRetriesAndRecoversWithoutReload() {
        String camera = publish("camera=porch&key=porch-secret-key");
        String viewer = view("porch", "");
        VideoProof.assertFrames(browser, VIEWER_PC, VIEWER_VIDEO);
        browser.js("window.__marker = 'same page'");

        browser.closeTab(camera);
        browser.tab(viewer);
        browser.waitFor("the viewer to say the camera is gone",
                "['retrying', 'offline'].includes(window.camgate.session.state)", LIVE);
        String words = (String) browser.js("return document.getElementById('state').textContent");
        assertTrue(words.matches("(Camera offline — r|R)etrying in \\d+ s"), "state shown in words: " + words);
        TestHub.eventually("the hub to see the camera offline",
                () -> hub.getJson("/api/cameras/porch").get("status").asString().equals("offline"));

        publish("camera=porch&key=porch-secret-key");
        browser.tab(viewer);
        browser.waitFor("the viewer to be live again", "window.camgate.session.state === 'live'", LIVE);
        VideoProof.assertFrames(browser, VIEWER_PC, VIEWER_VIDEO);
        assertEquals("same page", browser.js("return window.__marker"), "recovered without a reload");
    }

    @Test
    void theDashboardFollowsCamerasLive() throws IOException {
        String dashboard = browser.open(base + "/");
        browser.waitFor("the configured camera listed", "document.querySelector('[data-camera=porch]')", LIVE);
        assertEquals("offline", browser.js("return document.querySelector('[data-camera=porch]').dataset.status"));
        publish("camera=dash-cam&name=Garden");
        view("dash-cam", "");
        browser.tab(dashboard);
        browser.waitFor("the new camera online with one viewer, without a reload",
                "document.querySelector('[data-camera=dash-cam]')?.dataset.status === 'online'"
                        + " && document.querySelector('[data-camera=dash-cam] .viewers').dataset.count === '1'", LIVE);
        assertTrue(((String) browser.js("return document.querySelector('[data-camera=dash-cam] h2').textContent")).equals("Garden"));
        screenshot("dashboard-desktop");
        browser.resize(390, 844);
        screenshot("dashboard-phone");
    }

    @Test
    void theGridShowsEveryOnlineCamera() {
        publish("camera=grid-a");
        publish("camera=grid-b");
        browser.open(base + "/grid");
        browser.waitFor("two live tiles", "[...window.camgate.tiles.values()].filter(t => t.session?.state === 'live').length >= 2", LIVE);
        for (String id : new String[] {"grid-a", "grid-b"}) {
            VideoProof.assertFrames(browser, "window.camgate.tiles.get('" + id + "').session.pc",
                    "window.camgate.tiles.get('" + id + "').tile.querySelector('video')");
        }
    }

    @Test
    void afterAHubRestartCameraAndViewerReconnectByThemselves() {
        String camera = publish("camera=restart-cam");
        String viewer = view("restart-cam", "");
        VideoProof.assertFrames(browser, VIEWER_PC, VIEWER_VIDEO);
        browser.js("window.__marker = 'same page'");
        int port = hub.port();
        hub.close();
        browser.waitFor("the viewer to notice the hub went away", "window.camgate.session.state !== 'live'", LIVE);
        hub = TestHub.startOn(port, CONFIG);
        browser.tab(camera);
        browser.waitFor("the publish page to publish again", "window.camgate.publisher.state === 'live'", Duration.ofSeconds(30));
        browser.tab(viewer);
        browser.waitFor("the viewer live again", "window.camgate.session.state === 'live'", Duration.ofSeconds(30));
        VideoProof.assertFrames(browser, VIEWER_PC, VIEWER_VIDEO);
        assertEquals("same page", browser.js("return window.__marker"), "no reload");
    }

    private void screenshot(String name) throws IOException {
        Path dir = Path.of("target", "screenshots");
        Files.createDirectories(dir);
        Files.write(dir.resolve(name + ".png"), browser.screenshot());
    }
}
