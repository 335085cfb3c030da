package dev.camgate.media.rtp;

import static dev.camgate.media.rtp.Bytes.concat;
import static dev.camgate.media.rtp.Bytes.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Packets laid out by hand from the RFC figures, then the writers checked against the walker. */
class RtcpTest {
    // RFC 3550 §6.4.1: SR with one report block.
    static final String SR = "81 c8 00 0c | 11 11 11 11 | e6 5a 3b 1c | 80 00 00 00 | 00 01 e2 40 | 00 00 00 64 | 00 00 4e 20"
            + "| 22 22 22 22 | 19 ff ff fe | 00 01 00 10 | 00 00 00 25 | 3b 1c 80 00 | 00 02 00 00";
    // RFC 3550 §6.5: one chunk, CNAME "camg", end item, padded to a word.
    static final String SDES = "81 ca 00 03 | 11 11 11 11 | 01 04 63 61 6d 67 | 00 00";
    // RFC 4585 §6.3.1
    static final String PLI = "81 ce 00 02 | 11 11 11 11 | 22 22 22 22";

    static Recorder walk(byte[] p) {
        Recorder r = new Recorder();
        assertEquals(Rtcp.OK, Rtcp.walk(p, 0, p.length, r), () -> Rtcp.reason(Rtcp.walk(p, 0, p.length, null)));
        return r;
    }

    static int code(String hex) {
        byte[] p = hex(hex);
        Recorder r = new Recorder();
        int code = Rtcp.walk(p, 0, p.length, r);
        if (code != Rtcp.OK) {
            assertEquals(List.of(), r.calls, "nothing reported from a malformed compound packet");
        }
        assertEquals(code, Rtcp.check(p, 0, p.length));
        return code;
    }

    @Test
    void compoundSenderReportSdesPli() {
        Recorder r = walk(hex(SR + SDES + PLI));
        assertEquals(List.of(
                "sr 11111111 ntp e65a3b1c.80000000 ts 123456 packets 100 octets 20000",
                "block 11111111->22222222 fraction 25 lost -2 highest 65552 jitter 37 lsr 3b1c8000 dlsr 20000",
                "sdes 1",
                "pli 11111111->22222222"), r.calls);
    }

    @Test
    void emptyReceiverReportAndBye() {
        Recorder r = walk(hex("80 c9 00 01 | 33 33 33 33 | 82 cb 00 03 | 44 44 44 44 | 55 55 55 55 | 03 62 79 65"));
        assertEquals(List.of("rr 33333333", "bye 44444444", "bye 55555555"), r.calls);
    }

    @Test
    void reducedSizeFeedbackAlone() {
        assertEquals(List.of("pli 11111111->22222222"), walk(hex(PLI)).calls);
    }

    @Test
    void nackEntries() {
        Recorder r = walk(hex("81 cd 00 04 | 01 02 03 04 | 05 06 07 08 | 00 64 80 01 | 00 75 00 00"));
        assertEquals(List.of("nack 1020304->5060708 pid 100 blp 8001", "nack 1020304->5060708 pid 117 blp 0000"), r.calls);
    }

    @Test
    void firEntries() {
        // RFC 5104 §4.3.1: media source 0, then SSRC + seq nr + 3 reserved per entry
        Recorder r = walk(hex("84 ce 00 06 | 0a 0a 0a 0a | 00 00 00 00 | 0b 0b 0b 0b 07 00 00 00 | 0c 0c 0c 0c ff 00 00 00"));
        assertEquals(List.of("fir a0a0a0a->b0b0b0b seq 7", "fir a0a0a0a->c0c0c0c seq 255"), r.calls);
    }

    @Test
    void rembWithTwoSsrcs() {
        // exp 2, mantissa 0x3ffff: 1048572 bit/s
        Recorder r = walk(hex("8f ce 00 06 | 0a 0a 0a 0a | 00 00 00 00 | 52 45 4d 42 | 02 0b ff ff | 0b 0b 0b 0b | 0c 0c 0c 0c"));
        assertEquals(List.of("remb a0a0a0a 1048572 b0b0b0b c0c0c0c"), r.calls);
    }

