package dev.camgate.browser;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Debian Chromium driven through chromedriver, with the flags that make real WebRTC work on
 * loopback (shared/browser-testing.md). One browser, several tabs; {@link #tab} switches between them.
 */
public final class Browser implements AutoCloseable {
    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    private final ChromeDriver driver;
    private final Path profile;
    /** DevTools emulation is per tab: what {@link #viewport} and {@link #emulateMedia} set, for each new tab. */
    private final Map<String, Map<String, Object>> emulation = new java.util.LinkedHashMap<>();

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** @param extraArguments more Chromium flags, e.g. to trust a test certificate */
    public static Browser launch(String... extraArguments) {
        if (!new File(CHROMIUM).canExecute() || !new File(CHROMEDRIVER).canExecute()) {
            throw new IllegalStateException("The browser tests need Debian's Chromium and chromedriver: "
                    + "apt-get install chromium chromium-driver (./run-tests says so too)");
        }
        try {
            Path profile = Files.createTempDirectory("camgate-chromium-");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM);
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--user-data-dir=" + profile, "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
                    "--allow-loopback-in-peer-connection", "--disable-features=WebRtcHideLocalIpsWithMdns",
                    // Several tabs play video at once; background tabs must not be throttled.
                    "--disable-background-timer-throttling", "--disable-renderer-backgrounding",
                    "--disable-backgrounding-occluded-windows", "--autoplay-policy=no-user-gesture-required",
                    "--window-size=1280,900");
            options.addArguments(extraArguments);
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
            return new Browser(driver, profile);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Where the current tab is now (after redirects). */
    public String url() {
        return driver.getCurrentUrl();
    }

    /** Opens a URL in a new tab and returns the tab's handle. */
    public String open(String url) {
        if (driver.getCurrentUrl() != null && !driver.getCurrentUrl().startsWith("data:") && !driver.getCurrentUrl().equals("about:blank")) {
            driver.switchTo().newWindow(WindowType.TAB);
            emulation.forEach(driver::executeCdpCommand);
        }
        driver.get(url);
        return driver.getWindowHandle();
    }

    public Browser tab(String handle) {
        driver.switchTo().window(handle);
        return this;
    }

    /** Closes a tab (its pagehide handlers run) and switches to any tab left. */
    public void closeTab(String handle) {
        driver.switchTo().window(handle).close();
        List<String> left = List.copyOf(driver.getWindowHandles());
        if (!left.isEmpty()) {
            driver.switchTo().window(left.get(0));
        }
    }

    public Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** Runs an async function body; its resolved value (JSON-like) is returned. */
    @SuppressWarnings("unchecked")
    public <T> T await(String asyncBody, Object... args) {
        String wrapped = "const done = arguments[arguments.length - 1];"
                + "(async (...args) => {" + asyncBody + "})(...Array.from(arguments).slice(0, -1))"
                + ".then(done, e => done({__error: String(e && e.stack || e)}));";
        Object result = ((JavascriptExecutor) driver).executeAsyncScript(wrapped, args);
        if (result instanceof Map<?, ?> m && m.containsKey("__error")) {
            throw new AssertionError("page script failed: " + m.get("__error"));
        }
        return (T) result;
    }

    /** Polls a JS expression until it is truthy; fails with the message and the last value after the wait. */
    public void waitFor(String what, String expression, Duration wait) {
        long end = System.nanoTime() + wait.toNanos();
        Object last = null;
        while (System.nanoTime() < end) {
            last = js("try { return " + expression + "; } catch (e) { return null; }");
            if (last != null && !Boolean.FALSE.equals(last) && !"".equals(last) && !(last instanceof Long l && l == 0)) {
                return;
            }
            sleep(100);
        }
        Object page = js("try { const s = window.camgate?.session; return location.href + ' | ' + (s ? s.state + ': ' + s.detail"
                + " + ' | pc ' + (s.pc ? s.pc.connectionState + '/' + s.pc.iceConnectionState + '/' + s.pc.signalingState : 'none') : '')"
                + " + ' | ' + document.body.innerText.slice(0, 300); } catch (e) { return String(e); }");
        throw new AssertionError("timed out after " + wait.toSeconds() + " s waiting for " + what + " (" + expression + " was " + last
                + "); the page: " + page);
    }

    public byte[] screenshot() {
        return driver.getScreenshotAs(org.openqa.selenium.OutputType.BYTES);
    }

    /** Saves a screenshot as target/screenshots/NAME.png, for a person to look at after the run. */
    public void saveScreenshot(String name) {
        try {
            Path dir = Path.of("target", "screenshots");
            Files.createDirectories(dir);
            Files.write(dir.resolve(name + ".png"), screenshot());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public void resize(int width, int height) {
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(width, height));
    }

    /** The page's viewport exactly, as on a phone of that size (DevTools, not the window frame). */
    public void viewport(int width, int height) {
        emulate("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", false));
    }

    /** Emulates a media feature such as prefers-color-scheme: light or prefers-reduced-motion: reduce. */
    public void emulateMedia(String feature, String value) {
        emulate("Emulation.setEmulatedMedia", Map.of("features", List.of(Map.of("name", feature, "value", value))));
    }

    private void emulate(String command, Map<String, Object> parameters) {
        emulation.put(command, parameters);
        driver.executeCdpCommand(command, parameters);
    }

    /** A real click on the first element matching a CSS selector (a user gesture, unlike element.click()). */
    public void click(String selector) {
        driver.findElement(org.openqa.selenium.By.cssSelector(selector)).click();
    }

    /** A real click at (x, y) CSS pixels from the top-left corner of the first element matching a selector. */
    public void clickAt(String selector, int x, int y) {
        var element = driver.findElement(org.openqa.selenium.By.cssSelector(selector));
        var size = element.getSize();
        // Selenium's offsets count from the element's centre.
        new org.openqa.selenium.interactions.Actions(driver).moveToElement(element, x - size.getWidth() / 2, y - size.getHeight() / 2).click().perform();
    }

    /** A real drag along an element at height y: press at fromX, move in steps to toX, release (from its top-left). */
    public void drag(String selector, int fromX, int toX, int y) {
        var element = driver.findElement(org.openqa.selenium.By.cssSelector(selector));
        var size = element.getSize();
        var actions = new org.openqa.selenium.interactions.Actions(driver)
                .moveToElement(element, fromX - size.getWidth() / 2, y - size.getHeight() / 2).clickAndHold();
        int steps = 5;
        for (int i = 1; i <= steps; i++) {
            actions.moveToElement(element, fromX + (toX - fromX) * i / steps - size.getWidth() / 2, y - size.getHeight() / 2);
        }
        actions.release().perform();
    }

    /** Types keys into whatever has the focus, as a keyboard would. */
    public void press(CharSequence keys) {
        new org.openqa.selenium.interactions.Actions(driver).sendKeys(keys).perform();
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static <T> T within(Duration wait, String what, Supplier<T> attempt) {
        long end = System.nanoTime() + wait.toNanos();
        AssertionError last = null;
        while (System.nanoTime() < end) {
            try {
                return attempt.get();
            } catch (AssertionError e) {
                last = e;
                sleep(250);
            }
        }
        throw new AssertionError("timed out waiting for " + what + (last == null ? "" : ": " + last.getMessage()), last);
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a temp dir left behind is harmless
            }
        }
    }
}
