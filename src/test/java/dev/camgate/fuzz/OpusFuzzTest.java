package dev.camgate.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.camgate.media.rtp.Opus;

/**
 * Opus packets (RFC 6716 §3.1) from a camera's audio, as the recorder reads them to place each in the file: the
 * length never throws, is -1 or a whole number of 2.5 ms up to 120 ms, is -1 exactly for what a decoder refuses
 * by its TOC (nothing, a code 3 packet without frames), and reads nothing outside the range given. Seeds
 * (OpusFuzzTestInputs/packet/): a libopus 20 ms packet, the silence camgate writes, a code 3 packet of 3 frames.
 */
class OpusFuzzTest {

    @FuzzTest(maxDuration = "2m")
    void packet(byte[] data) {
        int n = Opus.samples(data, 0, data.length);
        assertTrue(n == -1 || n > 0 && n <= 5760 && n % 120 == 0, n + " samples from " + data.length + " bytes");
        boolean refused = data.length == 0 || (data[0] & 3) == 3 && (data.length < 2 || (data[1] & 0x3F) == 0);
        if (refused) {
            assertEquals(-1, n);
        }
        if (data.length > 1) {
            // The same packet inside a larger buffer reads the same; a range past the buffer is refused.
            byte[] wider = new byte[data.length + 2];
            System.arraycopy(data, 0, wider, 1, data.length);
            assertEquals(n, Opus.samples(wider, 1, data.length));
            assertEquals(-1, Opus.samples(data, 1, data.length));
        }
    }
}