    @Test
    void rembBitrateSaturatesInsteadOfOverflowing() {
        // exp 63, mantissa 0x3ffff
        Recorder r = walk(hex("8f ce 00 05 | 0a 0a 0a 0a | 00 00 00 00 | 52 45 4d 42 | 01 ff ff ff | 0b 0b 0b 0b"));
        assertEquals(List.of("remb a0a0a0a " + Long.MAX_VALUE + " b0b0b0b"), r.calls);
    }

    @Test
    void otherFeedbackAndTypes() {
        Recorder r = walk(hex("8f cd 00 02 | 01 00 00 00 | 02 00 00 00"  // RTPFB 15: transport-cc
                + "| 8f ce 00 03 | 01 00 00 00 | 00 00 00 00 | 41 42 43 44"   // AFB that is not REMB
                + "| 83 cd 00 02 | 01 00 00 00 | 02 00 00 00"                  // RTPFB 3: TMMBR, not read
                + "| 80 cf 00 00"                                              // XR, empty
                + "| 85 cc 00 02 | 01 00 00 00 | 6e 61 6d 65"));              // APP subtype 5
        assertEquals(List.of("twcc 1000000->2000000", "other 206/15", "other 205/3", "other 207/0", "other 204/5"), r.calls);
    }

    @Test
    void paddingOnTheLastPacket() {
        Recorder r = walk(hex("a1 cd 00 05 | 01 02 03 04 | 05 06 07 08 | 00 64 80 01 | 00 75 00 00 | 00 00 00 04"));
        assertEquals(2, r.calls.size());
    }

    @Test
    void malformedPackets() {
        assertEquals(Rtcp.SHORT, code(""));
        assertEquals(Rtcp.SHORT, code("80 c9 00"));
        assertEquals(Rtcp.SHORT, code("80 c9 00 01 33 33 33 33 | 80 c9"), "trailing bytes after the last packet");
        assertEquals(Rtcp.BAD_VERSION, code("40 c9 00 01 33 33 33 33"));
        assertEquals(Rtcp.BAD_VERSION, code(PLI + "| 00 00 00 00"));
        assertEquals(Rtcp.BAD_TYPE, code("80 60 00 01 33 33 33 33"), "RTP, not RTCP");
        assertEquals(Rtcp.LENGTH_OVERRUN, code("80 c9 00 02 33 33 33 33"));
        assertEquals(Rtcp.LENGTH_OVERRUN, code(PLI.replace("00 02", "ff ff")));
        assertEquals(Rtcp.TRUNCATED, code("81 c9 00 01 33 33 33 33"), "RR counts a block it does not have");
        assertEquals(Rtcp.TRUNCATED, code("80 c8 00 05 | 11 11 11 11 | 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00"), "SR without its sender info");
        assertEquals(Rtcp.TRUNCATED, code("83 cb 00 02 | 44 44 44 44 | 55 55 55 55"), "BYE counts 3 SSRCs, has 2");
        assertEquals(Rtcp.TRUNCATED, code("81 ce 00 01 | 11 11 11 11"), "PLI without the media SSRC");
        assertEquals(Rtcp.TRUNCATED, code("84 ce 00 03 | 0a 0a 0a 0a | 00 00 00 00 | 0b 0b 0b 0b"), "FIR entry cut in half");
        assertEquals(Rtcp.TRUNCATED, code("84 ce 00 02 | 0a 0a 0a 0a | 00 00 00 00"), "FIR without an entry");
        assertEquals(Rtcp.TRUNCATED, code("81 cd 00 02 | 01 02 03 04 | 05 06 07 08"), "NACK without an entry");
        assertEquals(Rtcp.TRUNCATED, code("a1 cd 00 04 | 01 02 03 04 | 05 06 07 08 | 00 64 80 01 | 00 75 00 02"), "NACK FCI cut by padding");
        assertEquals(Rtcp.TRUNCATED, code("8f ce 00 05 | 0a 0a 0a 0a | 00 00 00 00 | 52 45 4d 42 | 02 0b ff ff | 0b 0b 0b 0b"), "REMB lists 2 SSRCs, has 1");
        assertEquals(Rtcp.BAD_PADDING, code("a0 c9 00 01 33 33 33 00"));
        assertEquals(Rtcp.BAD_PADDING, code("a0 c9 00 01 33 33 33 05"));
    }

