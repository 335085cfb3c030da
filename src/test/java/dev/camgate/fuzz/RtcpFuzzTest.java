package dev.camgate.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.camgate.media.rtp.Rtcp;
import dev.camgate.media.rtp.RtcpVisitor;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * RTCP from any peer. {@link Rtcp#walk} returns a documented code and never throws; it reports nothing for a
 * malformed compound packet, and what it reports for a good one fits in the bytes (each call stands for at least
 * as many bytes as its RFC layout needs) with every field in its range. {@code writers}: whatever the writers put
 * into a buffer of any size walks back to exactly what was written. Seeds: RtcpFuzzTestInputs/walk/.
 */
class RtcpFuzzTest {

    @FuzzTest(maxDuration = "5m")
    void walk(byte[] data) {
        Counting c = new Counting();
        int code = Rtcp.walk(data, 0, data.length, c);
        assertTrue(code <= Rtcp.OK && code >= Rtcp.TRUNCATED, "undocumented code " + code);
        assertFalse(Rtcp.reason(code).startsWith("unknown"));
        assertEquals(code, Rtcp.check(data, 0, data.length), "check and walk disagree");
        if (code != Rtcp.OK) {
            assertEquals(0, c.calls, "calls reported for a packet refused with " + Rtcp.reason(code));
            return;
        }
        assertTrue(c.minBytes <= data.length, c.minBytes + " bytes reported from " + data.length);
        assertTrue(Rtcp.isRtcp(data, 0, data.length), "walk accepted what isRtcp refuses");

        byte[] shifted = new byte[data.length + 5];
        System.arraycopy(data, 0, shifted, 3, data.length);
        Counting again = new Counting();
        assertEquals(Rtcp.OK, Rtcp.walk(shifted, 3, data.length, again));
        assertEquals(c.calls, again.calls, "the same packet at another offset");
        assertEquals(c.minBytes, again.minBytes);
    }

    @FuzzTest(maxDuration = "5m")
    void writers(FuzzedDataProvider in) {
        byte[] out = new byte[in.consumeInt(0, 200)];
        int off = in.consumeInt(0, 8);
        int at = Math.min(off, out.length);
        List<String> expected = new ArrayList<>();
        Set<Integer> lostSeqs = new TreeSet<>();
        boolean nackWritten = false;
        while (in.remainingBytes() > 0 && expected.size() < 12) {
            long a = in.consumeLong() & 0xFFFFFFFFL;
            long b = in.consumeLong() & 0xFFFFFFFFL;
            int n;
            String part;
            switch (in.consumeInt(0, 7)) {
                case 0 -> {
                    n = Rtcp.writePli(out, at, a, b);
                    part = "pli " + a + " " + b;
                }
                case 1 -> {
                    int seq = in.consumeInt(0, 255);
                    n = Rtcp.writeFir(out, at, a, b, seq);
                    part = "fir " + a + " " + b + " " + seq;
                }
                case 2 -> {
                    int fraction = in.consumeInt(0, 255);
                    int lost = in.consumeInt(-0x800000, 0x7FFFFF);
                    long[] v = {in.consumeLong() & 0xFFFFFFFFL, in.consumeLong() & 0xFFFFFFFFL,
                            in.consumeLong() & 0xFFFFFFFFL, in.consumeLong() & 0xFFFFFFFFL};
                    n = Rtcp.writeReceiverReport(out, at, a, b, fraction, lost, v[0], v[1], v[2], v[3]);
                    part = "rr " + a + " block " + b + " " + fraction + " " + lost + " " + v[0] + " " + v[1] + " " + v[2] + " " + v[3];
                }
                case 3 -> {
                    long ntp = in.consumeLong();
                    long ts = in.consumeLong() & 0xFFFFFFFFL;
                    long octets = in.consumeLong() & 0xFFFFFFFFL;
                    n = Rtcp.writeSenderReport(out, at, a, ntp, ts, b, octets);
                    part = "sr " + a + " " + (ntp >>> 32) + " " + (ntp & 0xFFFFFFFFL) + " " + ts + " " + b + " " + octets;
                }
                case 4 -> {
                    n = Rtcp.writeEmptyReceiverReport(out, at, a);
                    part = "rr " + a;
                }
                case 5 -> {
                    n = Rtcp.writeBye(out, at, a);
                    part = "bye " + a;
                }
                case 6 -> {
                    long bps = in.consumeLong(0, 1L << 40);
                    n = Rtcp.writeRemb(out, at, a, bps, b);
                    // the mantissa keeps the top 18 bits: the estimate read back is bps rounded down to that
                    int exp = Math.max(0, 64 - Long.numberOfLeadingZeros(bps) - 18);
                    part = "remb " + a + " " + (bps >>> exp << exp) + " " + b;
                }
                default -> {
                    if (nackWritten) {
                        continue; // one NACK per compound keeps the expected set simple
                    }
                    int[] seqs = new int[in.consumeInt(0, 40)];
                    for (int i = 0; i < seqs.length; i++) {
                        seqs[i] = in.consumeInt(0, 65535);
                    }
                    n = Rtcp.writeNack(out, at, a, b, seqs, seqs.length);
                    if (n > 0) {
                        nackWritten = true;
                        for (int s : seqs) {
                            lostSeqs.add(s);
                        }
                    }
                    part = null;
                }
            }
            if (n < 0) {
                break;
            }
            assertTrue(at + n <= out.length, "a writer ran past the buffer");
            at += n;
            if (part != null) {
                expected.add(part);
            }
        }
        if (at == Math.min(off, out.length)) {
            return;
        }
        Writing w = new Writing();
        int code = Rtcp.walk(out, off, at - off, w);
        assertEquals(Rtcp.OK, code, Rtcp.reason(code));
        assertEquals(expected, w.parts);
        assertEquals(lostSeqs, w.nacked);
    }

    /** Counts calls and the least number of bytes each stands for in its packet layout; checks field ranges. */
    private static final class Counting implements RtcpVisitor {
        int calls;
        long minBytes;

        private void call(long bytes, long... ssrcs) {
            calls++;
            minBytes += bytes;
            for (long s : ssrcs) {
                assertTrue(s >= 0 && s <= 0xFFFFFFFFL, "SSRC " + s);
            }
        }

        @Override
        public void senderReport(long ssrc, long ntpMsw, long ntpLsw, long rtpTs, long packetCount, long octetCount) {
            call(28, ssrc, ntpMsw, ntpLsw, rtpTs, packetCount, octetCount);
        }

        @Override
        public void receiverReport(long ssrc) {
            call(8, ssrc);
        }

        @Override
        public void reportBlock(long reporterSsrc, long sourceSsrc, int fractionLost, int cumulativeLost,
                long extHighestSeq, long jitter, long lsr, long dlsr) {
            call(24, reporterSsrc, sourceSsrc, extHighestSeq, jitter, lsr, dlsr);
            assertTrue(fractionLost >= 0 && fractionLost <= 255);
            assertTrue(cumulativeLost >= -0x800000 && cumulativeLost <= 0x7FFFFF);
        }

        @Override
        public void sdes(int chunkCount) {
            call(4);
            assertTrue(chunkCount >= 0 && chunkCount <= 31);
        }

        @Override
        public void bye(long ssrc) {
            call(4, ssrc);
        }

        @Override
        public void nack(long senderSsrc, long mediaSsrc, int pid, int blp) {
            call(4, senderSsrc, mediaSsrc);
            assertTrue(pid >= 0 && pid <= 0xFFFF && blp >= 0 && blp <= 0xFFFF);
        }

        @Override
        public void pli(long senderSsrc, long mediaSsrc) {
            call(12, senderSsrc, mediaSsrc);
        }

        @Override
        public void fir(long senderSsrc, long targetSsrc, int seqNr) {
            call(8, senderSsrc, targetSsrc);
            assertTrue(seqNr >= 0 && seqNr <= 255);
        }

        @Override
        public void remb(long senderSsrc, long bitrateBps, int ssrcCount, byte[] buf, int ssrcsOff) {
            call(20 + 4L * ssrcCount, senderSsrc);
            assertTrue(bitrateBps >= 0);
            for (int i = 0; i < ssrcCount; i++) {
                Rtcp.ssrcAt(buf, ssrcsOff, i); // must stay inside the buffer
            }
        }

        @Override
        public void transportCc(long senderSsrc, long mediaSsrc) {
            call(12, senderSsrc, mediaSsrc);
        }

        @Override
        public void other(int pt, int fmt) {
            call(4);
            assertTrue(pt >= 192 && pt <= 223 && fmt >= 0 && fmt <= 31);
        }
    }

    /** Writes down what the writers' packets say, in the test's own words. */
    private static final class Writing implements RtcpVisitor {
        final List<String> parts = new ArrayList<>();
        final Set<Integer> nacked = new TreeSet<>();
        private String report;

        @Override
        public void senderReport(long ssrc, long ntpMsw, long ntpLsw, long rtpTs, long packetCount, long octetCount) {
            parts.add("sr " + ssrc + " " + ntpMsw + " " + ntpLsw + " " + rtpTs + " " + packetCount + " " + octetCount);
        }

        @Override
        public void receiverReport(long ssrc) {
            parts.add("rr " + ssrc);
        }

        @Override
        public void reportBlock(long reporterSsrc, long sourceSsrc, int fractionLost, int cumulativeLost,
                long extHighestSeq, long jitter, long lsr, long dlsr) {
            int last = parts.size() - 1;
            parts.set(last, parts.get(last) + " block " + sourceSsrc + " " + fractionLost + " " + cumulativeLost + " "
                    + extHighestSeq + " " + jitter + " " + lsr + " " + dlsr);
        }

        @Override
        public void bye(long ssrc) {
            parts.add("bye " + ssrc);
        }

        @Override
        public void nack(long senderSsrc, long mediaSsrc, int pid, int blp) {
            nacked.add(pid);
            for (int i = 0; i < 16; i++) {
                if ((blp & 1 << i) != 0) {
                    nacked.add((pid + i + 1) & 0xFFFF);
                }
            }
        }

        @Override
        public void pli(long senderSsrc, long mediaSsrc) {
            parts.add("pli " + senderSsrc + " " + mediaSsrc);
        }

        @Override
        public void fir(long senderSsrc, long targetSsrc, int seqNr) {
            parts.add("fir " + senderSsrc + " " + targetSsrc + " " + seqNr);
        }

        @Override
        public void remb(long senderSsrc, long bitrateBps, int ssrcCount, byte[] buf, int ssrcsOff) {
            assertEquals(1, ssrcCount);
            parts.add("remb " + senderSsrc + " " + bitrateBps + " " + Rtcp.ssrcAt(buf, ssrcsOff, 0));
        }

        @Override
        public void other(int pt, int fmt) {
            parts.add("other " + pt + " " + fmt);
        }
    }
}
