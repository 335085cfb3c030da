package dev.camgate.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camgate.testing.TestHub;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * camgate carries the video: a browser camera with {@code relay: true} is watched by camgate once, and
 * camgate answers every viewer itself. The camera page holds one peer connection however many watch.
 */
class RelayedVideoTest {
    static final Duration LIVE = Duration.ofSeconds(20);
    static final String VIEWER_PC = "window.camgate.session.pc";
    static final String VIEWER_VIDEO = "document.getElementById('remote-video')";
    static TestHub hub;
    static String base;
    Browser browser;

    @BeforeAll
    static void startHub() {
        hub = TestHub.start("""
                cameras:
                  - {id: porch, name: Porch, type: browser, key: porch-secret-key, relay: true}
                  - {id: garage, name: Garage, type: browser, key: garage-secret-key, relay: true}
                """);
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

    String publish(String camera, String key) {
        String tab = browser.open(base + "/publish?camera=" + camera + "&key=" + key + "&autostart=1");
        browser.waitFor("the publish page to be live", "window.camgate.publisher.state === 'live'", LIVE);
        return tab;
    }

    String view(String cameraId, String extra) {
        String tab = browser.open(base + "/view?camera=" + cameraId + extra);
        browser.waitFor("the viewer to be live", "window.camgate.session.state === 'live'", LIVE);
        return tab;
    }

    @Test
    void fiveViewersWatchOneEncodeThroughCamgate() {
        String camera = publish("porch", "porch-secret-key");
        List<String> viewers = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            viewers.add(view("porch", ""));
        }
        for (String viewer : viewers) {
            browser.tab(viewer);
            VideoProof.assertFrames(browser, VIEWER_PC, VIEWER_VIDEO);
            assertEquals("Live · via camgate", browser.js("return window.camgate.session.describe()"));
        }
        browser.tab(camera);
        assertEquals(1L, browser.js("return window.camgate.publisher.viewerCount()"),
                "the camera page has one peer connection, camgate's: one encode for five viewers");
        assertEquals(5, hub.getJson("/api/cameras/porch").get("viewers").asInt());
        // What camgate receives, as the API and the dashboard show it (figures refresh once a second).
        var relay = Browser.within(LIVE, "relay figures in the API", () -> {
            var r = hub.getJson("/api/cameras/porch").get("relay");
            assertTrue(r.get("live").asBoolean() && r.get("bitrate").asLong() > 0 && r.get("frameRate").asInt() > 0
                    && r.get("width").asInt() > 0, r.toString());
            return r;
        });
        assertEquals(5, relay.get("viewers").size(), relay.toString());
        browser.open(base + "/");
        browser.waitFor("the dashboard card to show the relayed stream",
                "(document.querySelector('[data-camera=porch] .relay')?.textContent || '').match(/Via camgate · \\w+ · \\d+×\\d+ · \\d+ fps/)", LIVE);
    }

    @Test
    void anH264CameraIsForwardedAsH264() {
        publish("garage", "garage-secret-key");
        view("garage", "&codec=H264");
        VideoProof.assertFrames(browser, VIEWER_PC, VIEWER_VIDEO).assertCodec("video/H264");
    }
}
