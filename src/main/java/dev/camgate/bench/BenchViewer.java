package dev.camgate.bench;

import dev.camgate.media.dtls.HubCertificate;
import dev.camgate.media.rtp.Rtcp;
import dev.camgate.media.rtp.SequenceUnwrapper;
import dev.camgate.media.srtp.SrtpSession;
import java.net.InetSocketAddress;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One receiving viewer: decrypts the hub's SRTP, reads the camera's send time and packet index from the
 * payload's end, marks the index in a bitmap (so loss is counted against what the camera sent, not against
 * what the hub chose to number), and sends a receiver report every second with the LSR/DLSR of the hub's
 * last sender report (Janus keeps its retransmission buffer only once RRs give it a round-trip time).
 *
 * <p>{@code verifyEvery} > 1 decrypts only every n-th packet (and every packet until the hub's sequence
 * offset is known); the others are placed by their clear RTP sequence number. 1, the default, decrypts all.
 * Loop thread only; no allocation per packet.
 */
final class BenchViewer extends BenchPeer {
    /** Bitmap of camera packet indexes mod 2^16: a measuring window must be shorter than 65,536 packets. */
    static final int BITS = 1 << 16;
    static final boolean DEBUG = System.getenv("BENCH_DEBUG") != null;

    private final Measure measure;
    private final int verifyEvery;
    private final long ownSsrc = ThreadLocalRandom.current().nextLong(1, 0xFFFF_FFFFL);
    private final long[] seen = new long[BITS / 64];
    private final SequenceUnwrapper seqs = new SequenceUnwrapper();
    private final byte[] rtcpOut = new byte[64 + SrtpSession.MAX_OVERHEAD];
    private long mediaSsrc;
    private long base = -1;
    private long received;
    private long priorExpected;
    private long priorReceived;
    private int offset;
    private boolean offsetKnown;
    private int sinceVerify;
    private long nextRr;
    private long lastSr;
    private long lastSrAt;
    long authFailures;
    long verified;
    long firstPacketAt;

    BenchViewer(MediaLoop loop, InetSocketAddress bind, boolean plain, HubCertificate cert, Executor dtls, Measure measure,
                int verifyEvery) {
        super(loop, bind, plain, cert, dtls);
        this.measure = measure;
        this.verifyEvery = verifyEvery;
        this.nextRr = System.nanoTime() + ThreadLocalRandom.current().nextLong(1_000_000_000L);
    }

    @Override
    void onRtp(byte[] buf, int len, long now) {
        int seq = (buf[2] & 0xFF) << 8 | buf[3] & 0xFF;
        long ext = seqs.unwrap(seq);
        if (base < 0) {
            base = ext;
            mediaSsrc = SyntheticCamera.getInt(buf, 8) & 0xFFFF_FFFFL;
            firstPacketAt = now;
        }
        int idx16;
        if (plain() || !offsetKnown || ++sinceVerify >= verifyEvery) {
            sinceVerify = 0;
            int n = plain() ? len : srtp.unprotectRtp(buf, 0, len);
            if (n < 12 + SyntheticCamera.STAMP) {
                if (DEBUG && authFailures < 3) {
                    System.err.println("auth failure port=" + localPort() + " seq=" + seq + " ssrc=" + (SyntheticCamera.getInt(buf, 8) & 0xFFFF_FFFFL)
                            + " first ssrc=" + mediaSsrc + " highest=" + seqs.highest() + " len=" + len + " verified=" + verified + " received=" + received
                            + " profile=" + srtp.profile() + " remote=" + remote);
                }
                authFailures++;
                return;
            }
            verified++;
            long stamp = SyntheticCamera.getLong(buf, n - SyntheticCamera.STAMP);
            int index = SyntheticCamera.getInt(buf, n - 4);
            offset = (seq - index) & 0xFFFF;
            offsetKnown = true;
            idx16 = index & 0xFFFF;
            measure.delay(index, now - stamp);
        } else {
            idx16 = (seq - offset) & 0xFFFF;
        }
        received++;
        if (measure.on) {
            seen[idx16 >>> 6] |= 1L << idx16;
        }
    }

    /** On the loop: a measuring window begins. */
    void clearSeen() {
        java.util.Arrays.fill(seen, 0);
    }

    /** On the loop, after a window: how many of the camera's packets {@code [from, to)} arrived. */
    long countSeen(int from, int to) {
        long n = 0;
        for (int i = from; i < to; i++) {
            int b = i & 0xFFFF;
            if ((seen[b >>> 6] & 1L << b) != 0) {
                n++;
            }
        }
        return n;
    }

    boolean receiving() {
        return base >= 0;
    }

    @Override
    void onRtcp(byte[] buf, int len, long now) {
        // Walk the compound packet for a sender report: its NTP time is echoed in our receiver reports.
        int p = 0;
        while (p + 4 <= len) {
            int words = ((buf[p + 2] & 0xFF) << 8 | buf[p + 3] & 0xFF) + 1;
            if ((buf[p + 1] & 0xFF) == 200 && p + 16 <= len) {
                long msw = SyntheticCamera.getInt(buf, p + 8) & 0xFFFF_FFFFL;
                long lsw = SyntheticCamera.getInt(buf, p + 12) & 0xFFFF_FFFFL;
                lastSr = Rtcp.compactNtp(msw, lsw);
                lastSrAt = now;
            }
            p += 4 * words;
        }
    }

    @Override
    void onTick(long now) {
        if (now < nextRr || base < 0 || (srtp == null && !plain())) {
            return;
        }
        nextRr = now + 1_000_000_000L;
        long highest = seqs.highest();
        long expected = highest - base + 1;
        long lost = expected - received;
        long expectedInterval = expected - priorExpected;
        long lostInterval = expectedInterval - (received - priorReceived);
        priorExpected = expected;
        priorReceived = received;
        int fraction = expectedInterval <= 0 || lostInterval <= 0 ? 0 : (int) Math.min(255, (lostInterval << 8) / expectedInterval);
        long dlsr = lastSrAt == 0 ? 0 : (now - lastSrAt) * 65536 / 1_000_000_000L;
        int n = Rtcp.writeReceiverReport(rtcpOut, 0, ownSsrc, mediaSsrc, fraction, (int) Math.max(lost, 0),
                highest & 0xFFFF_FFFFL, 0, lastSr, lastSrAt == 0 ? 0 : dlsr);
        if (!plain()) {
            sendRtcp(rtcpOut, n);
        }
    }
}
