package dev.camgate.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.camgate.testing.TestHub;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The official Ayame Web SDK (npm @open-ayame/ayame-web-sdk, pinned in test-deps/) against camgate, unmodified
 * and with auth on: as a camera proving itself with its camera key, watched on camgate's viewer page by a
 * logged-in person; as a viewer of camgate's browser camera with a token as its signalingKey; and as both ends
 * of a plain Ayame room with that token.
 */
class AyameSdkTest {
    static final Path SDK = Path.of("test-deps", "node_modules", "@open-ayame", "ayame-web-sdk", "dist", "ayame.mjs");
    static final Duration LIVE = Duration.ofSeconds(20);
    static final String TOKEN = dev.camgate.auth.Tokens.random();
    static TestHub hub;
    static String base;
    static String sdkSource;
    /** The app's own site, as an Ayame SDK app has one: camgate's pages allow no script but camgate's own. */
    static com.sun.net.httpserver.HttpServer appSite;
    static String appOrigin;
    Browser browser;

    @BeforeAll
    static void start() throws IOException {
        if (!Files.isRegularFile(SDK)) {
            throw new IllegalStateException(SDK + " is missing: run ./run-tests (it installs test-deps with npm ci)");
        }
        sdkSource = Files.readString(SDK, StandardCharsets.UTF_8);
        appSite = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 8);
        appSite.createContext("/", exchange -> {
            byte[] page = "<!doctype html><title>an Ayame SDK app</title>".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        appSite.start();
        appOrigin = "http://127.0.0.1:" + appSite.getAddress().getPort();
        hub = TestHub.start("""
                web: {allowed_origins: ["%s"]}
                auth:
                  tokens: [{name: sdk-app, token_hash: "%s", rights: {"*": publish}}]
                cameras:
                  - id: sdk-cam
                    name: SDK camera
                    type: ayame
                    key: sdk-camera-key
                  - {id: sdk-relayed, type: ayame, key: sdk-relayed-key, relay: true}
                """.formatted(appOrigin, dev.camgate.auth.Tokens.hash(TOKEN)));
        base = "http://127.0.0.1:" + hub.port();
    }

    @AfterAll
    static void stop() {
        hub.close();
        appSite.stop(0);
    }

    @BeforeEach
    void launch() {
        browser = Browser.launch();
    }

    @AfterEach
    void quit() {
        browser.close();
    }

    /** Opens the app's page and starts an SDK connection in it, exposing it as window.sdk and its video as window.sdkVideo. */
    String sdkPage(String roomId, String direction, String signalingKey) {
        return sdkPage(browser, roomId, direction, signalingKey);
    }

    static String sdkPage(Browser browser, String roomId, String direction, String signalingKey) {
        String tab = browser.open(appOrigin + "/");
        browser.await("""
                const [source, url, roomId, direction, key] = args;
                const Ayame = await import(URL.createObjectURL(new Blob([source], {type: 'text/javascript'})));
                const video = document.createElement('video');
                video.muted = true; video.autoplay = true; video.playsInline = true;
                document.body.append(video);
                window.sdkVideo = video;
                const options = {...Ayame.defaultOptions, clientId: crypto.randomUUID(),
                  video: {direction, enabled: true}, audio: {direction, enabled: direction === 'recvonly'}};
                if (key) options.signalingKey = key;
                const conn = Ayame.connection(url, roomId, options, false);
                conn.on('addstream', (e) => { video.srcObject = e.stream; });
                conn.on('disconnect', (e) => { window.sdkDisconnect = e && e.reason || 'disconnected'; });
                window.sdk = conn;
                const stream = direction === 'sendonly'
                  ? await navigator.mediaDevices.getUserMedia({video: true, audio: false}) : null;
                if (stream) video.srcObject = stream;
                await conn.connect(stream);
                return true;
                """, sdkSource, base.replace("http", "ws") + "/signaling", roomId, direction,
                signalingKey);
        return tab;
    }

    @Test
    void theSdkAsACameraIsWatchedOnCamgatesViewerPage() {
        sdkPage("sdk-cam", "sendonly", "sdk-camera-key");
        Browser.within(LIVE, "the SDK camera online", () -> {
            assertEquals("online", hub.getJson("/api/cameras/sdk-cam", TOKEN).get("status").asString());
            return true;
        });
        browser.open(base + "/login?token=" + TOKEN + "&next=" + java.net.URLEncoder.encode("/view?camera=sdk-cam&codec=VP8",
                StandardCharsets.UTF_8));
        browser.waitFor("the viewer to be live", "window.camgate.session.state === 'live'", LIVE);
        VideoProof.assertFrames(browser, "window.camgate.session.pc", "document.getElementById('remote-video')")
                .assertCodec("video/VP8");
        assertEquals("in-use", hub.getJson("/api/cameras/sdk-cam", TOKEN).get("status").asString(), "Momo-style cameras serve one viewer");
    }

    @Test
    void theSdkAsAViewerWatchesCamgatesBrowserCamera() {
        browser.open(base + "/login?token=" + TOKEN + "&next=" + java.net.URLEncoder.encode("/publish?camera=sdk-watched&autostart=1",
                StandardCharsets.UTF_8));
        browser.waitFor("the publish page to be live", "window.camgate.publisher.state === 'live'", LIVE);
        // Another browser, never logged in: the SDK's signalingKey is its only credential.
        try (Browser app = Browser.launch()) {
            sdkPage(app, "sdk-watched", "recvonly", TOKEN);
            VideoProof.assertFrames(app, "window.sdk.pc", "window.sdkVideo");
        }
    }

    /**
     * An Ayame camera (what Momo in ayame mode is) relayed: camgate joins its room as the other member and
     * offers, the SDK camera answers once; two unmodified SDK viewers then get camgate's answers.
     */
    @Test
    void twoSdkViewersWatchARelayedSdkCamera() {
        sdkPage("sdk-relayed", "sendonly", "sdk-relayed-key");
        Browser.within(LIVE, "the SDK camera online", () -> {
            assertEquals("online", hub.getJson("/api/cameras/sdk-relayed", TOKEN).get("status").asString());
            return true;
        });
        try (Browser app = Browser.launch()) {
            String first = sdkPage(app, "sdk-relayed", "recvonly", TOKEN);
            VideoProof.assertFrames(app, "window.sdk.pc", "window.sdkVideo");
            sdkPage(app, "sdk-relayed", "recvonly", TOKEN);
            VideoProof.assertFrames(app, "window.sdk.pc", "window.sdkVideo");
            app.tab(first);
            VideoProof.assertFrames(app, "window.sdk.pc", "window.sdkVideo");
        }
        var camera = hub.getJson("/api/cameras/sdk-relayed", TOKEN);
        assertEquals("online", camera.get("status").asString(), "relayed, the one-viewer camera is never in use");
        assertEquals(true, camera.get("relay").get("live").asBoolean());
    }

    @Test
    void twoSdkClientsTalkInAPlainAyameRoom() {
        sdkPage("plain-sdk-room", "sendonly", TOKEN);
        sdkPage("plain-sdk-room", "recvonly", TOKEN);
        VideoProof.assertFrames(browser, "window.sdk.pc", "window.sdkVideo");
    }
}
