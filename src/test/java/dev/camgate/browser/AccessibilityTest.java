package dev.camgate.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camgate.testing.TestHub;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Contrast measured from computed colours in both themes, announced status changes, icon and manifest. */
class AccessibilityTest {
    static final Duration LIVE = Duration.ofSeconds(20);
    static TestHub hub;
    static String base;
    Browser browser;

    /** Every visible piece of text on badges, buttons and status lines whose contrast is under 4.5:1 (WCAG AA). */
    static final String LOW_CONTRAST = """
            const rgba = (s) => {
              const m = s.match(/rgba?\\(([^)]+)\\)/);
              if (!m) return null;
              const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
              return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
            };
            const over = (top, under) => top.slice(0, 3).map((c, i) => c * top[3] + under[i] * (1 - top[3]));
            const background = (el) => {
              const layers = [];
              for (let e = el; e; e = e.parentElement) {
                const c = rgba(getComputedStyle(e).backgroundColor);
                if (c && c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
              }
              return layers.reverse().reduce((under, top) => over(top, under), [255, 255, 255]);
            };
            const luminance = (rgb) => {
              const [r, g, b] = rgb.map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
              return 0.2126 * r + 0.7152 * g + 0.0722 * b;
            };
            const ratio = (a, b) => { const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
            const out = [];
            const selector = '.badge, button, .button, .bar nav a, .brand, .muted, .meta, .note, .status-line, .banner, .placeholder .what, .placeholder .why, .error, label, h1, h2';
            for (const el of document.querySelectorAll(selector)) {
              if (!el.checkVisibility() || !el.textContent.trim() || el.closest(':disabled')) continue;
              const bg = background(el);
              const fg = over(rgba(getComputedStyle(el).color), bg);
              const r = ratio(fg, bg);
              if (r < 4.5) out.push(`"${el.textContent.trim().slice(0, 30)}" ${r.toFixed(2)}:1 (${fg.map(Math.round)} on ${bg.map(Math.round)})`);
            }
            return out.join('; ');""";

