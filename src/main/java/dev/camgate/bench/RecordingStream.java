package dev.camgate.bench;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;
import org.jcodec.codecs.h264.H264Encoder;
import org.jcodec.codecs.h264.encode.RateControl;
import org.jcodec.codecs.h264.io.model.SliceType;
import org.jcodec.common.model.ColorSpace;
import org.jcodec.common.model.Picture;
import org.jcodec.common.model.Size;

/**
 * The recording bench's camera: one GOP of real H.264 (JCodec, constrained baseline, an IDR with SPS and PPS
 * in band, then P frames), cut into RTP packets as WebRTC sends them (RFC 6184 mode 1: NAL units up to
 * {@link #MTU_PAYLOAD} whole, larger ones as FU-As). Looped, it is a camera of about 2 Mbit/s at 30 frames/s:
 * a smooth still background with a 64-pixel square of fresh noise moving across it, so that every P frame
 * carries bits (a test card's flat colours make almost none). JCodec's P frames are about as large as its IDR
 * (it codes a residual for every macroblock), so 2 Mbit/s is reached at 640x368 and QP 30, not at 720p, where
 * its P frames alone make 5 Mbit/s or more: the packet and byte rates are a 2 Mbit/s camera's, the picture
 * is smaller, which the recorder never looks at.
 *
 * <p>Packets are templates: {@link #write} copies one into a caller's buffer with its sequence number,
 * timestamp and SSRC, so sending allocates nothing. Immutable after construction; any thread.
 */
public final class RecordingStream {
    public static final int MTU_PAYLOAD = 1100;
    static final int FRAME_90K = 3000;
    static final int PT = 96;

    final int width;
    final int height;
    final int qp;
    /** Per frame of the GOP, its packets (12-byte RTP header with zero seq/ts/ssrc, marker set on the last). */
    final byte[][][] packets;
    final byte[] sps;
    final byte[] pps;
    final long gopBytes;

    RecordingStream(int width, int height, int frames, int qp) {
        this.width = width;
        this.height = height;
        this.qp = qp;
        List<byte[]> units = encode(width, height, frames, qp);
        packets = new byte[frames][][];
        long total = 0;
        byte[] s = null;
        byte[] p = null;
        for (int f = 0; f < frames; f++) {
            List<byte[]> nals = nalUnits(units.get(f));
            for (byte[] nal : nals) {
                int type = nal[0] & 0x1F;
                if (type == 7 && s == null) {
                    s = nal;
                } else if (type == 8 && p == null) {
                    p = nal;
                }
            }
            packets[f] = packetize(nals);
            for (byte[] pk : packets[f]) {
                total += pk.length;
            }
        }
        sps = s;
        pps = p;
        gopBytes = total;
    }

    int frames() {
        return packets.length;
    }

    /** RTP bits per second at 30 frames/s, headers included (UDP and IP not). */
    double bitsPerSecond() {
        return gopBytes * 8.0 * 30 / packets.length;
    }

    /** The packet's length; {@code out} must hold it (at most {@link #MTU_PAYLOAD} + 14). */
    static int write(byte[] template, byte[] out, int seq, long ts, long ssrc) {
        System.arraycopy(template, 0, out, 0, template.length);
        out[2] = (byte) (seq >>> 8);
        out[3] = (byte) seq;
        out[4] = (byte) (ts >>> 24);
        out[5] = (byte) (ts >>> 16);
        out[6] = (byte) (ts >>> 8);
        out[7] = (byte) ts;
        out[8] = (byte) (ssrc >>> 24);
        out[9] = (byte) (ssrc >>> 16);
        out[10] = (byte) (ssrc >>> 8);
        out[11] = (byte) ssrc;
        return template.length;
    }

    /** An SDP that ffmpeg (or any RTP receiver) reads this stream from, at 127.0.0.1:{@code port}. */
    String sdp(int port) {
        Base64.Encoder b64 = Base64.getEncoder();
        String profile = String.format("%02x%02x%02x", sps[1] & 0xFF, sps[2] & 0xFF, sps[3] & 0xFF);
        return "v=0\r\n"
                + "o=- 0 0 IN IP4 127.0.0.1\r\n"
                + "s=camgate bench camera\r\n"
                + "c=IN IP4 127.0.0.1\r\n"
                + "t=0 0\r\n"
                + "m=video " + port + " RTP/AVP " + PT + "\r\n"
                + "a=rtpmap:" + PT + " H264/90000\r\n"
                + "a=fmtp:" + PT + " packetization-mode=1;profile-level-id=" + profile + ";sprop-parameter-sets="
                + b64.encodeToString(sps) + "," + b64.encodeToString(pps) + "\r\n"
                + "a=recvonly\r\n";
    }

