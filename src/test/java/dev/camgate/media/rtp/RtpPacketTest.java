package dev.camgate.media.rtp;

import static dev.camgate.media.rtp.Bytes.concat;
import static dev.camgate.media.rtp.Bytes.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RtpPacketTest {
    // V=2, PT 96, seq 0x1234, ts 0xdeadbeef, SSRC 0x11223344
    static final String FIXED = "80 60 12 34 | de ad be ef | 11 22 33 44";

    @Test
    void readsTheFixedHeader() {
        byte[] p = hex(FIXED + "| 01 02 03");
        assertTrue(RtpPacket.isValid(p, 0, p.length));
        assertEquals(96, RtpPacket.payloadType(p, 0));
        assertFalse(RtpPacket.marker(p, 0));
        assertEquals(0x1234, RtpPacket.sequence(p, 0));
        assertEquals(0xdeadbeefL, RtpPacket.timestamp(p, 0));
        assertEquals(0x11223344L, RtpPacket.ssrc(p, 0));
        assertEquals(12, RtpPacket.payloadOffset(p, 0, p.length));
        assertEquals(3, RtpPacket.payloadLength(p, 0, p.length));
        assertFalse(RtpPacket.hasExtension(p, 0));
        assertFalse(RtpPacket.hasPadding(p, 0));
    }

    @Test
    void aHeaderWithoutPayloadIsValid() {
        byte[] p = hex(FIXED);
        assertTrue(RtpPacket.isValid(p, 0, 12));
        assertEquals(0, RtpPacket.payloadLength(p, 0, 12));
    }

    @Test
    void refusesWrongVersionShortPacketsAndRtcp() {
        byte[] p = hex(FIXED + "| 00");
        assertFalse(RtpPacket.isValid(p, 0, 11), "shorter than the fixed header");
        p[0] = 0x40; // version 1
        assertFalse(RtpPacket.isValid(p, 0, p.length));
        p[0] = (byte) 0xC0; // version 3
        assertFalse(RtpPacket.isValid(p, 0, p.length));
        p[0] = (byte) 0x80;
        for (int second : new int[] {200, 201, 205, 206, 192, 223}) {
            p[1] = (byte) second;
            assertFalse(RtpPacket.isValid(p, 0, p.length), "RTCP type " + second + " on a muxed port");
        }
        p[1] = (byte) 0xE0; // marker with PT 96
        assertTrue(RtpPacket.isValid(p, 0, p.length));
        assertTrue(RtpPacket.marker(p, 0));
        assertEquals(96, RtpPacket.payloadType(p, 0));
    }

    @Test
    void refusesARangeOutsideTheBuffer() {
        byte[] p = hex(FIXED);
        assertFalse(RtpPacket.isValid(p, 1, 12));
        assertFalse(RtpPacket.isValid(p, -1, 12));
        assertFalse(RtpPacket.isValid(p, 0, 13));
        assertFalse(RtpPacket.isValid(null, 0, 12));
    }

    @Test
    void csrcsCountInTheHeader() {
        byte[] p = hex("82 60 12 34 de ad be ef 11 22 33 44 | 00 00 00 01 | 00 00 00 02 | aa");
        assertEquals(20, RtpPacket.headerLength(p, 0, p.length));
        assertTrue(RtpPacket.isValid(p, 0, p.length));
        assertTrue(RtpPacket.isValid(p, 0, 20), "CSRCs exactly filling the packet");
        assertFalse(RtpPacket.isValid(p, 0, 19), "second CSRC cut short");
        assertEquals(1, RtpPacket.payloadLength(p, 0, p.length));
    }

    @Test
    void extensionLengthCountsInWords() {
        // one-byte header extension (RFC 8285), 2 words of elements
        byte[] p = hex("90 60 12 34 de ad be ef 11 22 33 44 | be de 00 02 | 10 aa 21 bb | cc 00 00 00 | 99 98");
        assertTrue(RtpPacket.hasExtension(p, 0));
        assertEquals(24, RtpPacket.headerLength(p, 0, p.length));
        assertEquals(24, RtpPacket.payloadOffset(p, 0, p.length));
        assertEquals(2, RtpPacket.payloadLength(p, 0, p.length));
        assertTrue(RtpPacket.isValid(p, 0, p.length));
        assertFalse(RtpPacket.isValid(p, 0, 23), "extension runs past the packet");
        assertEquals(-1, RtpPacket.headerLength(p, 0, 15), "extension header itself cut");
        assertFalse(RtpPacket.isValid(p, 0, 15));
    }

    @Test
    void csrcsAndExtensionTogether() {
        byte[] p = hex("91 60 12 34 de ad be ef 11 22 33 44 | 00 00 00 07 | 10 00 00 01 | 12 34 56 78 | 55");
        assertEquals(12 + 4 + 4 + 4, RtpPacket.headerLength(p, 0, p.length));
        assertTrue(RtpPacket.isValid(p, 0, p.length));
        assertEquals(1, RtpPacket.payloadLength(p, 0, p.length));
    }

    @Test
    void paddingIsTakenOffThePayload() {
        byte[] p = hex("a0 60 12 34 de ad be ef 11 22 33 44 | 01 02 03 | 00 00 00 04");
        assertTrue(RtpPacket.hasPadding(p, 0));
        assertTrue(RtpPacket.isValid(p, 0, p.length));
        assertEquals(3, RtpPacket.payloadLength(p, 0, p.length));

        p[p.length - 1] = 7; // padding of the whole payload and the count byte: nothing left, still valid
        assertTrue(RtpPacket.isValid(p, 0, p.length));
        assertEquals(0, RtpPacket.payloadLength(p, 0, p.length));

        p[p.length - 1] = 8; // reaching into the header
        assertFalse(RtpPacket.isValid(p, 0, p.length));
        p[p.length - 1] = 0; // the count includes itself, so 0 is impossible
        assertFalse(RtpPacket.isValid(p, 0, p.length));
    }

    @Test
    void stripMovesThePayloadUpAndKeepsPadding() {
        byte[] packet = hex("b2 e0 12 34 de ad be ef 11 22 33 44 | 00 00 00 01 | 00 00 00 02 | be de 00 01 | 10 ff 00 00"
                + "| 68 65 6c 6c 6f | 00 00 03");
        byte[] buf = new byte[5 + packet.length + 4];
        Arrays.fill(buf, (byte) 0x5A);
        System.arraycopy(packet, 0, buf, 5, packet.length);
        assertTrue(RtpPacket.isValid(buf, 5, packet.length));
        int newLen = RtpPacket.stripExtensionAndCsrcs(buf, 5, packet.length);

        assertEquals(packet.length - 16, newLen);
        assertEquals((byte) 0xA0, buf[5], "version and padding kept, X and CC cleared");
        assertTrue(RtpPacket.isValid(buf, 5, newLen));
        assertEquals(12, RtpPacket.headerLength(buf, 5, newLen));
        assertEquals(0x1234, RtpPacket.sequence(buf, 5));
        assertEquals(0xdeadbeefL, RtpPacket.timestamp(buf, 5));
        assertEquals(0x11223344L, RtpPacket.ssrc(buf, 5));
        assertTrue(RtpPacket.marker(buf, 5));
        assertEquals(5, RtpPacket.payloadLength(buf, 5, newLen));
        assertArrayEquals(hex("68 65 6c 6c 6f 00 00 03"), Arrays.copyOfRange(buf, 5 + 12, 5 + newLen));
        assertArrayEquals(hex("5a 5a 5a 5a 5a"), Arrays.copyOfRange(buf, 0, 5), "bytes before the packet untouched");
    }

    @Test
    void stripLeavesAPlainHeaderAlone() {
        byte[] p = hex(FIXED + "| 01 02");
        byte[] before = p.clone();
        assertEquals(p.length, RtpPacket.stripExtensionAndCsrcs(p, 0, p.length));
        assertArrayEquals(before, p);
    }

    @Test
    void stripOfAnEmptyPayload() {
        byte[] p = concat(hex("81 60 00 01 00 00 00 02 00 00 00 03"), hex("00 00 00 09"));
        int n = RtpPacket.stripExtensionAndCsrcs(p, 0, p.length);
        assertEquals(12, n);
        assertTrue(RtpPacket.isValid(p, 0, n));
        assertEquals(0, RtpPacket.payloadLength(p, 0, n));
    }

    @Test
    void settersRewriteInPlace() {
        byte[] p = hex("80 e0 12 34 de ad be ef 11 22 33 44 | 01");
        RtpPacket.setPayloadType(p, 0, 102);
        assertEquals(102, RtpPacket.payloadType(p, 0));
        assertTrue(RtpPacket.marker(p, 0), "the marker survives a payload type change");
        RtpPacket.setSequence(p, 0, 0xFFFF);
        assertEquals(0xFFFF, RtpPacket.sequence(p, 0));
        RtpPacket.setSequence(p, 0, 0x10001);
        assertEquals(1, RtpPacket.sequence(p, 0), "only the low 16 bits");
        RtpPacket.setTimestamp(p, 0, 0xFFFFFFFFL);
        assertEquals(0xFFFFFFFFL, RtpPacket.timestamp(p, 0));
        RtpPacket.setSsrc(p, 0, 0x80000001L);
        assertEquals(0x80000001L, RtpPacket.ssrc(p, 0));
        assertArrayEquals(hex("80 e6 00 01 ff ff ff ff 80 00 00 01 01"), p);
    }

    @Test
    void isNewerAroundWrapAround() {
        assertTrue(RtpPacket.isNewer(1, 0));
        assertFalse(RtpPacket.isNewer(0, 1));
        assertFalse(RtpPacket.isNewer(7, 7));
        assertTrue(RtpPacket.isNewer(0, 0xFFFF), "0 follows 65535");
        assertTrue(RtpPacket.isNewer(5, 0xFFF0));
        assertFalse(RtpPacket.isNewer(0xFFFF, 0));
        assertTrue(RtpPacket.isNewer(0x7FFF, 0), "just under half the space ahead");
        assertFalse(RtpPacket.isNewer(0x8000, 0), "exactly half way counts as not newer either way");
        assertFalse(RtpPacket.isNewer(0, 0x8000));
        assertTrue(RtpPacket.isNewer(0x8001, 0x0002));
    }
}
