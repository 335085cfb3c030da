package dev.camgate.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.camgate.media.rtp.Vp8;

/**
 * VP8 RTP payloads (RFC 7741) from a camera or a browser: every fact is read without throwing, stays within its
 * field's range, and the facts agree with each other. Seeds: Vp8FuzzTestInputs/payload/.
 */
class Vp8FuzzTest {

    @FuzzTest(maxDuration = "5m")
    void payload(byte[] data) {
        int len = data.length;
        int d = Vp8.descriptorLength(data, 0, len);
        assertTrue(d == -1 || d >= 1 && d <= 6 && d < len, "descriptor length " + d + " of " + len);
        boolean key = Vp8.isKeyframe(data, 0, len);
        if (key) {
            assertTrue(Vp8.startsFrame(data, 0, len), "a keyframe that does not start a frame");
        }
        int id = Vp8.pictureId(data, 0, len);
        assertTrue(id >= -1 && id <= 0x7FFF);
        int w = Vp8.keyframeWidth(data, 0, len);
        int h = Vp8.keyframeHeight(data, 0, len);
        assertTrue(w >= -1 && w <= 0x3FFF && h >= -1 && h <= 0x3FFF);
        assertTrue((w == -1) == (h == -1), "width without height");
        assertTrue(w == -1 || key, "a size from a payload that is no keyframe");
    }
}