    /**
     * The RTP payloads of one access unit's NAL units as WebRTC sends them (RFC 6184 mode 1): NAL units up to
     * {@link #MTU_PAYLOAD} bytes whole, larger ones in FU-As of that size. Also what the recording tests send.
     */
    public static List<byte[]> payloads(List<byte[]> nals) {
        List<byte[]> payloads = new ArrayList<>();
        for (byte[] nal : nals) {
            if (nal.length <= MTU_PAYLOAD) {
                payloads.add(nal);
                continue;
            }
            byte header = nal[0];
            for (int off = 1; off < nal.length; off += MTU_PAYLOAD) {
                int n = Math.min(MTU_PAYLOAD, nal.length - off);
                byte[] p = new byte[n + 2];
                p[0] = (byte) ((header & 0xE0) | 28);
                p[1] = (byte) ((header & 0x1F) | (off == 1 ? 0x80 : 0) | (off + n == nal.length ? 0x40 : 0));
                System.arraycopy(nal, off, p, 2, n);
                payloads.add(p);
            }
        }
        return payloads;
    }

    private static byte[][] packetize(List<byte[]> nals) {
        List<byte[]> payloads = payloads(nals);
        byte[][] out = new byte[payloads.size()][];
        for (int i = 0; i < out.length; i++) {
            byte[] payload = payloads.get(i);
            byte[] pk = new byte[12 + payload.length];
            pk[0] = (byte) 0x80;
            pk[1] = (byte) ((i == out.length - 1 ? 0x80 : 0) | PT);
            System.arraycopy(payload, 0, pk, 12, payload.length);
            out[i] = pk;
        }
        return out;
    }

    /** The NAL units of an Annex-B access unit, start codes removed. */
    public static List<byte[]> nalUnits(byte[] b) {
        List<byte[]> nals = new ArrayList<>();
        int start = -1;
        for (int i = 0; i + 2 < b.length; i++) {
            if (b[i] == 0 && b[i + 1] == 0 && b[i + 2] == 1) {
                if (start >= 0) {
                    int end = i > start && b[i - 1] == 0 ? i - 1 : i;
                    nals.add(java.util.Arrays.copyOfRange(b, start, end));
                }
                start = i + 3;
                i += 2;
            }
        }
        if (start >= 0) {
            nals.add(java.util.Arrays.copyOfRange(b, start, b.length));
        }
        return nals;
    }

    private static List<byte[]> encode(int width, int height, int frames, int qp) {
        // A constant quantiser: JCodec's own rate controls aim at a size per macroblock, not a bitrate.
        H264Encoder encoder = new H264Encoder(new RateControl() {
            @Override
            public int startPicture(Size sz, int maxSize, SliceType sliceType) {
                return qp;
            }

            @Override
            public int initialQpDelta() {
                return 0;
            }

            @Override
            public int accept(int bits) {
                return 0;
            }
        });
        encoder.setKeyInterval(frames);
        List<byte[]> out = new ArrayList<>(frames);
        ByteBuffer buf = null;
        Picture background = background(width, height);
        SplittableRandom noise = new SplittableRandom(42);
        for (int f = 0; f < frames; f++) {
            Picture p = frame(background, f, noise);
            if (buf == null) {
                buf = ByteBuffer.allocate(encoder.estimateBufferSize(p) * 2);
            }
            buf.clear();
            ByteBuffer d = encoder.encodeFrame(p, buf).getData();
            byte[] au = new byte[d.remaining()];
            d.get(au);
            out.add(au);
        }
        return out;
    }

    private static Picture background(int w, int h) {
        Picture p = Picture.create(w, h, ColorSpace.YUV420J);
        
        for (int plane = 0; plane < 3; plane++) {
            int pw = p.getPlaneWidth(plane);
            int ph = p.getPlaneHeight(plane);
            byte[] d = p.getPlaneData(plane);
            for (int y = 0; y < ph; y++) {
                for (int x = 0; x < pw; x++) {
                    int base = plane == 0 ? (x * 160 / pw + y * 60 / ph) - 100 : ((x / 16 + y / 16) % 3 - 1) * 20;
                    d[y * pw + x] = (byte) Math.max(-128, Math.min(127, base));
                }
            }
        }
        return p;
    }

    private static Picture frame(Picture background, int f, SplittableRandom noise) {
        int w = background.getWidth();
        int h = background.getHeight();
        Picture p = Picture.create(w, h, ColorSpace.YUV420J);
        int side = 64;
        int sx = f * 8 % (w - side);
        int sy = h / 3;
        for (int plane = 0; plane < 3; plane++) {
            int pw = p.getPlaneWidth(plane);
            int ph = p.getPlaneHeight(plane);
            int scale = w / pw;
            byte[] d = p.getPlaneData(plane);
            System.arraycopy(background.getPlaneData(plane), 0, d, 0, pw * ph);
            for (int y = sy / scale; y < (sy + side) / scale && y < ph; y++) {
                for (int x = sx / scale; x < (sx + side) / scale && x < pw; x++) {
                    d[y * pw + x] = (byte) noise.nextInt(-60, 60);
                }
            }
        }
        return p;
    }
}
