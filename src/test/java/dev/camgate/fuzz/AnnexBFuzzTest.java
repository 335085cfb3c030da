package dev.camgate.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.camgate.media.h264.AnnexB;
import dev.camgate.media.h264.DepacketizeException;
import java.util.Arrays;

/**
 * H.264 RTP payloads from a camera into {@link AnnexB}, as a snapshot reassembles a keyframe. Input: two bytes
 * of output limit, then payloads, each a two-byte length and its bytes (cut short where the input ends).
 * Either a {@link DepacketizeException} with a message, or a stream within the limit that starts with a start
 * code and holds at least one NAL unit; the same payloads at an offset in a larger buffer give the same result.
 * Seeds: AnnexBFuzzTestInputs/payloads/.
 */
class AnnexBFuzzTest {

    @FuzzTest(maxDuration = "5m")
    void payloads(byte[] data) {
        if (data.length < 2) {
            return;
        }
        int limit = 5 + ((data[0] & 0xFF) << 8 | data[1] & 0xFF);
        byte[] plain = run(data, limit, 0);
        byte[] shifted = run(data, limit, 7);
        assertArrayEquals(plain, shifted, "the offset changed the result");
        if (plain != null) {
            assertTrue(plain.length <= limit, plain.length + " bytes past the limit " + limit);
            assertTrue(plain.length >= 5);
            assertArrayEquals(new byte[] {0, 0, 0, 1}, Arrays.copyOf(plain, 4));
            assertEquals(0, plain[4] & 0x80, "a NAL unit with forbidden_zero_bit");
        }
    }

    /** The stream, or null when refused. Each payload sits at {@code pad} bytes into a buffer of junk. */
    private static byte[] run(byte[] data, int limit, int pad) {
        AnnexB stream = new AnnexB(limit);
        try {
            int at = 2;
            while (at < data.length) {
                int n;
                if (data.length - at < 2) {
                    n = data.length - at; // a lone last byte is a payload of its own
                } else {
                    n = Math.min((data[at] & 0xFF) << 8 | data[at + 1] & 0xFF, data.length - at - 2);
                    at += 2;
                }
                byte[] buf = new byte[pad + n + pad];
                Arrays.fill(buf, (byte) 0x5A);
                System.arraycopy(data, at, buf, pad, n);
                stream.addPayload(buf, pad, n);
                at += n;
            }
            return stream.toByteArray();
        } catch (DepacketizeException e) {
            assertNotNull(e.getMessage());
            assertFalse(e.getMessage().isBlank(), "a DepacketizeException must say what was wrong");
            return null;
        }
    }
}
