package dev.camgate.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camgate.testing.TestHub;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The media load generator against an in-process hub: its camera is relayed by camgate, its five viewers
 * connect (ICE, DTLS, SRTP) and receive the stream, and it counts what arrived against what the camera sent.
 * A correctness test of the generator, not a benchmark.
 */
class MediaBenchTest {
    @Test
    void fiveViewersReceiveTheRelayedCamera() {
        try (TestHub hub = TestHub.start("""
                cameras:
                  - {id: bench, name: Bench, type: browser, key: bench-camera-key, relay: true}
                """)) {
            MediaBenchCommand bench = new MediaBenchCommand();
            int rc = new CommandLine(bench).execute("--url", "ws://127.0.0.1:" + hub.port() + "/signaling", "--steps", "5",
                    "--seconds", "2", "--warmup", "1");
            assertEquals(0, rc);
            assertEquals(1, bench.results.size());
            MediaBenchCommand.Step step = bench.results.get(0);
            assertEquals(5, step.live(), "every viewer got through ICE and DTLS");
            // 2 s of a 249 packet/s camera, to each of five viewers
            assertTrue(step.expected() >= 5 * 400, "the camera sent its stream: " + step);
            assertTrue(step.lossPct() < 1.0, "under 1 % lost: " + step);
            assertEquals(0, step.authFailures(), "every packet decrypted");
            assertTrue(step.p50() > 0 && step.p50() < 100, "a delay was measured: " + step);
        }
    }

    @Test
    void theDirectBaselineNeedsNoHub() {
        MediaBenchCommand bench = new MediaBenchCommand();
        int rc = new CommandLine(bench).execute("--target", "direct", "--seconds", "1", "--warmup", "0");
        assertEquals(0, rc);
        MediaBenchCommand.Step step = bench.results.get(0);
        assertEquals(1, step.live());
        assertTrue(step.received() > 200 && step.lossPct() < 1.0, step.toString());
    }
}
