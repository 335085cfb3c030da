package dev.camgate.media.snapshot;

import dev.camgate.media.h264.AnnexB;
import dev.camgate.media.h264.DepacketizeException;
import dev.camgate.media.rtp.H264;
import dev.camgate.media.rtp.PayloadException;
import dev.camgate.media.rtp.RtpPacket;
import dev.camgate.media.rtp.Sps;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.ExecutorService;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.jcodec.codecs.h264.H264Decoder;
import org.jcodec.common.model.ColorSpace;
import org.jcodec.common.model.Picture;

/**
 * An H.264 keyframe (the SPS and PPS in front of the IDR, as WebRTC encoders send them) to a JPEG: RTP
 * payloads to Annex-B ({@link AnnexB}), the picture size from the SPS (refused above {@link #MAX_PIXELS}
 * before any picture memory is taken), decoded by JCodec on the calling thread alone, BT.601 to RGB,
 * encoded by {@code javax.imageio}. Anything JCodec throws on a camera's odd bytes becomes a
 * {@link SnapshotException}. Stateless; safe from any thread.
 */
public final class H264Jpeg implements KeyframeDecoder {
    /** 4096x2304: larger than any home camera sends, and a bound on the memory one decode takes (~14 MiB of YUV). */
    public static final int MAX_PIXELS = 4096 * 2304;
    static final float QUALITY = 0.8f;

    private static final Field THREADED;
    private static final Field POOL;

    static {
        Field threaded = null;
        Field pool = null;
        try {
            threaded = H264Decoder.class.getDeclaredField("threaded");
            pool = H264Decoder.class.getDeclaredField("tp");
            threaded.setAccessible(true);
            pool.setAccessible(true);
        } catch (ReflectiveOperationException | RuntimeException e) {
            threaded = null;
            pool = null;
        }
        THREADED = threaded;
        POOL = pool;
    }

    @Override
    public Jpeg decode(List<byte[]> rtpPackets) throws SnapshotException {
        Sps sps = sps(rtpPackets);
        if ((long) sps.width() * sps.height() > MAX_PIXELS) {
            throw new SnapshotException("the picture is " + sps.width() + "x" + sps.height() + ", larger than snapshots allow (4096x2304)");
        }
        byte[] stream;
        try {
            stream = AnnexB.of(rtpPackets, AnnexB.DEFAULT_LIMIT);
        } catch (DepacketizeException e) {
            throw new SnapshotException("the keyframe's packets do not reassemble: " + e.getMessage());
        }
        Picture picture = decode(stream, sps);
        return new Jpeg(jpeg(rgb(picture)), picture.getCroppedWidth(), picture.getCroppedHeight());
    }

