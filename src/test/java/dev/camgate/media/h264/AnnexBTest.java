package dev.camgate.media.h264;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 6184 payloads back into an Annex-B stream: single NAL units, STAP-A (§5.7.1), FU-A (§5.8). */
class AnnexBTest {
    // A real constrained-baseline SPS and PPS as Chromium's OpenH264 sends them (640x480, level 3.1).
    static final byte[] SPS = hex("67 42 c0 1f 8c 8d 40 50 1e 90 0f 08 84 6a");
    static final byte[] PPS = hex("68 ce 3c 80");
    static final byte[] START = {0, 0, 0, 1};

    static byte[] hex(String s) {
        String[] parts = s.split(" ");
        byte[] b = new byte[parts.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(parts[i], 16);
        }
        return b;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            o.writeBytes(p);
        }
        return o.toByteArray();
    }

    /** An IDR slice NAL unit of n bytes: header 0x65 (NRI 3, type 5), then a recognisable body. */
    static byte[] idr(int n) {
        byte[] b = new byte[n];
        b[0] = 0x65;
        for (int i = 1; i < n; i++) {
            b[i] = (byte) (i * 7 + 3);
        }
        return b;
    }

    /** A 12-byte RTP header before a payload. */
    static byte[] rtp(int seq, boolean marker, byte[] payload) {
        byte[] h = {(byte) 0x80, (byte) ((marker ? 0x80 : 0) | 102), (byte) (seq >> 8), (byte) seq, 0, 0, 0x10, 0, 0, 0, 0, 7};
        return concat(h, payload);
    }

    /** Splits a NAL unit into FU-A payloads of at most {@code chunk} body bytes. */
    static List<byte[]> fuA(byte[] nal, int chunk) {
        List<byte[]> out = new java.util.ArrayList<>();
        byte indicator = (byte) (nal[0] & 0xE0 | 28);
        for (int at = 1; at < nal.length; at += chunk) {
            int n = Math.min(chunk, nal.length - at);
            byte fu = (byte) ((at == 1 ? 0x80 : 0) | (at + n == nal.length ? 0x40 : 0) | nal[0] & 0x1F);
            byte[] p = new byte[2 + n];
            p[0] = indicator;
            p[1] = fu;
            System.arraycopy(nal, at, p, 2, n);
            out.add(p);
        }
        return out;
    }

    static byte[] stapA(byte[]... nals) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.write(0x78); // F 0, NRI 3, type 24
        for (byte[] n : nals) {
            o.write(n.length >> 8);
            o.write(n.length);
            o.writeBytes(n);
        }
        return o.toByteArray();
    }

    @Test
    void aKeyframeAsChromiumSendsItSpsAndPpsInAStapAThenTheIdrInFragments() throws Exception {
        byte[] slice = idr(3000);
        List<byte[]> packets = new java.util.ArrayList<>();
        packets.add(rtp(1, false, stapA(SPS, PPS)));
        List<byte[]> fragments = fuA(slice, 1100);
        assertEquals(3, fragments.size());
        for (int i = 0; i < fragments.size(); i++) {
            packets.add(rtp(2 + i, i == fragments.size() - 1, fragments.get(i)));
        }
        byte[] stream = AnnexB.of(packets, AnnexB.DEFAULT_LIMIT);
        assertArrayEquals(concat(START, SPS, START, PPS, START, slice), stream);
    }

    @Test
    void singleNalUnitsEachGetAStartCode() throws Exception {
        AnnexB s = new AnnexB(1000);
        s.addPayload(SPS, 0, SPS.length);
        s.addPayload(PPS, 0, PPS.length);
        byte[] slice = idr(40);
        s.addPayload(slice, 0, slice.length);
        assertEquals(3, s.nalUnits());
        assertArrayEquals(concat(START, SPS, START, PPS, START, slice), s.toByteArray());
    }

    @Test
    void theFragmentedNalHeaderTakesNriFromTheIndicatorAndTypeFromTheFuHeader() throws Exception {
        byte[] nal = idr(10);
        nal[0] = 0x25; // NRI 1, type 5
        AnnexB s = new AnnexB(1000);
        for (byte[] p : fuA(nal, 4)) {
            s.addPayload(p, 0, p.length);
        }
        assertArrayEquals(concat(START, nal), s.toByteArray());
    }

    @Test
    void aPayloadAtAnOffsetInALargerBuffer() throws Exception {
        byte[] big = concat(new byte[] {9, 9, 9}, PPS, new byte[] {9, 9});
        AnnexB s = new AnnexB(100);
        s.addPayload(big, 3, PPS.length);
        assertArrayEquals(concat(START, PPS), s.toByteArray());
    }

    @Test
    void paddingOnlyPacketsCarryNothing() throws Exception {
        byte[] padded = rtp(5, false, new byte[] {0, 0, 0, 4});
        padded[0] |= 0x20; // padding bit: the last byte says 4 bytes of padding, the whole payload
        List<byte[]> packets = List.of(rtp(4, false, PPS), padded);
        assertArrayEquals(concat(START, PPS), AnnexB.of(packets, 100));
    }

    private static String refusal(byte[]... payloads) {
        AnnexB s = new AnnexB(AnnexB.DEFAULT_LIMIT);
        return assertThrows(DepacketizeException.class, () -> {
            for (byte[] p : payloads) {
                s.addPayload(p, 0, p.length);
            }
            s.toByteArray();
        }).getMessage();
    }

    @Test
    void badStapASizesAreRefused() {
        assertTrue(refusal(new byte[] {0x78}).contains("no NAL units"));
        assertTrue(refusal(new byte[] {0x78, 0x00}).contains("inside a NAL unit size"));
        assertTrue(refusal(new byte[] {0x78, 0x00, 0x00, 0x68}).contains("size 0"));
        assertTrue(refusal(new byte[] {0x78, 0x00, 0x05, 0x68, 1, 2}).contains("size 5 but 3 bytes left"));
        byte[] ok = stapA(PPS);
        assertTrue(refusal(concat(ok, new byte[] {0})).contains("inside a NAL unit size"), "a stray byte after the last unit");
        assertTrue(refusal(new byte[] {0x78, 0x00, 0x01, 0x78}).contains("NAL type 24"), "a STAP-A in a STAP-A");
        assertTrue(refusal(new byte[] {0x78, 0x00, 0x01, (byte) 0xE8}).contains("forbidden_zero_bit"));
    }

    @Test
    void brokenFragmentsAreRefused() {
        List<byte[]> f = fuA(idr(30), 10);
        assertTrue(refusal(f.get(1)).contains("middle fragment without its start"));
        assertTrue(refusal(f.get(2)).contains("end fragment without its start"));
        assertTrue(refusal(f.get(0), f.get(1)).contains("ends inside an FU-A"));
        assertTrue(refusal(f.get(0), f.get(0)).contains("start inside an unfinished FU-A"));
        assertTrue(refusal(f.get(0), PPS).contains("inside an unfinished FU-A"));
        assertTrue(refusal(new byte[] {0x7C}).contains("without its FU header"));
        assertTrue(refusal(new byte[] {0x7C, (byte) 0xC5, 1}).contains("both start and end"));
        assertTrue(refusal(new byte[] {0x7C, (byte) 0x80, 1}).contains("NAL type 0"));
        assertTrue(refusal(new byte[] {0x7C, (byte) 0x9C, 1}).contains("NAL type 28"));
    }

    @Test
    void packetTypesWebRtcDoesNotSendAreRefused() {
        assertTrue(refusal(new byte[] {0x19, 0, 1}).contains("type 25 is not used by WebRTC"), "STAP-B");
        assertTrue(refusal(new byte[] {0x1A, 0, 1}).contains("type 26"), "MTAP16");
        assertTrue(refusal(new byte[] {0x1D, (byte) 0x85, 1}).contains("type 29"), "FU-B");
        assertTrue(refusal(new byte[] {0x00}).contains("reserved"));
        assertTrue(refusal(new byte[] {0x1F}).contains("reserved"));
        assertTrue(refusal(new byte[] {(byte) 0xE5, 1}).contains("forbidden_zero_bit"));
    }

    @Test
    void nothingAtAllIsRefused() {
        assertTrue(refusal().contains("no NAL units"));
        assertTrue(refusal(new byte[0]).contains("no NAL units in 1 payloads"));
    }

    @Test
    void theLimitBoundsTheOutput() throws Exception {
        byte[] slice = idr(100);
        AnnexB s = new AnnexB(104);
        s.addPayload(slice, 0, slice.length); // exactly the limit: start code + 100
        assertEquals(104, s.toByteArray().length);
        AnnexB small = new AnnexB(103);
        String m = assertThrows(DepacketizeException.class, () -> small.addPayload(slice, 0, slice.length)).getMessage();
        assertTrue(m.contains("passes 103 bytes"), m);
        AnnexB frag = new AnnexB(50);
        List<byte[]> f = fuA(idr(200), 20);
        m = assertThrows(DepacketizeException.class, () -> {
            for (byte[] p : f) {
                frag.addPayload(p, 0, p.length);
            }
        }).getMessage();
        assertTrue(m.contains("passes 50 bytes"), m);
    }

    @Test
    void rangesOutsideTheBufferAndNonRtpAreRefused() {
        AnnexB s = new AnnexB(100);
        assertThrows(DepacketizeException.class, () -> s.addPayload(PPS, 2, 5));
        assertThrows(DepacketizeException.class, () -> s.addPayload(PPS, -1, 2));
        assertThrows(DepacketizeException.class, () -> s.addPayload(null, 0, 0));
        assertThrows(DepacketizeException.class, () -> s.addPacket(new byte[] {0x40, 0, 0}, 0, 3));
    }
}
