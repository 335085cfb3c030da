package dev.camgate.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
 * Relayed cameras that camgate dials: a Momo in p2p mode answers camgate's offer, a UV4L offers after camgate's
 * call. Either way the camera sees one socket and one peer connection (one encode) however many people watch,
 * and UV4L, which serves one session, now has five viewers.
 */
class RelayedDialledCameraTest {
    static final Duration LIVE = Duration.ofSeconds(20);
    static final String VIEWER_PC = "window.camgate.session.pc";
    static final String VIEWER_VIDEO = "document.getElementById('remote-video')";
    static MediaEngine engine;
    static FakeMediaCamera momo;
    static FakeMediaCamera uv4l;
    static TestHub hub;
    static String base;
    Browser browser;

    @BeforeAll
    static void start() {
        hub = TestHub.start(null); // the engine page needs a page of some hub's origin first
        engine = new MediaEngine("http://127.0.0.1:" + hub.port());
        momo = new FakeMediaCamera(FakeMediaCamera.Kind.MOMO, engine, 0);
        uv4l = new FakeMediaCamera(FakeMediaCamera.Kind.UV4L, engine, 0);
        hub.close();
        hub = TestHub.start("""
                cameras:
                  - {id: pi-momo, type: momo, url: "ws://127.0.0.1:%d/ws", relay: true, options: {presence_interval: 500ms}}
                  - {id: pi-uv4l, type: uv4l, url: "ws://127.0.0.1:%d/stream/webrtc", relay: true, options: {presence_interval: 500ms}}
                """.formatted(momo.port(), uv4l.port()));
        base = "http://127.0.0.1:" + hub.port();
    }

    @AfterAll
    static void stop() {
        hub.close();
        momo.close();
        uv4l.close();
        engine.close();
    }

    @BeforeEach
    void launch() {
        browser = Browser.launch();
    }

    @AfterEach
    void quit() {
        browser.close();
        assertEquals(List.of(), momo.server.violations, "nothing malformed may reach Momo");
    }

    void fiveViewersOneEncode(FakeMediaCamera camera, String id) {
        int callsBefore = camera.calls.get();
        List<String> tabs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            tabs.add(browser.open(base + "/view?camera=" + id));
            browser.waitFor("viewer " + i + " of " + id + " to be live", "window.camgate.session.state === 'live'", LIVE);
        }
        for (String tab : tabs) {
            browser.tab(tab);
            VideoProof.assertFrames(browser, VIEWER_PC, VIEWER_VIDEO);
            assertEquals("Live · via camgate", browser.js("return window.camgate.session.describe()"));
        }
        assertEquals(1, camera.calls.get() - callsBefore, "one call on the camera: one encode for five viewers");
        assertEquals(5, hub.getJson("/api/cameras/" + id).get("viewers").asInt());
        for (String tab : tabs) {
            browser.closeTab(tab);
        }
    }

    @Test
    void fiveViewersWatchTheFakeMomoThroughOneCall() {
        fiveViewersOneEncode(momo, "pi-momo");
    }

    @Test
    void fiveViewersWatchTheFakeUv4lThatServesOneSession() {
        fiveViewersOneEncode(uv4l, "pi-uv4l");
    }
}
