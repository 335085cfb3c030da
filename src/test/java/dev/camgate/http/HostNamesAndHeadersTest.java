package dev.camgate.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camgate.testing.TestHub;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;

/**
 * DNS rebinding: a page on an attacker's name whose DNS now points at camgate is same-origin with itself, so
 * only the Host header tells it apart; and the headers that keep camgate's pages out of other sites' hands.
 */
class HostNamesAndHeadersTest {
    @Test
    void aRebindingPageGetsNothingEvenWithoutAuth() throws IOException {
        try (TestHub hub = TestHub.start("adhoc_cameras: true\n")) {
            String evil = "attacker.example:" + hub.port();
            String api = raw(hub.port(), "GET /api/cameras HTTP/1.1\r\nHost: " + evil + "\r\nOrigin: http://" + evil + "\r\n");
            assertTrue(api.startsWith("HTTP/1.1 421"), api);
            assertTrue(api.contains("web.hostnames"), "the refusal says how to allow a real name: " + api);
            String ws = raw(hub.port(), "GET /signaling HTTP/1.1\r\nHost: " + evil + "\r\nOrigin: http://" + evil
                    + "\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n");
            assertTrue(ws.startsWith("HTTP/1.1 421"), "no viewer seat for a rebinding page: " + ws);
            String momo;
            try (Socket s = new Socket("127.0.0.1", hub.port())) {
                s.setSoTimeout(5000);
                s.getOutputStream().write(("GET /signaling HTTP/1.1\r\nHost: nas.example:" + hub.port() + "\r\nConnection: Upgrade\r\n"
                        + "Upgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                momo = dev.camgate.testing.RawWs.readHead(s.getInputStream());
            }
            assertTrue(momo != null && momo.startsWith("HTTP/1.1 101"), "Momo (no Origin: not a browser) may use any name: " + momo);
            for (String fine : List.of("127.0.0.1:" + hub.port(), "localhost:" + hub.port(), "[::1]:" + hub.port(), "LOCALHOST")) {
                String ok = raw(hub.port(), "GET /api/cameras HTTP/1.1\r\nHost: " + fine + "\r\n");
                assertTrue(ok.startsWith("HTTP/1.1 200"), fine + ": " + ok);
            }
        }
    }

    @Test
    void namesInTheConfigAreServed() throws IOException {
        try (TestHub hub = TestHub.start("web: {hostnames: [cams.example.org, \"*.home.example\"]}\n")) {
            assertTrue(raw(hub.port(), "GET /.ok HTTP/1.1\r\nHost: cams.example.org\r\n").startsWith("HTTP/1.1 200"));
            assertTrue(raw(hub.port(), "GET /.ok HTTP/1.1\r\nHost: pi.home.example:8443\r\n").startsWith("HTTP/1.1 200"));
            assertTrue(raw(hub.port(), "GET /.ok HTTP/1.1\r\nHost: home.example.attacker.example\r\n").startsWith("HTTP/1.1 421"));
        }
    }

    @Test
    void hostNamesMatchWholeNamesOnly() {
        HostNames names = HostNames.of(List.of("cams.example.org", "*.lan.example"), "raspberrypi");
        assertTrue(names.allows("raspberrypi.local:41337"));
        assertTrue(names.allows("RaspberryPi"));
        assertTrue(names.allows("cams.example.org."));
        assertTrue(names.allows("a.b.lan.example"));
        assertTrue(names.allows("192.168.1.20:41337"));
        assertTrue(names.allows("[fe80::1]:41337"));
        assertTrue(names.allows("dev.localhost"));
        assertFalse(names.allows("lan.example"), "a wildcard needs a label in front");
        assertFalse(names.allows("raspberrypi.attacker.example"));
        assertFalse(names.allows("cams.example.org.attacker.example"));
        assertFalse(names.allows("evil\u0000.localhost"));
        assertFalse(names.allows(""));
        assertTrue(HostNames.of(List.of("*"), "").allows("anything.example"));
    }

    @Test
    void pagesForbidFramingReferrersAndForeignScripts() throws IOException {
        try (TestHub hub = TestHub.start(null)) {
            String page = raw(hub.port(), "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n");
            assertTrue(page.startsWith("HTTP/1.1 200"), page);
            String csp = header(page, "content-security-policy");
            assertTrue(csp.contains("frame-ancestors 'none'") && csp.contains("script-src 'self'") && csp.contains("object-src 'none'"), csp);
            assertEquals("DENY", header(page, "x-frame-options"));
            assertEquals("no-referrer", header(page, "referrer-policy"));
            assertEquals("", header(page, "strict-transport-security"), "no HSTS over plain http");
            String error = raw(hub.port(), "GET /nothing-here HTTP/1.1\r\nHost: 127.0.0.1\r\n");
            assertEquals("DENY", header(error, "x-frame-options"), "errors too");
        }
    }

    @Test
    void tlsAnswersCarryHstsAndItsKeyIsPrivate() throws Exception {
        try (TestHub hub = TestHub.start("tls: {self_signed: true}\n")) {
            SSLContext trustAll = SSLContext.getInstance("TLS");
            trustAll.init(null, new TrustManager[] {new X509TrustManager() {
                public void checkClientTrusted(X509Certificate[] chain, String authType) { }
                public void checkServerTrusted(X509Certificate[] chain, String authType) { }
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, null);
            try (SSLSocket s = (SSLSocket) trustAll.getSocketFactory().createSocket("127.0.0.1", hub.port())) {
                String answer = exchange(s, "GET /login HTTP/1.1\r\nHost: localhost\r\n");
                assertTrue(header(answer, "strict-transport-security").startsWith("max-age="), answer);
            }
            java.nio.file.Path tls = TestHub.STATE.resolve("tls");
            assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(java.nio.file.Files.getPosixFilePermissions(tls)),
                    "the folder of the private key is this user's only");
            assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                    java.nio.file.Files.getPosixFilePermissions(tls.resolve("camgate.p12"))));
        }
    }

    static String raw(int port, String head) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return exchange(s, head);
        }
    }

    private static String exchange(Socket s, String head) throws IOException {
        s.setSoTimeout(5000);
        OutputStream out = s.getOutputStream();
        out.write((head + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        InputStream in = s.getInputStream();
        return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }

    static String header(String response, String name) {
        for (String line : response.split("\r\n")) {
            if (line.isEmpty()) {
                break;
            }
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
                return line.substring(colon + 1).strip();
            }
        }
        return "";
    }
}
