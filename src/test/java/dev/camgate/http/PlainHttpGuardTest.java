package dev.camgate.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camgate.config.Config;
import dev.camgate.testing.TestHub;
import java.net.InetAddress;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Logins and API requests over plain http from an internet address are refused with words that say what to do. */
class PlainHttpGuardTest {
    static final String PROXIED = "auth: {}\nweb: {trusted_proxies: [127.0.0.1]}\n";

    @Test
    void anInternetClientOverPlainHttpIsRefusedAHomeOneAndHttpsAreNot() {
        try (TestHub hub = TestHub.start(PROXIED)) {
            HttpResponse<String> outside = hub.get("/api/cameras", Map.of("X-Forwarded-For", "203.0.113.5", "X-Forwarded-Proto", "http"));
            assertEquals(403, outside.statusCode());
            assertTrue(outside.body().contains("turn on TLS first (tls: {self_signed: true}) or put camgate behind HTTPS".replace("turn", "Turn")),
                    outside.body());
            HttpResponse<String> page = hub.get("/login?token=x", Map.of("X-Forwarded-For", "203.0.113.5", "X-Forwarded-Proto", "http",
                    "Accept", "text/html,*/*;q=0.8"));
            assertEquals(403, page.statusCode());
            assertTrue(page.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"));
            assertTrue(page.body().contains("Turn on TLS first"), page.body());

            assertEquals(401, hub.get("/api/cameras", Map.of("X-Forwarded-For", "192.168.1.5", "X-Forwarded-Proto", "http")).statusCode(),
                    "a home address gets the usual answer");
            assertEquals(401, hub.get("/api/cameras", Map.of("X-Forwarded-For", "203.0.113.5", "X-Forwarded-Proto", "https")).statusCode(),
                    "behind an HTTPS proxy nothing crossed in clear");
            assertEquals(200, hub.get("/", Map.of("X-Forwarded-For", "203.0.113.5", "X-Forwarded-Proto", "http")).statusCode(),
                    "pages carry no secret");
        }
        try (TestHub hub = TestHub.start("auth: {}\nweb: {trusted_proxies: [127.0.0.1], allow_plain_http_from_internet: true}\n")) {
            assertEquals(401, hub.get("/api/cameras", Map.of("X-Forwarded-For", "203.0.113.5", "X-Forwarded-Proto", "http")).statusCode(),
                    "the owner chose to allow it");
        }
    }

    @Test
    void privateMeansNotReachableFromTheInternet() throws Exception {
        for (String home : new String[] {"127.0.0.1", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.5", "100.64.0.1",
                "100.127.255.254", "169.254.1.1", "::1", "fd12:3456::1", "fe80::1"}) {
            assertTrue(PlainHttpGuard.isPrivate(InetAddress.getByName(home)), home);
        }
        for (String internet : new String[] {"203.0.113.5", "8.8.8.8", "172.32.0.1", "100.128.0.1", "2001:db8::1", "::ffff:8.8.8.8"}) {
            assertFalse(PlainHttpGuard.isPrivate(InetAddress.getByName(internet)), internet);
        }
    }

    @Test
    void theWarningAtStartIsForPlainHttpBeyondLoopbackOnly() {
        Config lan = Config.parseYaml("listen: 0.0.0.0\n", "t.yaml");
        assertTrue(PlainHttpGuard.startWarning(lan).contains("do NOT forward its port"));
        assertEquals(null, PlainHttpGuard.startWarning(lan.withListen("127.0.0.1")));
        assertEquals(null, PlainHttpGuard.startWarning(Config.parseYaml("listen: 0.0.0.0\ntls: {self_signed: true}\n", "t.yaml")));
    }

}
