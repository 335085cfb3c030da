package dev.camgate.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camgate.testing.TestHub;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * https and wss on camgate's one port with the certificate it makes for the LAN. Chromium is told to
 * trust exactly that certificate's key (as a person does when they accept the printed fingerprint), then
 * logs in, publishes and watches: frames decoded over wss.
 */
class TlsBrowserTest {
    static final Duration LIVE = Duration.ofSeconds(20);

    @Test
    void theSelfSignedCertificateServesPagesAndSignalingAndVideoFlows() throws Exception {
        Path state = Files.createTempDirectory("camgate-tls-state");
        String yaml = "state_dir: " + state + "\nauth: {}\ntls: {self_signed: true}\n";
        String fingerprint;
        try (TestHub hub = TestHub.start(yaml)) {
            var tls = hub.hub().tls();
            Path pem = state.resolve("tls/camgate.crt");
            assertEquals(pem, tls.certificateFile());
            assertTrue(Files.readString(pem).startsWith("-----BEGIN CERTIFICATE-----"), "a PEM to import on a phone");
            byte[] der = tls.certificate().getEncoded();
            fingerprint = HexFormat.ofDelimiter(":").withUpperCase().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
            assertEquals(fingerprint, tls.fingerprint(), "the printed fingerprint is the certificate's SHA-256");

            // Someone who types http:// is sent to https://, and gets nothing else in plain text.
            HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1).build();
            HttpResponse<String> redirect = plain.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + hub.port() + "/view?camera=x")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(303, redirect.statusCode());
            assertEquals("https://127.0.0.1:" + hub.port() + "/view?camera=x", redirect.headers().firstValue("Location").orElseThrow());

            String base = "https://127.0.0.1:" + hub.port();
            String publish = "/publish?camera=tls-cam&name=Secure&autostart=1";
            try (Browser browser = Browser.launch("--ignore-certificate-errors-spki-list=" + tls.spkiHash())) {
                browser.open(base + "/login?token=" + hub.hub().adminToken() + "&next=" + URLEncoder.encode(publish, StandardCharsets.UTF_8));
                browser.waitFor("the publish page, live over https",
                        "location.protocol === 'https:' && window.camgate?.publisher?.state === 'live'", LIVE);
                browser.open(base + "/view?camera=tls-cam");
                browser.waitFor("the viewer to be live", "window.camgate?.session?.state === 'live'", LIVE);
                assertTrue(((String) browser.js("return window.camgate.session.socket.ws.url")).startsWith("wss://127.0.0.1:"),
                        "signaling runs over wss");
                VideoProof.assertFrames(browser, BrowserVideoTest.VIEWER_PC, BrowserVideoTest.VIEWER_VIDEO);
            }
        }
        // The certificate is kept: a restart serves the same one, so a browser told to trust it still does.
        try (TestHub again = TestHub.start(yaml)) {
            assertEquals(fingerprint, again.hub().tls().fingerprint());
        }
    }
}
