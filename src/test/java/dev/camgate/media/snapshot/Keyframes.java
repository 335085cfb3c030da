package dev.camgate.media.snapshot;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.jcodec.codecs.h264.H264Encoder;
import org.jcodec.common.model.ColorSpace;
import org.jcodec.common.model.Picture;

/**
 * Real H.264 keyframes for the tests, made by JCodec's encoder from a test card of four coloured quadrants, and
 * sent as WebRTC does (RFC 6184 mode 1): SPS and PPS in one STAP-A, each slice in FU-As of at most 1100 bytes.
 */
final class Keyframes {
    /** Quadrant colours as Y, U, V (limited range): red, green, blue, white. */
    static final int[][] YUV = {{81, 90, 240}, {145, 54, 34}, {41, 240, 110}, {235, 128, 128}};
    static final int[][] RGB = {{255, 0, 0}, {0, 255, 0}, {0, 0, 255}, {255, 255, 255}};

    private Keyframes() {
    }

    static Picture card(int w, int h) {
        Picture p = Picture.create(w, h, ColorSpace.YUV420J);
        for (int plane = 0; plane < 3; plane++) {
            int pw = p.getPlaneWidth(plane);
            int ph = p.getPlaneHeight(plane);
            byte[] d = p.getPlaneData(plane);
            for (int y = 0; y < ph; y++) {
                for (int x = 0; x < pw; x++) {
                    int q = (y * 2 >= ph ? 2 : 0) + (x * 2 >= pw ? 1 : 0);
                    d[y * pw + x] = (byte) (YUV[q][plane] - 128);
                }
            }
        }
        return p;
    }

    /** The Annex-B NAL units (start codes removed) of one IDR of the test card. */
    static List<byte[]> nalUnits(int w, int h) {
        H264Encoder encoder = H264Encoder.createH264Encoder();
        Picture card = card(w, h);
        ByteBuffer out = ByteBuffer.allocate(encoder.estimateBufferSize(card));
        ByteBuffer stream = encoder.encodeFrame(card, out).getData();
        byte[] b = new byte[stream.remaining()];
        stream.get(b);
        return split(b);
    }

    static List<byte[]> split(byte[] b) {
        List<Integer> starts = new ArrayList<>();
        List<Integer> codes = new ArrayList<>();
        for (int i = 0; i + 2 < b.length; i++) {
            if (b[i] == 0 && b[i + 1] == 0 && b[i + 2] == 1) {
                starts.add(i + 3);
                codes.add(i > 0 && b[i - 1] == 0 ? i - 1 : i);
                i += 2;
            }
        }
        List<byte[]> nals = new ArrayList<>();
        for (int k = 0; k < starts.size(); k++) {
            int end = k + 1 < starts.size() ? codes.get(k + 1) : b.length;
            nals.add(java.util.Arrays.copyOfRange(b, starts.get(k), end));
        }
        return nals;
    }

    /** The RTP packets of a keyframe, as Chromium packetizes it. */
    static List<byte[]> packets(List<byte[]> nals) {
        List<byte[]> payloads = new ArrayList<>();
        List<byte[]> params = new ArrayList<>();
        for (byte[] n : nals) {
            int type = n[0] & 0x1F;
            if (type == 7 || type == 8) {
                params.add(n);
                continue;
            }
            if (!params.isEmpty()) {
                payloads.add(stapA(params));
                params.clear();
            }
            if (n.length <= 1100) {
                payloads.add(n);
            } else {
                for (int at = 1; at < n.length; at += 1100) {
                    int len = Math.min(1100, n.length - at);
                    byte[] p = new byte[2 + len];
                    p[0] = (byte) (n[0] & 0xE0 | 28);
                    p[1] = (byte) ((at == 1 ? 0x80 : 0) | (at + len == n.length ? 0x40 : 0) | n[0] & 0x1F);
                    System.arraycopy(n, at, p, 2, len);
                    payloads.add(p);
                }
            }
        }
        List<byte[]> packets = new ArrayList<>();
        for (int i = 0; i < payloads.size(); i++) {
            byte[] p = payloads.get(i);
            byte[] r = new byte[12 + p.length];
            r[0] = (byte) 0x80;
            r[1] = (byte) ((i == payloads.size() - 1 ? 0x80 : 0) | 102);
            r[2] = (byte) (i >> 8);
            r[3] = (byte) i;
            r[6] = 0x10;
            r[11] = 7;
            System.arraycopy(p, 0, r, 12, p.length);
            packets.add(r);
        }
        return packets;
    }

    private static byte[] stapA(List<byte[]> nals) {
        java.io.ByteArrayOutputStream o = new java.io.ByteArrayOutputStream();
        o.write(0x78);
        for (byte[] n : nals) {
            o.write(n.length >> 8);
            o.write(n.length);
            o.writeBytes(n);
        }
        return o.toByteArray();
    }
}
