package dev.camgate.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camgate.testing.TestHub;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What the viewer page tells a person when something is wrong, in real Chromium: a frozen camera, a camera
 * that does not exist, the path of the call, a busy camera that frees up, a lost connection to camgate.
 * Every assertion is on what the page shows (badge and detail text) and, where video matters, on decoded frames.
 */
@Timeout(value = 40, unit = TimeUnit.SECONDS)
class ViewerStatesTest {
    static final Duration LIVE = Duration.ofSeconds(15);
    static final String SESSION = "window.camgate.session";
    static final String VIEWER_PC = SESSION + ".pc";
    static final String VIEWER_VIDEO = "document.getElementById('remote-video')";
    static final String BADGE = "document.getElementById('state').textContent";
    static final String DETAIL = "document.getElementById('detail').textContent";
    static MediaEngine engine;
    static FakeMediaCamera momo;
    static TestHub hub;
    static String base;
    Browser browser;

    @BeforeAll
    static void start() {
        // As in DialledCameraVideoTest: the engine page needs an origin before the real hub knows the fake's port.
        hub = TestHub.start(null);
        engine = new MediaEngine("http://127.0.0.1:" + hub.port());
        momo = new FakeMediaCamera(FakeMediaCamera.Kind.MOMO, engine, 0);
        hub.close();
        hub = TestHub.start("""
                cameras:
                  - id: pi-momo
                    type: momo
                    url: ws://127.0.0.1:%1$d/ws
                    options: {presence_interval: 500ms}
                  - id: pi-single
                    type: momo
                    url: ws://127.0.0.1:%1$d/ws
                    options: {presence_interval: 500ms, max_viewers: 1}
                """.formatted(momo.port()));
        base = "http://127.0.0.1:" + hub.port();
    }

    @AfterAll
    static void stop() {
        hub.close();
        momo.close();
        engine.close();
    }

    @BeforeEach
    void launch() {
        browser = Browser.launch();
    }

    @AfterEach
    void quit() {
        browser.close();
    }

    String view(String base, String camera) {
        String tab = browser.open(base + "/view?camera=" + camera);
        browser.waitFor("the viewer of " + camera + " to be live", SESSION + ".state === 'live'", LIVE);
        return tab;
    }

    String badge() {
        return (String) browser.js("return " + BADGE);
    }

    String detail() {
        return (String) browser.js("return " + DETAIL);
    }

    @Test
    void aFrozenCameraIsShownStalledWithTheAgeOfItsLastFrameAndIsLiveAgainWhenFramesResume() {
        view(base, "pi-momo");
        VideoProof.assertFrames(browser, VIEWER_PC, VIEWER_VIDEO);
        assertTrue(badge().startsWith("Live"), badge());

        engine.freeze();
        browser.waitFor("the badge to say the picture stopped, within a couple of seconds",
                SESSION + ".state === 'stalled' && /^No picture for \\d+ s — the camera may have lost power or network$/.test(" + BADGE + ")",
                Duration.ofSeconds(5));
        assertEquals("connected", browser.js("return " + VIEWER_PC + ".connectionState"), "the connection itself stays up");
        VideoProof still = VideoProof.read(browser, VIEWER_PC, VIEWER_VIDEO);
        assertEquals(still.framesBefore(), still.framesAfter(), "no frame is decoded while it says so: " + still);
        browser.waitFor("the age of the last frame to count up",
                "+(" + BADGE + ".match(/No picture for (\\d+) s/) || [])[1] >= 4", Duration.ofSeconds(6));
        assertFalse(badge().contains("Live"), badge());

        engine.thaw();
        browser.waitFor("Live again by itself", SESSION + ".state === 'live' && " + BADGE + ".startsWith('Live')", LIVE);
        VideoProof.assertFrames(browser, VIEWER_PC, VIEWER_VIDEO);
    }

    @Test
    void aCameraThatDoesNotExistIsSaidSoAndNotRetried() {
        browser.open(base + "/view?camera=nonexistent");
        browser.waitFor("the page to say there is no such camera", SESSION + ".state === 'not-found'", Duration.ofSeconds(8));
        assertEquals("No such camera", badge());
        assertTrue(detail().contains("There is no camera “nonexistent”"), detail());
        assertEquals(true, browser.js("const s = " + SESSION + "; return s.timers.length === 0 && s.socket === null && !s.wanted"),
                "nothing left that would retry");
        assertEquals(false, browser.js("return document.getElementById('call').disabled"), "Call stays possible, by hand");
    }

