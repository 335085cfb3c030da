package dev.camgate.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camgate.testing.TestHub;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Snapshots of a relayed camera: camgate decodes the keyframe it holds of a Chromium camera (H.264 from
 * OpenH264) into a JPEG of the camera's size showing its test pattern, and the dashboard shows it as a thumbnail.
 */
class SnapshotTest {
    static final Duration LIVE = Duration.ofSeconds(20);
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static TestHub hub;
    static String base;

    @BeforeAll
    static void startHub() {
        hub = TestHub.start("""
                cameras:
                  - {id: porch, name: Porch, type: browser, key: porch-secret-key, relay: true}
                  - {id: shed, name: Shed, type: browser, key: shed-secret-key, relay: true}
                  - {id: attic, name: Attic, type: browser, key: attic-secret-key}
                """);
        base = "http://127.0.0.1:" + hub.port();
    }

    @AfterAll
    static void stopHub() {
        hub.close();
    }

    static HttpResponse<byte[]> get(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (Exception e) {
            throw new AssertionError("GET " + path + " failed", e);
        }
    }

    static String text(HttpResponse<byte[]> r) {
        return new String(r.body(), java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void aWatchedRelayedCameraHasASnapshotOfItsPictureAndTheDashboardShowsIt() throws Exception {
        try (Browser browser = Browser.launch()) {
            browser.open(base + "/publish?camera=porch&key=porch-secret-key&autostart=1");
            browser.waitFor("the publish page to be live", "window.camgate.publisher.state === 'live'", LIVE);
            browser.open(base + "/view?camera=porch");
            browser.waitFor("the viewer to be live", "window.camgate.session.state === 'live'", LIVE);

            var relay = Browser.within(LIVE, "the relay's picture size", () -> {
                var r = hub.getJson("/api/cameras/porch").get("relay");
                assertTrue(r.get("width").asInt() > 0 && r.get("keyframes").asLong() > 0, r.toString());
                return r;
            });
            assertEquals("H264", relay.get("codec").asString());

            long[] firstMillis = {0};
            HttpResponse<byte[]> snap = Browser.within(LIVE, "a snapshot", () -> {
                long t = System.nanoTime();
                HttpResponse<byte[]> r = get("/api/cameras/porch/snapshot.jpg");
                firstMillis[0] = (System.nanoTime() - t) / 1_000_000;
                assertEquals(200, r.statusCode(), text(r));
                return r;
            });
            long t = System.nanoTime();
            HttpResponse<byte[]> again = get("/api/cameras/porch/snapshot.jpg");
            long againMillis = (System.nanoTime() - t) / 1_000_000;
            System.out.println("SnapshotTest: " + relay.get("width") + "x" + relay.get("height") + " snapshot, "
                    + snap.body().length + " bytes, first answer in " + firstMillis[0] + " ms (decode included), next in "
                    + againMillis + " ms");
            assertEquals(200, again.statusCode(), text(again));

            assertEquals("image/jpeg", snap.headers().firstValue("Content-Type").orElse(""));
            long age = Long.parseLong(snap.headers().firstValue("X-Snapshot-Age").orElseThrow());
            assertTrue(age >= 0 && age < 60, "age " + age);
            assertTrue(snap.headers().firstValue("Last-Modified").isPresent());

            BufferedImage image = ImageIO.read(new ByteArrayInputStream(snap.body()));
            assertEquals(relay.get("width").asInt(), image.getWidth());
            assertEquals(relay.get("height").asInt(), image.getHeight());
            assertPicture(image);

            browser.open(base + "/");
            browser.waitFor("the dashboard's thumbnail of the porch to load",
                    "(() => { const i = document.querySelector('[data-camera=porch] .thumb');"
                            + " return i && !i.hidden && i.complete && i.naturalWidth > 0; })()", LIVE);
            assertEquals(true, browser.js("return document.querySelector('[data-camera=attic] .thumb').hidden"),
                    "a camera camgate does not relay has no thumbnail");
        }
    }

    /** Not a flat picture (a decoder fed the wrong bytes gives grey or green): the fake camera's pattern varies. */
    static void assertPicture(BufferedImage image) {
        double[] sum = new double[3];
        double[] squares = new double[3];
        int n = 0;
        for (int y = 0; y < image.getHeight(); y += 4) {
            for (int x = 0; x < image.getWidth(); x += 4) {
                int rgb = image.getRGB(x, y);
                int[] c = {rgb >> 16 & 0xFF, rgb >> 8 & 0xFF, rgb & 0xFF};
                for (int i = 0; i < 3; i++) {
                    sum[i] += c[i];
                    squares[i] += (double) c[i] * c[i];
                }
                n++;
            }
        }
        StringBuilder figures = new StringBuilder();
        double widest = 0;
        for (int i = 0; i < 3; i++) {
            double mean = sum[i] / n;
            double sd = Math.sqrt(Math.max(0, squares[i] / n - mean * mean));
            widest = Math.max(widest, sd);
            figures.append(" ").append("RGB".charAt(i)).append(String.format(" mean %.0f sd %.1f", mean, sd));
        }
        System.out.println("SnapshotTest: picture" + figures);
        assertTrue(widest > 10, "a nearly flat picture:" + figures);
    }

    @Test
    void camerasWithoutAPictureAnswerInWords() {
        HttpResponse<byte[]> plain = get("/api/cameras/attic/snapshot.jpg");
        assertEquals(409, plain.statusCode());
        assertTrue(text(plain).contains("is not relayed"), text(plain));
        assertTrue(plain.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));

        HttpResponse<byte[]> idle = get("/api/cameras/shed/snapshot.jpg");
        assertEquals(409, idle.statusCode());
        assertTrue(text(idle).contains("nobody is watching"), text(idle));

        HttpResponse<byte[]> unknown = get("/api/cameras/nowhere/snapshot.jpg");
        assertEquals(404, unknown.statusCode());
        assertTrue(text(unknown).contains("no camera 'nowhere'"), text(unknown));
    }
}
