package dev.camgate.camera;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camgate.testing.FakeCameraServer;
import dev.camgate.testing.MomoWire;
import dev.camgate.testing.TestHub;
import dev.camgate.testing.WsClient;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A page that offers and hangs up in a loop cannot make camgate dial a camera more than its budget allows. */
class DialLimitTest {
    private static final int PER_MINUTE = 60;
    private static final int BURST = 5;
    private static final String OFFER = "{\"type\":\"offer\",\"sdp\":\"v=0\\r\\no=- 1 1 IN IP4 127.0.0.1\\r\\n\"}";

    @Test
    void offerCloseLoopsOnWsDialAtMostBurstPlusRate() throws Exception {
        try (FakeCameraServer momo = FakeCameraServer.start("/ws", MomoWire::check)) {
            long start = System.nanoTime();
            try (TestHub hub = TestHub.start("""
                    limits: {camera_dials_per_minute: %d}
                    cameras:
                      - id: door
                        type: momo
                        url: ws://127.0.0.1:%d/ws
                        options: {presence_interval: 1h, answer_timeout: 1s}
                    """.formatted(PER_MINUTE, momo.port()))) {
                // The one presence check at start is a dial too, not a viewer's.
                TestHub.eventually("the presence check", () -> momo.handshakes() >= 1);
                String refusal = null;
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
                for (int i = 0; i < 1_000 && System.nanoTime() < end; i++) {
                    try (WsClient page = WsClient.connect(hub.port(), "/ws")) {
                        page.send(OFFER);
                        if (refusal == null && i > BURST + 3) {
                            // Past the burst, a page is told why instead of being dialled for.
                            refusal = awaitRefusal(page);
                            continue;
                        }
                        try {
                            page.send("{\"type\":\"close\"}");
                        } catch (java.util.concurrent.CompletionException refusedAlready) {
                            // camgate closed the page at once: no dial was free
                        }
                    }
                }
                double minutes = (System.nanoTime() - start) / (double) TimeUnit.MINUTES.toNanos(1);
                int dials = momo.accepted() - 1;
                int allowed = BURST + (int) Math.ceil(PER_MINUTE * minutes);
                assertTrue(dials <= allowed, dials + " dials in " + Math.round(minutes * 60) + " s; at most " + allowed + " allowed");
                assertTrue(dials >= 1, "the page was never connected");
                assertTrue(refusal != null && refusal.matches("busy: camera 'door' was dialled too often; try again in \\d+ s"), refusal);
            }
        }
    }

    /** The reason in the close frame after Momo's {"type":"close"}, or null if the page was dialled for. */
    private static String awaitRefusal(WsClient page) {
        WsClient.Event e = page.next();
        if (e instanceof WsClient.Text t && t.text().equals("{\"type\":\"close\"}")) {
            e = page.next();
        }
        return e instanceof WsClient.Closed c ? c.reason() : null;
    }
}
