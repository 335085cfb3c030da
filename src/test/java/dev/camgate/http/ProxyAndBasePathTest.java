package dev.camgate.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camgate.testing.TestHub;
import dev.camgate.testing.WsClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * camgate behind a reverse proxy: under a base path, believing X-Forwarded-* only from the proxies it is
 * told about. (The forwarded addresses below are only header text; no traffic goes anywhere but loopback.)
 */
class ProxyAndBasePathTest {

    @Test
    void everythingLivesUnderTheBasePath() {
        try (TestHub hub = TestHub.start("web: {base_path: /camgate/}\n")) {
            assertEquals(200, hub.get("/camgate/", Map.of()).statusCode());
            assertTrue(hub.get("/camgate/view?camera=x", Map.of()).body().contains("assets/view.js"), "pages use relative addresses");
            assertEquals(200, hub.get("/camgate/assets/signaling.js", Map.of()).statusCode());
            assertEquals(200, hub.get("/camgate/api/cameras", Map.of()).statusCode());
            assertEquals("/camgate/signaling", WsClient.JSON.readTree(hub.get("/camgate/api/client-config", Map.of()).body())
                    .get("signalingPath").asString());
            HttpResponse<String> bare = hub.get("/camgate", Map.of());
            assertEquals(303, bare.statusCode());
            assertEquals("/camgate/", bare.headers().firstValue("Location").orElseThrow());
            assertEquals(404, hub.get("/", Map.of()).statusCode());
            assertEquals(404, hub.get("/api/cameras", Map.of()).statusCode());
            try (WsClient c = WsClient.connect(hub.port(), "/camgate/signaling")) {
                assertEquals("accept", c.register("room-under-base").get("type").asString());
            }
        }
    }

    @Test
    void aTrustedProxysForwardedHeadersCountAndNobodyElses() throws Exception {
        String admin;
        String yaml = """
                auth: {}
                web: {base_path: /camgate, trusted_proxies: [127.0.0.1]}
                limits: {failures_before_backoff: 1, max_backoff: 10s}
                """;
        try (TestHub hub = TestHub.start(yaml)) {
            admin = Files.readString(TestHub.STATE.resolve("admin-token")).strip();
            Map<String, String> viaProxy = Map.of("X-Forwarded-For", "192.0.2.1", "X-Forwarded-Proto", "https",
                    "X-Forwarded-Host", "cams.example.org");
            // The browser is on https at the proxy: the cookie is Secure, scoped to the base path, and login sends it back there.
            HttpResponse<String> login = hub.get("/camgate/login?token=" + admin + "&next=%2Fgrid", viaProxy);
            assertEquals("/camgate/grid", login.headers().firstValue("Location").orElseThrow());
            String cookie = login.headers().firstValue("Set-Cookie").orElseThrow();
            assertTrue(cookie.contains("; Secure") && cookie.contains("Path=/camgate;"), cookie);
            // Same origin is the proxy's origin, not camgate's own address.
            try (WsClient ok = WsClient.connect(hub.port(), "/camgate/signaling", Map.of("Origin", "https://cams.example.org",
                    "X-Forwarded-Proto", "https", "X-Forwarded-Host", "cams.example.org"))) {
                assertTrue(ok.isOpen());
            }
            // Failed logins are counted per real client: 192.0.2.1 must wait, 192.0.2.2 need not.
            assertTrue(untilTooMany(hub, "/camgate/login?token=wrong", viaProxy), "192.0.2.1 is slowed down");
            assertEquals(303, hub.get("/camgate/login?token=wrong", Map.of("X-Forwarded-For", "192.0.2.2", "X-Forwarded-Proto", "https")).statusCode());
        }
        // Without trusted_proxies the same headers are just text: no Secure cookie, one address for everyone.
        try (TestHub hub = TestHub.start("auth: {}\nlimits: {failures_before_backoff: 1, max_backoff: 10s}\n")) {
            HttpResponse<String> login = hub.get("/login?token=" + admin, Map.of("X-Forwarded-Proto", "https"));
            assertFalse(login.headers().firstValue("Set-Cookie").orElseThrow().contains("Secure"));
            assertTrue(untilTooMany(hub, "/login?token=wrong", Map.of("X-Forwarded-For", "192.0.2.1")));
            assertEquals(429, hub.get("/login?token=wrong", Map.of("X-Forwarded-For", "192.0.2.2")).statusCode(),
                    "the header is not believed: it is the same client");
        }
    }

    /** Wrong logins until the hub says 429 (the delay doubles: 0.5 s, 1 s, 2 s...); false if it never does. */
    static boolean untilTooMany(TestHub hub, String path, Map<String, String> headers) {
        for (int i = 0; i < 8; i++) {
            int status = hub.get(path, headers).statusCode();
            if (status == 429) {
                return true;
            }
            assertEquals(303, status, "a wrong token is sent back to the login form");
        }
        return false;
    }

}
