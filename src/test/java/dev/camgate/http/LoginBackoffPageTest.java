package dev.camgate.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camgate.testing.TestHub;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** During the failed-login back-off a browser gets the login form with the reason; scripts keep their JSON 429. */
class LoginBackoffPageTest {
    static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    static final String HTML = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    @Test
    void aBrowserIsSentBackToTheFormWithTheMessageAndAScriptGetsJson() throws Exception {
        try (TestHub hub = TestHub.start("auth: {}\nlimits: {failures_before_backoff: 1, max_backoff: 30s}\n")) {
            String base = "http://127.0.0.1:" + hub.port();
            // Five checked failures (waiting out each back-off) leave a 4 s back-off: time for the three requests below.
            for (int failures = 0; failures < 5; ) {
                HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + "/login?token=wrong")));
                if (r.statusCode() == 429) {
                    Thread.sleep(Long.parseLong(r.headers().firstValue("Retry-After").orElseThrow()) * 1000 + 100);
                } else {
                    assertEquals(303, r.statusCode());
                    failures++;
                }
            }
            // Now the address must wait: the link clicked again, and the form posted.
            HttpResponse<String> link = send(HttpRequest.newBuilder(URI.create(base + "/login?token=wrong")).header("Accept", HTML));
            HttpResponse<String> form = send(HttpRequest.newBuilder(URI.create(base + "/login")).header("Accept", HTML)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("name=admin&password=whatever1&next=%2Fgrid")));
            for (HttpResponse<String> r : new HttpResponse[] {link, form}) {
                assertEquals(303, r.statusCode(), r.body());
                String location = URLDecoder.decode(r.headers().firstValue("Location").orElseThrow(), StandardCharsets.UTF_8);
                assertTrue(location.startsWith("/login?error=too many failed logins from your address: try again in "), location);
            }
            assertTrue(URLDecoder.decode(form.headers().firstValue("Location").orElseThrow(), StandardCharsets.UTF_8).endsWith("&next=/grid"));
            HttpResponse<String> script = send(HttpRequest.newBuilder(URI.create(base + "/login?token=wrong")).header("Accept", "application/json"));
            assertEquals(429, script.statusCode());
            assertTrue(script.body().startsWith("{\"error\":\"too many failed logins"), script.body());
        }
    }

    static HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return HTTP.send(b.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
