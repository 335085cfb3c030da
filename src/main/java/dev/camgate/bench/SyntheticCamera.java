package dev.camgate.bench;

import dev.camgate.media.dtls.HubCertificate;
import dev.camgate.media.rtp.Rtcp;
import dev.camgate.media.rtp.RtcpVisitor;
import dev.camgate.media.srtp.SrtpSession;
import java.net.InetSocketAddress;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A camera that sends H.264 as a WebRTC encoder would, in RTP: 30 frames a second, each frame's packets
 * spread over the frame time as libwebrtc's pacer spreads them, a keyframe (SPS, PPS, then the IDR slice in
 * FU-A fragments) every 2 s and whenever asked (PLI, FIR). The NAL units are filler, as nothing decodes them;
 * the last 12 bytes of every payload are the send time (System.nanoTime) and the packet's index since the
 * camera started, for the viewers' delay and loss figures.
 *
 * <p>With the defaults the stream is 8 packets of 1,012 bytes per frame and 2+24 per keyframe: 249 packets
 * and 2.0 Mbit/s of RTP a second. On the loop thread; one buffer for every packet.
 */
final class SyntheticCamera extends BenchPeer implements MediaLoop.Pacer, RtcpVisitor {
    static final int PT_DEFAULT = 96;
    static final int FPS = 30;
    static final long FRAME_NANOS = 1_000_000_000L / FPS;
    static final int KEYFRAME_EVERY = 2 * FPS;
    static final int PAYLOAD = 1000;
    static final int PACKETS_PER_FRAME = 8;
    static final int PACKETS_PER_IDR = 24;
    /** A Constrained Baseline 640x480 SPS (the one SpsTest reads) and a PPS. */
    static final byte[] SPS = {0x67, 0x42, (byte) 0xc0, 0x1e, (byte) 0xda, 0x02, (byte) 0x80, (byte) 0xf6, 0x40};
    static final byte[] PPS = {0x68, (byte) 0xce, 0x38, (byte) 0x80};
    /** Send time and index at the end of each payload. */
    static final int STAMP = 12;

    final long ssrc = ThreadLocalRandom.current().nextLong(1, 0xFFFF_FFFFL);
    /** The payload type the hub's offer gave H.264; set before the camera starts sending. */
    volatile int pt;
    private final byte[] pkt = new byte[1500 + SrtpSession.MAX_OVERHEAD];
    private final byte[] fill = new byte[PAYLOAD];
    private final byte[] rtcpOut = new byte[256];
    private volatile boolean sending;
    private InetSocketAddress plainTarget;
    private long t0;
    private long frame;
    private int packetInFrame;
    private int packetsThisFrame;
    private boolean keyframeThisFrame;
    private boolean keyframeAsked;
    private long nextSend;
    private long nextSr;
    /** Next packet's index; read by the bench thread to mark measuring windows. */
    volatile int index;
    private long octets;
    volatile long keyframeRequests;
    /**
     * How late the loop sent packets: a load generator that cannot keep up shows here (and its viewers' sockets
     * queue what it has not read, which would look like the hub's delay). Reset by the bench for each window.
     */
    volatile long lagMaxNanos;
    volatile long lateSends;
    static final long LATE_NANOS = 2_000_000L;

    SyntheticCamera(MediaLoop loop, InetSocketAddress bind, boolean plain, int payloadType, HubCertificate cert, Executor dtls) {
        super(loop, bind, plain, cert, dtls);
        this.pt = payloadType;
        ThreadLocalRandom.current().nextBytes(fill);
    }

    /** Plain RTP to {@code target} (Janus's streaming port, or a viewer directly): no ICE, DTLS or SRTP. */
    void sendPlainTo(InetSocketAddress target) {
        plainTarget = target;
        start(target, null, null, false);
    }

    @Override
    void onSecure() {
        sending = true;
        t0 = System.nanoTime();
        nextSend = t0;
        frame = 0;
        packetInFrame = 0;
        beginFrame();
        loop.pacer(this);
    }

