package dev.camgate.media.sfu;

import dev.camgate.media.rtp.RtpPacket;
import java.util.ArrayList;
import java.util.List;

/** Synthetic RTP for the SFU tests: H.264-like payloads whose first byte is the NAL type (5 IDR, 1 delta). */
final class Rtp {
    static final int IDR = 5;
    static final int DELTA = 1;
    static final int CAMERA_PT = 102;

    /** Keyframe iff the first payload byte is an IDR or SPS NAL header: what a real H.264 detector decides. */
    static final KeyframeDetector H264ISH = (buf, off, len) -> {
        int type = buf[off] & 0x1F;
        return type == IDR || type == 7;
    };

    private Rtp() {
    }

    static byte[] packet(long ssrc, int seq, long ts, boolean marker, int nalType, int payloadLen) {
        byte[] b = new byte[12 + payloadLen];
        b[0] = (byte) 0x80;
        b[1] = (byte) ((marker ? 0x80 : 0) | CAMERA_PT);
        RtpPacket.setSequence(b, 0, seq & 0xFFFF);
        RtpPacket.setTimestamp(b, 0, ts & 0xFFFF_FFFFL);
        RtpPacket.setSsrc(b, 0, ssrc);
        if (payloadLen > 0) {
            b[12] = (byte) (0x60 | nalType);
            for (int i = 13; i < b.length; i++) {
                b[i] = (byte) (seq * 31 + i); // recognisable content per packet
            }
        }
        return b;
    }

    static int seq(byte[] p) {
        return RtpPacket.sequence(p, 0);
    }

    static long ts(byte[] p) {
        return RtpPacket.timestamp(p, 0);
    }

    static byte[] payload(byte[] p) {
        int off = RtpPacket.payloadOffset(p, 0, p.length);
        return java.util.Arrays.copyOfRange(p, off, off + RtpPacket.payloadLength(p, 0, p.length));
    }

    /**
     * A camera: frames of a few packets, 90 kHz timestamps 3000 apart (30 fps), a keyframe when asked. Its own
     * clock is the frame count; the test decides what "now" is.
     */
    static final class Camera {
        long ssrc;
        int seq;
        long ts;

        Camera(long ssrc, int seq, long ts) {
            this.ssrc = ssrc;
            this.seq = seq;
            this.ts = ts;
        }

        /** The next frame's packets; the last carries the marker bit. */
        List<byte[]> frame(boolean key, int packets) {
            List<byte[]> out = new ArrayList<>();
            for (int i = 0; i < packets; i++) {
                out.add(packet(ssrc, seq, ts, i == packets - 1, key ? IDR : DELTA, 100));
                seq = (seq + 1) & 0xFFFF;
            }
            ts = (ts + 3000) & 0xFFFF_FFFFL;
            return out;
        }
    }

    /** A viewer's queue: keeps copies of what it took; refuses while {@code full}. */
    static final class Sink implements ViewerSink {
        final List<byte[]> got = new ArrayList<>();
        boolean full;

        @Override
        public boolean offer(byte[] buf, int off, int len) {
            if (full) {
                return false;
            }
            got.add(java.util.Arrays.copyOfRange(buf, off, off + len));
            return true;
        }

        byte[] last() {
            return got.get(got.size() - 1);
        }
    }

    /** The camera side: what the feed asked for. */
    static final class Control implements FeedControl {
        final List<int[]> nacks = new ArrayList<>();
        int keyframeRequests;

        @Override
        public void nack(int[] seqs, int count) {
            nacks.add(java.util.Arrays.copyOf(seqs, count));
        }

        @Override
        public void requestKeyframe() {
            keyframeRequests++;
        }
    }
}
