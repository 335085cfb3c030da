package dev.camgate.media.rtp;

import static dev.camgate.media.rtp.Bytes.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * The packet path's promise: reading and writing packets allocates nothing, so a hub forwarding thousands of
 * packets a second makes no garbage for them. Measured with the JVM's per-thread allocation counter over many
 * calls after a warm-up; a single object per call would show as megabytes.
 */
class NoAllocationTest {
    static final int CALLS = 200_000;

    /** Counts calls only, so the visitor itself allocates nothing. */
    static final class Counter implements RtcpVisitor {
        long n;

        @Override
        public void senderReport(long ssrc, long ntpMsw, long ntpLsw, long rtpTs, long packetCount, long octetCount) {
            n++;
        }

        @Override
        public void reportBlock(long reporterSsrc, long sourceSsrc, int fractionLost, int cumulativeLost,
                long extHighestSeq, long jitter, long lsr, long dlsr) {
            n++;
        }

        @Override
        public void nack(long senderSsrc, long mediaSsrc, int pid, int blp) {
            n++;
        }

        @Override
        public void pli(long senderSsrc, long mediaSsrc) {
            n++;
        }

        @Override
        public void remb(long senderSsrc, long bitrateBps, int ssrcCount, byte[] buf, int ssrcsOff) {
            n += Rtcp.ssrcAt(buf, ssrcsOff, 0) & 1;
        }
    }

    @Test
    void thePacketPathAllocatesNothing() {
        byte[] rtcp = hex(RtcpTest.SR + RtcpTest.SDES + RtcpTest.PLI
                + "81 cd 00 03 | 01 02 03 04 | 05 06 07 08 | 00 64 80 01"
                + "8f ce 00 05 | 0a 0a 0a 0a | 00 00 00 00 | 52 45 4d 42 | 01 0b ff ff | 0b 0b 0b 0b");
        byte[] stap = hex("78 | 00 09 " + H264Test.SPS + "| 00 04 " + H264Test.PPS + "| 00 03 65 88 80");
        byte[] fu = hex("7c 85 88 84");
        byte[] vp8 = hex("90 f0 92 34 07 40 " + Vp8Test.KEY_HEADER);
        byte[] rtp = hex("b2 e0 12 34 de ad be ef 11 22 33 44 | 00 00 00 01 | 00 00 00 02 | be de 00 01 | 10 ff 00 00"
                + "| 68 65 6c 6c 6f | 00 00 03");
        byte[] work = new byte[rtp.length];
        byte[] out = new byte[1500];
        int[] lost = {100, 101, 116, 117, 200};
        Counter counter = new Counter();
        SequenceUnwrapper unwrapper = new SequenceUnwrapper();

        Runnable round = () -> {
            assertEquals(Rtcp.OK, Rtcp.walk(rtcp, 0, rtcp.length, counter));
            assertTrue(H264.isKeyframe(stap, 0, stap.length) && H264.isKeyframe(fu, 0, fu.length));
            assertTrue(H264.findSps(stap, 0, stap.length) > 0);
            assertTrue(Vp8.isKeyframe(vp8, 0, vp8.length) && Vp8.keyframeWidth(vp8, 0, vp8.length) == 640);
            System.arraycopy(rtp, 0, work, 0, rtp.length);
            assertTrue(RtpPacket.isValid(work, 0, work.length));
            int n = RtpPacket.stripExtensionAndCsrcs(work, 0, work.length);
            RtpPacket.setSequence(work, 0, (int) unwrapper.unwrap(RtpPacket.sequence(work, 0) + 1));
            int at = Rtcp.writeReceiverReport(out, 0, 1, 2, 3, 4, 5, 6, 7, 8);
            at += Rtcp.writeNack(out, at, 1, 2, lost, lost.length);
            at += Rtcp.writePli(out, at, 1, 2);
            assertTrue(n == 20 && at == 32 + 24 + 12);
        };
        for (int i = 0; i < 20_000; i++) {
            round.run();
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().threadId();
        long before = threads.getThreadAllocatedBytes(thread);
        long start = System.nanoTime();
        for (int i = 0; i < CALLS; i++) {
            round.run();
        }
        long nanos = System.nanoTime() - start;
        long allocated = threads.getThreadAllocatedBytes(thread) - before;
        System.out.printf("media.rtp packet path: %d ns per round, %d bytes allocated over %d rounds%n",
                nanos / CALLS, allocated, CALLS);
        assertTrue(allocated < 64 * 1024, allocated + " bytes allocated over " + CALLS + " rounds");
    }
}