    @Test
    void thePathIsNamedFromTheSelectedPairTheSameOnEveryCall() {
        String camera = browser.open(base + "/publish?camera=path-cam&autostart=1");
        browser.waitFor("the publish page to be live", "window.camgate.publisher.state === 'live'", LIVE);
        view(base, "path-cam");
        browser.js("window.__badges = []; const b = document.getElementById('state');"
                + "new MutationObserver(() => window.__badges.push(b.textContent)).observe(b, {childList: true, characterData: true, subtree: true});");
        String first = settledPath();
        browser.js("document.getElementById('hangup').click()");
        browser.waitFor("hung up", SESSION + ".state === 'hung-up'", LIVE);
        browser.js("document.getElementById('call').click()");
        browser.waitFor("live again", SESSION + ".state === 'live'", LIVE);
        String second = settledPath();
        VideoProof.assertFrames(browser, VIEWER_PC, VIEWER_VIDEO);
        assertEquals("Live · Direct connection on the local network", first, "no STUN server, host candidates on both sides");
        assertEquals(first, second, "the same path on every call");
        @SuppressWarnings("unchecked")
        List<String> seen = (List<String>) browser.js("return window.__badges");
        assertTrue(seen.stream().noneMatch(t -> t.contains("STUN")), "no STUN without a STUN server: " + seen);
        browser.closeTab(camera);
    }

    /** Waits until the badge names the path that the selected candidate pair (read here, independently) has. */
    private String settledPath() {
        return Browser.within(LIVE, "the badge to name the path of the selected candidate pair", () -> {
            String types = browser.await("""
                    const r = await (%s).getStats();
                    let t = '';
                    r.forEach((s) => {
                      if (s.type === 'transport' && s.selectedCandidatePairId) {
                        const p = r.get(s.selectedCandidatePairId);
                        t = r.get(p.localCandidateId).candidateType + '/' + r.get(p.remoteCandidateId).candidateType;
                      }
                    });
                    return t;""".formatted(VIEWER_PC));
            String expected = switch (types) {
                case "host/host" -> "Live · Direct connection on the local network";
                case "host/prflx", "prflx/host", "prflx/prflx" -> "Live · Direct connection (address learned during the checks)";
                default -> throw new AssertionError("an unexpected pair on loopback without STUN: " + types);
            };
            assertEquals(expected, badge(), "the label for a " + types + " pair");
            return badge();
        });
    }

    @Test
    void aWaitingViewerOfABusyCameraIsConnectedAsSoonAsItIsFree() {
        String first = view(base, "pi-single");
        String second = browser.open(base + "/view?camera=pi-single");
        browser.waitFor("the second viewer to be told the camera is busy", SESSION + ".state === 'busy'", LIVE);
        assertEquals("In use by another viewer — you will be connected when it is free", badge());
        assertFalse(detail().matches(".*\\d{3,}.*"), "no codes in the text: " + detail());

        browser.tab(first);
        browser.js("document.getElementById('hangup').click()");
        browser.waitFor("the first viewer hung up", SESSION + ".state === 'hung-up'", LIVE);
        browser.tab(second);
        browser.waitFor("the waiting viewer to be connected within a status poll", SESSION + ".state === 'live'", Duration.ofSeconds(4));
        VideoProof.assertFrames(browser, VIEWER_PC, VIEWER_VIDEO);
    }

    @Test
    void aLostConnectionToCamgateIsSaidInWordsWithoutACloseCode() {
        try (LoopbackProxy proxy = new LoopbackProxy(hub.port())) {
            String camera = browser.open(base + "/publish?camera=lost-cam&autostart=1");
            browser.waitFor("the publish page to be live", "window.camgate.publisher.state === 'live'", LIVE);
            view("http://127.0.0.1:" + proxy.port(), "lost-cam");
            proxy.cut();
            browser.waitFor("the viewer to say the connection was lost", SESSION + ".state === 'retrying'", LIVE);
            assertEquals("The connection to camgate was lost.", detail());
            String shown = (String) browser.js("return document.querySelector('main').innerText");
            assertFalse(shown.contains("1006") || shown.matches("(?s).*\\(\\d+\\).*"), "no close code in what people read: " + shown);
            assertTrue(((String) browser.js("return document.getElementById('detail').title")).contains("1006"),
                    "the code is kept for whoever looks closer (tooltip)");
            browser.waitFor("live again by itself", SESSION + ".state === 'live'", LIVE);
            VideoProof.assertFrames(browser, VIEWER_PC, VIEWER_VIDEO);
            browser.closeTab(camera);
        }
    }
}