    @Test
    void aFaultLateInTheCompoundReportsNothing() {
        assertEquals(Rtcp.LENGTH_OVERRUN, code(SR + SDES + "81 ce 00 09 11 11 11 11 22 22 22 22"));
    }

    @Test
    void rangesOutsideTheBufferAreRefusedNotThrown() {
        byte[] p = hex(PLI);
        assertEquals(Rtcp.SHORT, Rtcp.walk(p, 4, 12, new Recorder()));
        assertEquals(Rtcp.SHORT, Rtcp.walk(p, -1, 12, new Recorder()));
        assertEquals(Rtcp.SHORT, Rtcp.walk(null, 0, 12, new Recorder()));
        assertEquals(Rtcp.OK, Rtcp.walk(concat(hex("ff ff"), p), 2, 12, new Recorder()));
    }

    @Test
    void isRtcpBySecondByte() {
        assertTrue(Rtcp.isRtcp(hex(PLI), 0, 12));
        assertTrue(Rtcp.isRtcp(hex("80 c0 00 00"), 0, 4));
        assertTrue(Rtcp.isRtcp(hex("80 df 00 00"), 0, 4));
        assertFalse(Rtcp.isRtcp(hex("80 bf 00 00"), 0, 4));
        assertFalse(Rtcp.isRtcp(hex("80 e0 00 00"), 0, 4), "224: RTP PT 96 with the marker");
        assertFalse(Rtcp.isRtcp(hex("80 60 00 00"), 0, 4));
        assertFalse(Rtcp.isRtcp(hex("80 c8 00"), 0, 3));
    }

    @Test
    void pliAndFirWritersMatchTheLayout() {
        byte[] out = new byte[40];
        assertEquals(12, Rtcp.writePli(out, 0, 0x11111111L, 0x22222222L));
        assertArrayEquals(hex(PLI), Arrays.copyOf(out, 12));
        assertEquals(20, Rtcp.writeFir(out, 12, 0x0a0a0a0aL, 0x0b0b0b0bL, 7));
        assertArrayEquals(hex("84 ce 00 04 | 0a 0a 0a 0a | 00 00 00 00 | 0b 0b 0b 0b 07 00 00 00"), Arrays.copyOfRange(out, 12, 32));
        assertEquals(List.of("pli 11111111->22222222", "fir a0a0a0a->b0b0b0b seq 7"), walk(Arrays.copyOf(out, 32)).calls);
    }

    @Test
    void nackPacksIntoPidBlpPairs() {
        byte[] out = new byte[64];
        int n = Rtcp.writeNack(out, 0, 0x01020304L, 0x05060708L, new int[] {100, 101, 116, 117, 200, 999}, 5);
        assertEquals(24, n);
        assertArrayEquals(hex("81 cd 00 05 | 01 02 03 04 | 05 06 07 08 | 00 64 80 01 | 00 75 00 00 | 00 c8 00 00"),
                Arrays.copyOf(out, n));
    }

    @Test
    void nackAcrossWrapAroundAndWithDuplicates() {
        byte[] out = new byte[64];
        int n = Rtcp.writeNack(out, 0, 1, 2, new int[] {65534, 65535, 65535, 0, 1}, 5);
        assertEquals(16, n);
        assertEquals(List.of("nack 1->2 pid 65534 blp 0007"), walk(Arrays.copyOf(out, n)).calls);
    }

    @Test
    void nackRoundTripKeepsEverySequenceNumber() {
        Random random = new Random(42);
        byte[] out = new byte[4096];
        for (int round = 0; round < 200; round++) {
            int count = 1 + random.nextInt(60);
            int[] lost = new int[count];
            int seq = random.nextInt(65536);
            for (int i = 0; i < count; i++) {
                seq = round % 3 == 0 ? random.nextInt(65536) : (seq + 1 + random.nextInt(20)) & 0xFFFF;
                lost[i] = seq;
            }
            int n = Rtcp.writeNack(out, 0, 9, 10, lost, count);
            assertTrue(n > 0);
            Set<Integer> expected = new TreeSet<>();
            for (int s : lost) {
                expected.add(s);
            }
            assertEquals(expected, NackSet.of(out, 0, n), "round " + round);
        }
    }

