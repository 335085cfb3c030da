package dev.camgate.media.rtp;

import static dev.camgate.media.rtp.Bytes.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** RFC 6184 payloads: single NAL units (§5.6), STAP-A (§5.7.1), FU-A (§5.8). */
class H264Test {
    static final String SPS = "67 42 c0 1e da 02 80 f6 40"; // 640x480, see SpsTest
    static final String PPS = "68 ce 3c 80";

    static boolean keyframe(String hex) {
        byte[] p = hex(hex);
        return H264.isKeyframe(p, 0, p.length);
    }

    @Test
    void singleNalUnits() {
        assertTrue(keyframe("65 88 84 00 33"), "IDR slice");
        assertTrue(keyframe(SPS));
        assertFalse(keyframe("41 9a 02 03"), "non-IDR slice");
        assertFalse(keyframe(PPS), "a PPS alone does not start a picture");
        assertFalse(keyframe("06 05 01 ff"), "SEI");
        assertFalse(keyframe(""));
    }

    @Test
    void stapAWithSpsPpsIdr() {
        // the way libwebrtc sends a keyframe's parameter sets: STAP-A (nal_ref_idc 3) with SPS and PPS
        String stap = "78 | 00 09 " + SPS + "| 00 04 " + PPS + "| 00 03 65 88 80";
        assertTrue(keyframe(stap));
        byte[] p = hex(stap);
        assertEquals(H264.NAL_SPS, H264.nalType(p, 0, p.length));
        assertTrue(H264.startsNalUnit(p, 0, p.length));
    }

    @Test
    void stapAWithoutKeyframeNals() {
        assertFalse(keyframe("78 | 00 04 " + PPS + "| 00 03 06 05 01 | 00 02 41 9a"));
    }

    @Test
    void stapAStopsAtASizeThatRunsPastThePayload() {
        assertFalse(keyframe("78 | 00 04 " + PPS + "| 00 09 65 88 80"), "the IDR's size overruns");
        assertFalse(keyframe("78 | 00 00 | 00 03 65 88 80"), "a zero size is malformed");
        assertFalse(keyframe("78 | 00"), "size cut in half");
        assertFalse(keyframe("78"));
        byte[] p = hex("78 | 00 09 65");
        assertEquals(-1, H264.nalType(p, 0, p.length));
    }

    @Test
    void fuA() {
        assertTrue(keyframe("7c 85 88 84"), "first fragment of an IDR");
        assertFalse(keyframe("7c 05 11 22"), "middle fragment of an IDR");
        assertFalse(keyframe("7c 45 11 22"), "last fragment of an IDR");
        assertFalse(keyframe("7c 81 9a 02"), "first fragment of a non-IDR slice");
        assertFalse(keyframe("7c"), "FU indicator without header");
        byte[] p = hex("7c 05 11 22");
        assertEquals(H264.NAL_IDR, H264.nalType(p, 0, p.length));
        assertFalse(H264.startsNalUnit(p, 0, p.length));
        p = hex("5c 81 9a");
        assertTrue(H264.startsNalUnit(p, 0, p.length));
        assertEquals(1, H264.nalType(p, 0, p.length));
    }

    @Test
    void unsupportedPacketizationsAreNotKeyframes() {
        assertFalse(keyframe("79 00 01 00 09 " + SPS), "STAP-B");
        assertFalse(keyframe("7d 85 00 01 88"), "FU-B");
        assertFalse(keyframe("60 00"), "type 0 is unspecified");
    }

    @Test
    void findSpsInASingleNalAndInAStapA() throws PayloadException {
        byte[] single = hex(SPS);
        long span = H264.findSps(single, 0, single.length);
        assertEquals(0, H264.spanOffset(span));
        assertEquals(9, H264.spanLength(span));

        byte[] packet = hex("80 e0 00 01 00 00 00 02 00 00 00 03 | 78 | 00 04 " + PPS + "| 00 09 " + SPS);
        int off = RtpPacket.payloadOffset(packet, 0, packet.length);
        span = H264.findSps(packet, off, RtpPacket.payloadLength(packet, 0, packet.length));
        assertEquals(12 + 1 + 2 + 4 + 2, H264.spanOffset(span));
        assertEquals(9, H264.spanLength(span));
        Sps sps = Sps.parse(packet, H264.spanOffset(span), H264.spanLength(span));
        assertEquals(640, sps.width());
        assertEquals(480, sps.height());

        long pps = H264.findNal(packet, off, packet.length - off, H264.NAL_PPS);
        assertEquals(12 + 3, H264.spanOffset(pps));
        assertEquals(4, H264.spanLength(pps));
    }

    @Test
    void noSpsWhereThereIsNone() {
        byte[] p = hex("7c 87 42 c0 1e");
        assertEquals(-1, H264.findSps(p, 0, p.length), "a fragment of an SPS is not a whole SPS");
        p = hex("65 88");
        assertEquals(-1, H264.findSps(p, 0, p.length));
        assertEquals(-1, H264.findSps(p, 1, 5), "range outside the buffer");
        assertFalse(H264.isKeyframe(p, 3, 1));
    }
}