    @BeforeAll
    static void startHub() {
        hub = TestHub.start("""
                cameras:
                  - {id: porch, name: Porch, type: browser, key: porch-secret-key}
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

    @Test
    void textHasAaContrastInTheDarkAndTheLightTheme() {
        List<String> tabs = new java.util.ArrayList<>();
        tabs.add(browser.open(base + "/publish?camera=contrast&name=Contrast&autostart=1"));
        browser.waitFor("the publish page to be live", "window.camgate.publisher.state === 'live'", LIVE);
        tabs.add(browser.open(base + "/view?camera=contrast"));
        browser.waitFor("the viewer to be live", "window.camgate.session.state === 'live'", LIVE);
        tabs.add(browser.open(base + "/"));
        browser.waitFor("online and offline cards", "document.querySelector('.status-online') && document.querySelector('.status-offline')", LIVE);
        tabs.add(browser.open(base + "/grid"));
        browser.waitFor("a live tile and an offline one", "document.querySelector('.tile .state-live') && document.querySelector('.tile .status-offline')", LIVE);
        for (String theme : List.of("dark", "light")) {
            for (String tab : tabs) {
                browser.tab(tab);
                browser.emulateMedia("prefers-color-scheme", theme);
                browser.waitFor("colour transitions to end", "document.getAnimations().length === 0", LIVE);
                String background = (String) browser.js("return getComputedStyle(document.body).backgroundColor");
                assertEquals(theme.equals("light") ? "rgb(245, 247, 250)" : "rgb(15, 18, 22)", background, theme + " theme on " + browser.url());
                assertEquals("", browser.js(LOW_CONTRAST), "text under 4.5:1 in the " + theme + " theme on " + browser.url());
            }
        }
    }

    @Test
    void reducedMotionTurnsTransitionsOff() {
        browser.open(base + "/publish");
        String button = "parseFloat(getComputedStyle(document.getElementById('start')).transitionDuration)";
        assertEquals(0.15, ((Number) browser.js("return " + button)).doubleValue(), 1e-9, "buttons ease their colour normally");
        browser.emulateMedia("prefers-reduced-motion", "reduce");
        assertTrue(((Number) browser.js("return " + button)).doubleValue() < 0.001, "no transition with prefers-reduced-motion");
    }

    @Test
    void statusChangesAreAnnounced() {
        for (String page : List.of("/", "/grid", "/publish")) {
            browser.open(base + page);
            @SuppressWarnings("unchecked")
            List<String> live = (List<String>) browser.js("return [...document.querySelectorAll('[role=status]')]"
                    + ".filter((e) => e.getAttribute('aria-live') === 'polite').map((e) => e.id)");
            assertTrue(!live.isEmpty(), page + " has a polite status region");
        }
        String dashboard = browser.open(base + "/");
        browser.waitFor("the porch card, offline", "document.querySelector('[data-camera=porch]')?.dataset.status === 'offline'", LIVE);
        String grid = browser.open(base + "/grid");
        browser.waitFor("the grid to say the porch is offline", "document.getElementById('announce').textContent === 'Porch: Offline'", LIVE);
        browser.open(base + "/publish?camera=porch&key=porch-secret-key&autostart=1");
        browser.waitFor("the publish page to be live", "window.camgate.publisher.state === 'live'", LIVE);
        assertEquals("Publishing", browser.js("return document.querySelector('#state[role=status]').textContent"));
        browser.tab(dashboard);
        browser.waitFor("the dashboard to announce the porch online", "document.getElementById('announce').textContent === 'Porch is now online.'", LIVE);
        browser.tab(grid);
        browser.waitFor("the grid to announce the porch live", "document.getElementById('announce').textContent === 'Porch: live'", LIVE);
    }

    @Test
    void everyPageHasAnIconAndAManifestForTheHomeScreen() {
        for (String page : List.of("/", "/grid", "/publish", "/view?camera=porch", "/login")) {
            browser.open(base + page);
            assertEquals(true, browser.js("return !!document.querySelector('link[rel=icon][type=\"image/svg+xml\"]')"
                    + " && document.querySelector('link[rel=manifest]')?.getAttribute('href') === 'manifest.webmanifest'"), "icon and manifest linked from " + page);
        }
        Map<String, Object> icon = browser.await("""
                const r = await fetch('favicon.ico');
                const bytes = new Uint8Array(await r.arrayBuffer());
                return {status: r.status, type: r.headers.get('content-type'), head: Array.from(bytes.slice(0, 4)).join(',')};""");
        assertEquals(Map.of("status", 200L, "type", "image/x-icon", "head", "0,0,1,0"), icon, "/favicon.ico is an icon file");
        Map<String, Object> manifest = browser.await("""
                const link = document.querySelector('link[rel=manifest]');
                const r = await fetch(link.href);
                const m = await r.json();
                const icons = [];
                for (const i of m.icons) {
                  const res = await fetch(new URL(i.src, r.url));
                  icons.push(res.status + ' ' + res.headers.get('content-type') + ' ' + i.sizes);
                }
                return {type: r.headers.get('content-type'), name: m.name, display: m.display, start: m.start_url,
                        startResolved: new URL(m.start_url, r.url).href, icons: icons.join(' | ')};""");
        assertEquals("application/manifest+json", manifest.get("type"));
        assertEquals("camgate", manifest.get("name"));
        assertEquals("standalone", manifest.get("display"));
        String start = (String) manifest.get("start");
        assertTrue(!start.startsWith("/") && !start.contains(":"), "start_url is relative (base paths): " + start);
        assertEquals(base + "/", manifest.get("startResolved"));
        assertEquals("200 image/svg+xml any | 200 image/png 192x192 | 200 image/png 512x512", manifest.get("icons"));
    }
}
