package dev.camgate.media.mp4;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jcodec.codecs.h264.H264Encoder;
import org.jcodec.common.VideoEncoder.EncodedFrame;
import org.jcodec.common.model.ColorSpace;
import org.jcodec.common.model.Picture;

/**
 * Real H.264 for tests: JCodec's encoder (constrained baseline, CAVLC, no B-frames, like a WebRTC sender) over a
 * test card of four coloured quadrants with a grey square moving across it, so P frames carry motion. Each access
 * unit is Annex-B with 4-byte start codes; an IDR access unit carries SPS and PPS first. Encoded streams are
 * cached per parameter set (320x240 encodes at roughly 100-200 frames/s here).
 */
public final class TestStreams {
    /** Frame duration at 90 kHz for 30 frames/s. */
    public static final int FRAME_90K = 3000;

    private static final Map<List<Integer>, List<byte[]>> CACHE = new ConcurrentHashMap<>();
    private static final int[][] YUV = {{81, 90, 240}, {145, 54, 34}, {41, 240, 110}, {235, 128, 128}};

    private TestStreams() {
    }

    /**
     * {@code frames} Annex-B access units of {@code width}x{@code height} (multiples of 16), an IDR every
     * {@code keyInterval} frames starting with the first. The returned arrays are shared: do not change them.
     */
    public static List<byte[]> accessUnits(int width, int height, int frames, int keyInterval) {
        return CACHE.computeIfAbsent(List.of(width, height, frames, keyInterval),
                k -> encode(width, height, frames, keyInterval));
    }

    /** Whether an Annex-B access unit holds an IDR slice. */
    public static boolean isIdr(byte[] au) {
        for (byte[] nal : nalUnits(au)) {
            if ((nal[0] & 0x1F) == 5) {
                return true;
            }
        }
        return false;
    }

    /** The NAL units of an Annex-B access unit, start codes removed. */
    public static List<byte[]> nalUnits(byte[] b) {
        return dev.camgate.bench.RecordingStream.nalUnits(b);
    }

    /** The first NAL unit of a type in a stream, or null. */
    public static byte[] find(List<byte[]> accessUnits, int type) {
        for (byte[] au : accessUnits) {
            for (byte[] nal : nalUnits(au)) {
                if ((nal[0] & 0x1F) == type) {
                    return nal;
                }
            }
        }
        return null;
    }

    private static List<byte[]> encode(int width, int height, int frames, int keyInterval) {
        H264Encoder encoder = H264Encoder.createH264Encoder();
        encoder.setKeyInterval(keyInterval);
        List<byte[]> out = new ArrayList<>(frames);
        ByteBuffer buf = null;
        for (int f = 0; f < frames; f++) {
            Picture p = card(width, height, f);
            if (buf == null) {
                buf = ByteBuffer.allocate(encoder.estimateBufferSize(p));
            }
            buf.clear();
            EncodedFrame e = encoder.encodeFrame(p, buf);
            ByteBuffer d = e.getData();
            byte[] au = new byte[d.remaining()];
            d.get(au);
            out.add(au);
        }
        return List.copyOf(out);
    }

    private static Picture card(int w, int h, int frame) {
        Picture p = Picture.create(w, h, ColorSpace.YUV420J);
        int side = h / 4;
        int sx = frame * 4 % (w - side);
        int sy = h / 2 - side / 2 + (frame % 20 < 10 ? frame % 10 : 10 - frame % 10) * 2;
        for (int plane = 0; plane < 3; plane++) {
            int pw = p.getPlaneWidth(plane);
            int ph = p.getPlaneHeight(plane);
            int scale = w / pw;
            byte[] d = p.getPlaneData(plane);
            for (int y = 0; y < ph; y++) {
                for (int x = 0; x < pw; x++) {
                    int px = x * scale;
                    int py = y * scale;
                    int v;
                    if (px >= sx && px < sx + side && py >= sy && py < sy + side) {
                        v = plane == 0 ? 128 : 128;
                    } else {
                        int q = (y * 2 >= ph ? 2 : 0) + (x * 2 >= pw ? 1 : 0);
                        v = YUV[q][plane];
                    }
                    d[y * pw + x] = (byte) (v - 128);
                }
            }
        }
        return p;
    }

    /** Concatenates arrays (for building inputs). */
    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            o.writeBytes(p);
        }
        return o.toByteArray();
    }
}