    private void beginFrame() {
        keyframeThisFrame = frame % KEYFRAME_EVERY == 0 || keyframeAsked;
        keyframeAsked = false;
        packetsThisFrame = keyframeThisFrame ? 2 + PACKETS_PER_IDR : PACKETS_PER_FRAME;
    }

    @Override
    public long run(long now) {
        if (!sending) {
            return Long.MAX_VALUE;
        }
        while (now >= nextSend) {
            long lag = now - nextSend;
            lagMaxNanos = Math.max(lagMaxNanos, lag);
            if (lag > LATE_NANOS) {
                lateSends++;
            }
            sendOne(now);
            packetInFrame++;
            if (packetInFrame == packetsThisFrame) {
                frame++;
                packetInFrame = 0;
                beginFrame();
            }
            nextSend = t0 + frame * FRAME_NANOS + packetInFrame * FRAME_NANOS / packetsThisFrame;
        }
        if (!plain() && now >= nextSr) {
            nextSr = now + 1_000_000_000L;
            int n = Rtcp.writeSenderReport(rtcpOut, 0, ssrc, ntp(), frame * 3000, index, octets);
            sendRtcp(rtcpOut, n);
        }
        return nextSend;
    }

    private static long ntp() {
        long ms = System.currentTimeMillis();
        long seconds = ms / 1000 + 2_208_988_800L;
        long frac = ((ms % 1000) << 32) / 1000;
        return seconds << 32 | frac;
    }

    private void sendOne(long now) {
        int i = index;
        boolean last = packetInFrame == packetsThisFrame - 1;
        int p = 12;
        if (keyframeThisFrame && packetInFrame == 0) {
            System.arraycopy(SPS, 0, pkt, p, SPS.length);
            p += SPS.length;
        } else if (keyframeThisFrame && packetInFrame == 1) {
            System.arraycopy(PPS, 0, pkt, p, PPS.length);
            p += PPS.length;
        } else {
            int nal = keyframeThisFrame ? 5 : 1;
            int first = keyframeThisFrame ? 2 : 0;
            pkt[p++] = (byte) ((keyframeThisFrame ? 0x60 : 0x40) | 28); // FU-A, NRI 3 for IDR, 2 otherwise
            pkt[p++] = (byte) ((packetInFrame == first ? 0x80 : 0) | (last ? 0x40 : 0) | nal);
            System.arraycopy(fill, 0, pkt, p, PAYLOAD - 2 - STAMP);
            p += PAYLOAD - 2 - STAMP;
        }
        pkt[0] = (byte) 0x80;
        pkt[1] = (byte) ((last ? 0x80 : 0) | pt);
        pkt[2] = (byte) (i >> 8);
        pkt[3] = (byte) i;
        putInt(pkt, 4, (int) (frame * 3000));
        putInt(pkt, 8, (int) ssrc);
        long stamp = System.nanoTime();
        putLong(pkt, p, stamp);
        putInt(pkt, p + 8, i);
        p += STAMP;
        index = i + 1;
        octets += p - 12;
        InetSocketAddress to = plain() ? plainTarget : remote;
        int n = plain() ? p : srtp.protectRtp(pkt, 0, p);
        if (n > 0 && to != null) {
            send(pkt, 0, n, to);
        }
    }

    @Override
    void onRtp(byte[] buf, int len, long now) {
    }

    @Override
    void onRtcp(byte[] buf, int len, long now) {
        Rtcp.walk(buf, 0, len, this);
    }

    @Override
    public void pli(long senderSsrc, long mediaSsrc) {
        keyframeAsked = true;
        keyframeRequests++;
    }

    @Override
    public void fir(long senderSsrc, long targetSsrc, int seqNr) {
        keyframeAsked = true;
        keyframeRequests++;
    }

    static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    static void putLong(byte[] b, int at, long v) {
        putInt(b, at, (int) (v >>> 32));
        putInt(b, at + 4, (int) v);
    }

    static int getInt(byte[] b, int at) {
        return (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | b[at + 3] & 0xFF;
    }

    static long getLong(byte[] b, int at) {
        return (long) getInt(b, at) << 32 | getInt(b, at + 4) & 0xFFFF_FFFFL;
    }
}