    /**
     * A keyframe already out of RTP, as a recording holds it: an Annex-B stream with its SPS and PPS. The
     * picture is scaled down to at most {@code maxWidth} wide (0: as it is), for thumbnails. On the caller's
     * thread, which must not be an event loop.
     */
    public Jpeg decodeAnnexB(byte[] stream, byte[] spsNal, int maxWidth) throws SnapshotException {
        Sps sps;
        try {
            sps = Sps.parse(spsNal);
        } catch (PayloadException e) {
            throw new SnapshotException("the recording's SPS does not parse: " + e.getMessage());
        }
        if ((long) sps.width() * sps.height() > MAX_PIXELS) {
            throw new SnapshotException("the picture is " + sps.width() + "x" + sps.height() + ", larger than snapshots allow (4096x2304)");
        }
        Picture picture = decode(stream, sps);
        BufferedImage image = rgb(picture);
        if (maxWidth > 0 && image.getWidth() > maxWidth) {
            int h = Math.max(1, (int) ((long) image.getHeight() * maxWidth / image.getWidth()));
            BufferedImage small = new BufferedImage(maxWidth, h, BufferedImage.TYPE_INT_RGB);
            java.awt.Graphics2D g = small.createGraphics();
            g.setRenderingHint(java.awt.RenderingHints.KEY_INTERPOLATION, java.awt.RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(image, 0, 0, maxWidth, h, null);
            g.dispose();
            image = small;
        }
        return new Jpeg(jpeg(image), image.getWidth(), image.getHeight());
    }

    private static Sps sps(List<byte[]> packets) throws SnapshotException {
        for (byte[] p : packets) {
            if (!RtpPacket.isValid(p, 0, p.length)) {
                continue;
            }
            int payload = RtpPacket.payloadOffset(p, 0, p.length);
            int n = RtpPacket.payloadLength(p, 0, p.length);
            long span = n > 0 ? H264.findSps(p, payload, n) : -1;
            if (span >= 0) {
                try {
                    return Sps.parse(p, H264.spanOffset(span), H264.spanLength(span));
                } catch (PayloadException e) {
                    throw new SnapshotException("the keyframe's SPS does not parse: " + e.getMessage());
                }
            }
        }
        throw new SnapshotException("the keyframe carries no SPS (snapshots need one in front of each keyframe, as WebRTC encoders send it)");
    }

    private static Picture decode(byte[] stream, Sps sps) throws SnapshotException {
        H264Decoder decoder = singleThreaded();
        // Coded size: whole macroblocks, and pairs of them in height should the stream be interlaced.
        int w = (sps.width() + 15) & ~15;
        int h = (sps.height() + 31) & ~31;
        Picture out;
        try {
            byte[][] planes = Picture.create(w, h, ColorSpace.YUV420J).getData();
            out = decoder.decodeFrame(ByteBuffer.wrap(stream), planes);
        } catch (RuntimeException | StackOverflowError e) {
            throw new SnapshotException("the keyframe does not decode (" + e.getClass().getSimpleName()
                    + (e.getMessage() != null ? ": " + e.getMessage() : "") + ")");
        }
        if (out == null || out.getCroppedWidth() <= 0 || out.getCroppedHeight() <= 0) {
            throw new SnapshotException("the keyframe decodes to no picture");
        }
        if (out.getColor() != ColorSpace.YUV420 && out.getColor() != ColorSpace.YUV420J) {
            throw new SnapshotException("the keyframe decodes to " + out.getColor() + "; snapshots read 4:2:0 pictures only");
        }
        return out;
    }

    /**
     * JCodec's decoder starts a pool of as many threads as there are cores for each decoder made, and never
     * stops it: one decode would then take every core, and each would leave threads behind. Turned off, it
     * decodes on the caller's thread and the pool never starts a thread.
     */
    private static H264Decoder singleThreaded() throws SnapshotException {
        H264Decoder decoder = new H264Decoder();
        if (THREADED == null) {
            throw new SnapshotException("this JCodec build cannot be made to decode on one thread; snapshots are off");
        }
        try {
            THREADED.setBoolean(decoder, false);
            if (POOL.get(decoder) instanceof ExecutorService pool) {
                pool.shutdown();
            }
        } catch (IllegalAccessException | RuntimeException e) {
            throw new SnapshotException("this JCodec build cannot be made to decode on one thread; snapshots are off");
        }
        return decoder;
    }

    /** 4:2:0, samples stored minus 128 as JCodec keeps them, limited range (what WebRTC encoders send), BT.601. */
    static BufferedImage rgb(Picture p) {
        int w = p.getCroppedWidth();
        int h = p.getCroppedHeight();
        int x0 = p.getStartX();
        int y0 = p.getStartY();
        byte[] yPlane = p.getPlaneData(0);
        byte[] uPlane = p.getPlaneData(1);
        byte[] vPlane = p.getPlaneData(2);
        int yStride = p.getPlaneWidth(0);
        int cStride = p.getPlaneWidth(1);
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            int py = y + y0;
            for (int x = 0; x < w; x++) {
                int px = x + x0;
                int luma = (yPlane[py * yStride + px] + 128 - 16) * 298;
                int c = (py >> 1) * cStride + (px >> 1);
                int u = uPlane[c];
                int v = vPlane[c];
                int r = clamp((luma + 409 * v + 128) >> 8);
                int g = clamp((luma - 100 * u - 208 * v + 128) >> 8);
                int b = clamp((luma + 516 * u + 128) >> 8);
                row[x] = r << 16 | g << 8 | b;
            }
            image.setRGB(0, y, w, 1, row, 0, w);
        }
        return image;
    }

    private static int clamp(int v) {
        return v < 0 ? 0 : Math.min(v, 255);
    }

    static byte[] jpeg(BufferedImage image) throws SnapshotException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * 1024);
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(QUALITY);
            writer.setOutput(out);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new SnapshotException("the JPEG could not be written: " + e.getMessage());
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
