package dev.camgate.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.camgate.media.rtp.RtpPacket;
import java.util.Arrays;

/**
 * RTP packets from any peer. {@link RtpPacket#isValid} never throws; when it says true, every accessor stays
 * inside the packet and {@link RtpPacket#stripExtensionAndCsrcs} leaves a valid packet with the same fixed
 * fields, payload and padding, touching nothing outside its range. The packet sits at an offset in a larger
 * buffer so off-by-offset mistakes show. Seeds: RtpPacketFuzzTestInputs/packet/.
 */
class RtpPacketFuzzTest {
    private static final int OFF = 7;

    @FuzzTest(maxDuration = "5m")
    void packet(byte[] data) {
        int len = data.length;
        byte[] buf = new byte[OFF + len + 5];
        Arrays.fill(buf, (byte) 0xA5);
        System.arraycopy(data, 0, buf, OFF, len);
        if (!RtpPacket.isValid(buf, OFF, len)) {
            return;
        }
        assertTrue(RtpPacket.isValid(data, 0, len), "valid at an offset, invalid at 0");
        int header = RtpPacket.headerLength(buf, OFF, len);
        int payloadOff = RtpPacket.payloadOffset(buf, OFF, len);
        int payloadLen = RtpPacket.payloadLength(buf, OFF, len);
        assertTrue(header >= RtpPacket.FIXED_HEADER && header <= len, "header " + header + " of " + len);
        assertEquals(header, payloadOff);
        assertTrue(payloadLen >= 0 && payloadOff + payloadLen <= len, "payload " + payloadOff + "+" + payloadLen);
        int pt = RtpPacket.payloadType(buf, OFF);
        assertTrue(pt < 64 || pt > 95, "an RTCP type passed as RTP: " + pt);
        int seq = RtpPacket.sequence(buf, OFF);
        long ts = RtpPacket.timestamp(buf, OFF);
        long ssrc = RtpPacket.ssrc(buf, OFF);
        boolean marker = RtpPacket.marker(buf, OFF);
        boolean padding = RtpPacket.hasPadding(buf, OFF);
        byte[] payload = Arrays.copyOfRange(buf, OFF + payloadOff, OFF + payloadOff + payloadLen);
        byte[] tail = Arrays.copyOfRange(buf, OFF + payloadOff, OFF + len); // payload and padding

        int n = RtpPacket.stripExtensionAndCsrcs(buf, OFF, len);
        assertEquals(len - (header - RtpPacket.FIXED_HEADER), n);
        assertTrue(RtpPacket.isValid(buf, OFF, n), "stripping made an invalid packet");
        assertEquals(RtpPacket.FIXED_HEADER, RtpPacket.headerLength(buf, OFF, n));
        assertEquals(seq, RtpPacket.sequence(buf, OFF));
        assertEquals(ts, RtpPacket.timestamp(buf, OFF));
        assertEquals(ssrc, RtpPacket.ssrc(buf, OFF));
        assertEquals(pt, RtpPacket.payloadType(buf, OFF));
        assertEquals(marker, RtpPacket.marker(buf, OFF));
        assertEquals(padding, RtpPacket.hasPadding(buf, OFF));
        assertEquals(payloadLen, RtpPacket.payloadLength(buf, OFF, n));
        assertArrayEquals(payload, Arrays.copyOfRange(buf, OFF + 12, OFF + 12 + payloadLen));
        assertArrayEquals(tail, Arrays.copyOfRange(buf, OFF + 12, OFF + n));
        for (int i = 0; i < OFF; i++) {
            assertEquals((byte) 0xA5, buf[i], "byte before the packet changed");
        }
        for (int i = OFF + len; i < buf.length; i++) {
            assertEquals((byte) 0xA5, buf[i], "byte after the packet changed");
        }
    }
}