    @Test
    void nackWithNothingLostWritesNothing() {
        assertEquals(0, Rtcp.writeNack(new byte[64], 0, 1, 2, new int[0], 0));
        assertThrows(IllegalArgumentException.class, () -> Rtcp.writeNack(new byte[64], 0, 1, 2, new int[1], 2));
    }

    @Test
    void receiverReportRoundTrip() {
        byte[] out = new byte[32];
        assertEquals(32, Rtcp.writeReceiverReport(out, 0, 0xAAAAAAAAL, 0xBBBBBBBBL, 64, -5, 0x1FFFFL, 90, 0x12345678L, 0x10000));
        assertEquals(List.of("rr aaaaaaaa",
                "block aaaaaaaa->bbbbbbbb fraction 64 lost -5 highest 131071 jitter 90 lsr 12345678 dlsr 10000"),
                walk(out).calls);
        Rtcp.writeReceiverReport(out, 0, 1, 2, 0, 50_000_000, 0, 0, 0, 0);
        assertEquals("block 1->2 fraction 0 lost 8388607 highest 0 jitter 0 lsr 0 dlsr 0", walk(out).calls.get(1),
                "cumulative loss clamped to 24 bits, not wrapped");
        Rtcp.writeReceiverReport(out, 0, 1, 2, 0, -50_000_000, 0, 0, 0, 0);
        assertEquals("block 1->2 fraction 0 lost -8388608 highest 0 jitter 0 lsr 0 dlsr 0", walk(out).calls.get(1));
    }

    @Test
    void senderReportRoundTripAndCompactNtp() {
        byte[] out = new byte[36];
        int n = Rtcp.writeSenderReport(out, 0, 0xCAFEBABEL, 0x0102030405060708L, 0xFFFFFFFFL, 3, 4000);
        n += Rtcp.writeEmptyReceiverReport(out, n, 0x77L);
        assertEquals(36, n);
        assertEquals(List.of("sr cafebabe ntp 1020304.5060708 ts 4294967295 packets 3 octets 4000", "rr 77"), walk(out).calls);
        assertEquals(0x03040506L, Rtcp.compactNtp(0x01020304L, 0x05060708L));
    }

    @Test
    void rembAndByeWriters() {
        byte[] out = new byte[32];
        int n = Rtcp.writeRemb(out, 0, 0xA, 2_500_000, 0xB);
        n += Rtcp.writeBye(out, n, 0xC);
        assertEquals(32, n);
        // 2 500 000 needs 22 bits: exponent 4, mantissa 156250, exact
        assertEquals(List.of("remb a 2500000 b", "bye c"), walk(out).calls);
        Rtcp.writeRemb(out, 0, 0xA, 1_000_000_007L, 0xB);
        Recorder r = walk(Arrays.copyOf(out, 24));
        long written = Long.parseLong(r.calls.get(0).split(" ")[2]);
        assertTrue(written <= 1_000_000_007L && written > 1_000_000_007L - (1 << 12), "rounded down by less than one step: " + written);
    }

    @Test
    void writersRefuseABufferWithoutRoom() {
        assertEquals(-1, Rtcp.writePli(new byte[11], 0, 1, 2));
        assertEquals(-1, Rtcp.writePli(new byte[20], 9, 1, 2));
        assertEquals(-1, Rtcp.writePli(new byte[20], -1, 1, 2));
        assertEquals(-1, Rtcp.writeFir(new byte[19], 0, 1, 2, 3));
        assertEquals(-1, Rtcp.writeReceiverReport(new byte[31], 0, 1, 2, 0, 0, 0, 0, 0, 0));
        assertEquals(-1, Rtcp.writeSenderReport(new byte[27], 0, 1, 2, 3, 4, 5));
        assertEquals(-1, Rtcp.writeEmptyReceiverReport(new byte[7], 0, 1));
        assertEquals(-1, Rtcp.writeRemb(new byte[23], 0, 1, 2, 3));
        assertEquals(-1, Rtcp.writeBye(new byte[7], 0, 1));
        byte[] small = new byte[19];
        assertEquals(-1, Rtcp.writeNack(small, 0, 1, 2, new int[] {1, 100}, 2), "two pairs need 20 bytes");
        assertArrayEquals(new byte[19], small, "nothing written");
        assertEquals(16, Rtcp.writeNack(new byte[16], 0, 1, 2, new int[] {1, 2}, 2));
    }
}
