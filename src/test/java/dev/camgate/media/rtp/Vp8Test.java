package dev.camgate.media.rtp;

import static dev.camgate.media.rtp.Bytes.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** RFC 7741 payload descriptors (§4.2) in front of VP8 frames (RFC 6386 §9.1). */
class Vp8Test {
    // frame tag with key_frame 0 (bit 0 clear, which is the payload header's P bit), show_frame; start code; 640 x 480
    static final String KEY_HEADER = "50 42 00 | 9d 01 2a | 80 02 | e0 01";

    static byte[] p(String hex) {
        return hex(hex);
    }

    @Test
    void shortestDescriptorKeyframe() {
        byte[] p = p("10 " + KEY_HEADER + " 00 00");
        assertEquals(1, Vp8.descriptorLength(p, 0, p.length));
        assertTrue(Vp8.startsFrame(p, 0, p.length));
        assertTrue(Vp8.isKeyframe(p, 0, p.length));
        assertEquals(640, Vp8.keyframeWidth(p, 0, p.length));
        assertEquals(480, Vp8.keyframeHeight(p, 0, p.length));
        assertEquals(-1, Vp8.pictureId(p, 0, p.length));
    }

    @Test
    void allExtensionsPresent() {
        // X; I L T K; 15-bit PictureID 0x1234; TL0PICIDX; TID/Y/KEYIDX
        byte[] p = p("90 f0 92 34 07 40 " + KEY_HEADER);
        assertEquals(6, Vp8.descriptorLength(p, 0, p.length));
        assertEquals(0x1234, Vp8.pictureId(p, 0, p.length));
        assertTrue(Vp8.isKeyframe(p, 0, p.length));
        assertEquals(640, Vp8.keyframeWidth(p, 0, p.length));
    }

    @Test
    void sevenBitPictureIdAndKeyIdxOnly() {
        byte[] p = p("90 90 05 00 " + KEY_HEADER);
        assertEquals(4, Vp8.descriptorLength(p, 0, p.length));
        assertEquals(5, Vp8.pictureId(p, 0, p.length));
        assertTrue(Vp8.isKeyframe(p, 0, p.length));
    }

    @Test
    void scalingBitsAreNotPartOfTheSize() {
        byte[] p = p("10 50 42 00 9d 01 2a 80 42 e0 c1");
        assertEquals(640, Vp8.keyframeWidth(p, 0, p.length));
        assertEquals(480, Vp8.keyframeHeight(p, 0, p.length));
    }

    @Test
    void interframesAndContinuations() {
        assertFalse(Vp8.isKeyframe(p("10 51 42 00"), 0, 4), "P bit set: interframe");
        byte[] cont = p("00 " + KEY_HEADER);
        assertFalse(Vp8.isKeyframe(cont, 0, cont.length), "not the start of a partition");
        assertFalse(Vp8.startsFrame(cont, 0, cont.length));
        byte[] second = p("11 " + KEY_HEADER);
        assertFalse(Vp8.isKeyframe(second, 0, second.length), "start of partition 1, not of the frame");
        assertEquals(-1, Vp8.keyframeWidth(p("10 51 42 00"), 0, 4));
    }

    @Test
    void malformedDescriptorsAndHeaders() {
        assertEquals(-1, Vp8.descriptorLength(p("90"), 0, 1), "X without its byte");
        assertEquals(-1, Vp8.descriptorLength(p("90 80"), 0, 2), "I without PictureID");
        assertEquals(-1, Vp8.descriptorLength(p("90 80 80 12"), 0, 4), "nothing after the descriptor");
        assertEquals(-1, Vp8.descriptorLength(p("10"), 0, 1), "descriptor only");
        assertEquals(-1, Vp8.descriptorLength(new byte[0], 0, 0));
        assertFalse(Vp8.isKeyframe(p("90 80"), 0, 2));
        byte[] shortKey = p("10 50 42 00 9d 01 2a 80 02");
        assertTrue(Vp8.isKeyframe(shortKey, 0, shortKey.length), "the P bit alone says keyframe");
        assertEquals(-1, Vp8.keyframeWidth(shortKey, 0, shortKey.length), "but the size is not all there");
        byte[] badStart = p("10 50 42 00 9d 01 2b 80 02 e0 01");
        assertEquals(-1, Vp8.keyframeHeight(badStart, 0, badStart.length), "wrong start code");
        assertFalse(Vp8.isKeyframe(shortKey, 5, shortKey.length), "range outside the buffer");
    }
}
