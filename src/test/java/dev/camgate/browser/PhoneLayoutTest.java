package dev.camgate.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camgate.auth.Passwords;
import dev.camgate.testing.TestHub;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pages on a phone, measured: nothing clipped, video and controls on one screen, no stale "Online". */
class PhoneLayoutTest {
    static final Duration LIVE = Duration.ofSeconds(20);

    /** Problems with the header at this size, or "" when none: clipped nav, overlapping parts, sideways scroll. */
    static final String HEADER_PROBLEMS = """
            const nav = document.querySelector('.bar nav').getBoundingClientRect();
            const out = [];
            const n = document.querySelector('.bar nav');
            if (n.scrollWidth > n.clientWidth) out.push('nav clipped: ' + n.scrollWidth + ' > ' + n.clientWidth);
            for (const a of document.querySelectorAll('.bar nav a')) {
              const r = a.getBoundingClientRect();
              if (r.left < nav.left - 0.5 || r.right > nav.right + 0.5) out.push(a.textContent + ' cut off');
            }
            const parts = [...document.querySelectorAll('.bar > *')].filter((e) => e.checkVisibility()).map((e) => e.getBoundingClientRect());
            for (let i = 0; i < parts.length; i++) for (let j = i + 1; j < parts.length; j++) {
              const a = parts[i], b = parts[j];
              if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) out.push('header parts ' + i + ' and ' + j + ' overlap');
            }
            if (document.documentElement.scrollWidth > innerWidth) out.push('page scrolls sideways');
            return out.join('; ');""";

    /** Problems with the given elements: outside the viewport (without scrolling) or overlapping each other. */
    static final String FITS = """
            const ids = arguments[0];
            const out = [];
            scrollTo(0, 0);
            const rects = ids.map((id) => [id, document.getElementById(id).getBoundingClientRect()]);
            for (const [id, r] of rects) {
              if (r.width === 0 || r.height === 0) out.push(id + ' has no size');
              if (r.left < 0 || r.top < 0 || r.right > innerWidth + 0.5 || r.bottom > innerHeight + 0.5)
                out.push(id + ' outside the ' + innerWidth + 'x' + innerHeight + ' screen: ' + JSON.stringify(r));
            }
            for (let i = 0; i < rects.length; i++) for (let j = i + 1; j < rects.length; j++) {
              const [x, a] = rects[i], [y, b] = rects[j];
              if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) out.push(x + ' overlaps ' + y);
            }
            return out.join('; ');""";

    @Test
    void aPortraitPhoneShowsTheWholeNavigationWhenLoggedIn() {
        try (TestHub hub = TestHub.start("""
                auth:
                  users:
                    - {name: alice, password_hash: "%s", rights: {"*": publish}}
                """.formatted(Passwords.hash("alice-password-1".toCharArray())));
                Browser browser = Browser.launch()) {
            String base = "http://127.0.0.1:" + hub.port();
            browser.open(base + "/login?next=%2F");
            browser.js("document.querySelector('input[name=name]').value = 'alice';"
                    + "document.querySelector('input[name=password]').value = 'alice-password-1';"
                    + "document.querySelector('input[name=name]').form.submit()");
            browser.waitFor("the dashboard after logging in", "location.pathname === '/'", LIVE);
            browser.viewport(390, 844);
            for (String page : List.of("/", "/grid", "/publish")) {
                browser.open(base + page);
                browser.waitFor("the account corner on " + page, "!document.querySelector('form.account').hidden", LIVE);
                assertEquals("", browser.js(HEADER_PROBLEMS), "the header of " + page + " at 390x844");
            }
        }
    }

    @Test
    void aLandscapePhoneFitsVideoAndControls() {
        try (TestHub hub = TestHub.start(null); Browser browser = Browser.launch()) {
            String base = "http://127.0.0.1:" + hub.port();
            browser.viewport(844, 390);
            browser.open(base + "/publish?camera=sideways&autostart=1");
            browser.waitFor("the publish page to be live", "window.camgate.publisher.state === 'live'", LIVE);
            assertEquals("", browser.js(FITS, List.of("preview", "start", "stop", "state")), "/publish at 844x390");
            browser.saveScreenshot("publish-landscape-phone");
            browser.open(base + "/view?camera=sideways");
            browser.waitFor("the viewer to be live", "window.camgate.session.state === 'live'", LIVE);
            assertEquals("", browser.js(FITS, List.of("remote-video", "call", "hangup", "fullscreen", "state")), "/view at 844x390");
            browser.saveScreenshot("view-landscape-phone");
            VideoProof.assertFrames(browser, BrowserVideoTest.VIEWER_PC, BrowserVideoTest.VIEWER_VIDEO);

            // Upright, the publish status line stays off the picture (the test pattern's caption is at its bottom).
            browser.viewport(390, 844);
            browser.open(base + "/publish?camera=upright&autostart=1");
            browser.waitFor("the publish page to be live", "window.camgate.publisher.state === 'live'", LIVE);
            assertEquals("", browser.js(FITS.replace("if (r.left < 0 || r.top < 0 || r.right > innerWidth + 0.5 || r.bottom > innerHeight + 0.5)", "if (false)"),
                    List.of("preview", "detail")), "/publish at 390x844");
        }
    }

    @Test
    void theDashboardStopsClaimingOnlineWhenTheHubIsUnreachable() {
        TestHub hub = TestHub.start(null);
        boolean stopped = false;
        try (Browser browser = Browser.launch()) {
            String base = "http://127.0.0.1:" + hub.port();
            browser.open(base + "/publish?camera=stale-cam&name=Stale&autostart=1");
            browser.waitFor("the publish page to be live", "window.camgate.publisher.state === 'live'", LIVE);
            browser.open(base + "/");
            browser.waitFor("the camera online on the dashboard", "document.querySelector('[data-camera=stale-cam]')?.dataset.status === 'online'", LIVE);
            hub.close();
            stopped = true;
            browser.waitFor("the 'not reachable' banner", "!document.getElementById('banner').hidden", LIVE);
            assertEquals("unknown", browser.js("return document.querySelector('[data-camera=stale-cam]').dataset.status"));
            assertEquals("Unknown", browser.js("return document.querySelector('[data-camera=stale-cam] .badge').textContent"));
            assertEquals(true, browser.js("return document.getElementById('cameras').classList.contains('stale')"), "cards greyed out");
            assertEquals("grayscale(1)", browser.js("return getComputedStyle(document.querySelector('[data-camera=stale-cam]')).filter"));
            assertTrue(!((String) browser.js("return document.getElementById('cameras').innerText")).contains("Online"), "no card says Online");
        } finally {
            if (!stopped) {
                hub.close();
            }
        }
    }
}
