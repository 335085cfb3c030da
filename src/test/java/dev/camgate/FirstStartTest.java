package dev.camgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camgate.testing.CamgateProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What a person sees the first time: a login link, a secret only they can read, and nothing watchable without it. */
class FirstStartTest {
    static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @Test
    void aFreshStartPrintsALoginLinkAndKeepsItsTokenPrivate() throws Exception {
        Path state = Files.createTempDirectory("camgate-first-start").resolve("state");
        String token;
        try (CamgateProcess camgate = CamgateProcess.start("--state-dir", state.toString())) {
            String line = camgate.awaitLine(l -> l.contains("log in:"));
            token = Files.readString(state.resolve("admin-token")).strip();
            assertEquals("  log in:      http://127.0.0.1:" + camgate.port + "/login?token=" + token, line);
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(state)));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(state.resolve("admin-token"))));
            assertTrue(token.length() >= 43, "256 random bits");

            String base = "http://127.0.0.1:" + camgate.port;
            assertEquals(401, get(base + "/api/cameras").statusCode(), "nothing watchable without it");
            HttpResponse<String> login = get(base + "/login?token=" + token);
            assertEquals(303, login.statusCode());
            String cookie = login.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
            assertEquals(200, HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/cameras")).header("Cookie", cookie).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode(), "everything with it");
        }
        // A restart keeps the token, so the link people saved keeps working.
        try (CamgateProcess again = CamgateProcess.start("--state-dir", state.toString())) {
            assertTrue(again.awaitLine(l -> l.contains("log in:")).endsWith("token=" + token));
        }
    }

    @Test
    void authNoneBeyondLoopbackIsShoutedAtEveryStart() throws Exception {
        var open = dev.camgate.config.Config.parseYaml("auth: none\nlisten: 0.0.0.0\n", "t.yaml");
        assertTrue(Main.openWarning(open, 41337).startsWith("AUTH IS OFF (auth: none) and camgate listens on 0.0.0.0: ANYONE"));
        assertEquals(null, Main.openWarning(open.withListen("127.0.0.1"), 41337), "on loopback it is a harmless choice");
        assertEquals(null, Main.openWarning(dev.camgate.config.Config.defaults(), 41337), "with auth on there is nothing to shout");
        // The process itself (tests stay on loopback, so it is the quiet case): no warning, no login link.
        Path config = Files.createTempFile("camgate-open", ".yaml");
        Files.writeString(config, "auth: none\n");
        try (CamgateProcess local = CamgateProcess.start("--config", config.toString())) {
            local.awaitLine(l -> l.contains("dashboard:"));
            String all = String.join("\n", local.output);
            assertFalse(all.contains("AUTH IS OFF"));
            assertFalse(all.contains("log in:"), "no login link when there is no login");
        }
    }

    static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
