package dev.camgate.media.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.jcodec.codecs.h264.H264Encoder;
import org.jcodec.codecs.h264.io.model.SeqParameterSet;
import org.jcodec.common.model.Size;
import org.junit.jupiter.api.Test;

/** A real H.264 keyframe in RTP packets to a JPEG that shows the same picture. */
class H264JpegTest {
    final H264Jpeg decoder = new H264Jpeg();

    static BufferedImage read(Jpeg jpeg) throws Exception {
        return ImageIO.read(new ByteArrayInputStream(jpeg.bytes()));
    }

    private static void assertNear(int[] want, int rgb, String where) {
        int[] got = {rgb >> 16 & 0xFF, rgb >> 8 & 0xFF, rgb & 0xFF};
        for (int i = 0; i < 3; i++) {
            assertTrue(Math.abs(want[i] - got[i]) <= 24, where + ": want " + java.util.Arrays.toString(want) + ", got "
                    + java.util.Arrays.toString(got));
        }
    }

    @Test
    void theTestCardComesBackInItsColoursAtItsSize() throws Exception {
        List<byte[]> packets = Keyframes.packets(Keyframes.nalUnits(320, 240));
        assertTrue(packets.size() > 3, "the IDR is fragmented: " + packets.size() + " packets");
        long start = System.nanoTime();
        Jpeg jpeg = decoder.decode(packets);
        long ms = (System.nanoTime() - start) / 1_000_000;
        System.out.println("H264JpegTest: 320x240 keyframe of " + packets.size() + " packets to a " + jpeg.bytes().length
                + "-byte JPEG in " + ms + " ms (first decode, cold JIT)");
        assertEquals(320, jpeg.width());
        assertEquals(240, jpeg.height());
        BufferedImage image = read(jpeg);
        assertEquals(320, image.getWidth());
        assertEquals(240, image.getHeight());
        assertNear(Keyframes.RGB[0], image.getRGB(80, 60), "top left");
        assertNear(Keyframes.RGB[1], image.getRGB(240, 60), "top right");
        assertNear(Keyframes.RGB[2], image.getRGB(80, 180), "bottom left");
        assertNear(Keyframes.RGB[3], image.getRGB(240, 180), "bottom right");
    }

    @Test
    void aSizeThatIsNoMultipleOfSixteenIsCropped() throws Exception {
        Jpeg jpeg = decoder.decode(Keyframes.packets(Keyframes.nalUnits(200, 120)));
        assertEquals(200, jpeg.width());
        assertEquals(120, jpeg.height());
        assertEquals(200, read(jpeg).getWidth());
    }

    @Test
    void decodingLeavesNoThreadsBehind() throws Exception {
        List<byte[]> packets = Keyframes.packets(Keyframes.nalUnits(160, 96));
        decoder.decode(packets);
        int before = Thread.activeCount();
        for (int i = 0; i < 5; i++) {
            decoder.decode(packets);
        }
        assertTrue(Thread.activeCount() <= before, "threads grew from " + before + " to " + Thread.activeCount());
    }

    @Test
    void aKeyframeWithoutItsSpsIsRefusedInWords() {
        List<byte[]> nals = new ArrayList<>(Keyframes.nalUnits(160, 96));
        nals.removeIf(n -> (n[0] & 0x1F) == 7);
        String m = assertThrows(SnapshotException.class, () -> decoder.decode(Keyframes.packets(nals))).getMessage();
        assertTrue(m.contains("no SPS"), m);
    }

    @Test
    void aPictureLargerThanSnapshotsAllowIsRefusedBeforeDecoding() {
        H264Encoder encoder = H264Encoder.createH264Encoder();
        SeqParameterSet sps = encoder.initSPS(new Size(8192, 4608));
        ByteBuffer b = ByteBuffer.allocate(64);
        sps.write(b);
        b.flip();
        byte[] body = new byte[b.remaining()];
        b.get(body);
        byte[] nal = new byte[body.length + 1];
        nal[0] = 0x67;
        System.arraycopy(body, 0, nal, 1, body.length);
        List<byte[]> nals = new ArrayList<>(Keyframes.nalUnits(160, 96));
        nals.set(0, nal);
        String m = assertThrows(SnapshotException.class, () -> decoder.decode(Keyframes.packets(nals))).getMessage();
        assertTrue(m.contains("8192x4608") && m.contains("larger than snapshots allow"), m);
    }

    @Test
    void aCorruptSliceIsASnapshotExceptionNotACrash() {
        List<byte[]> nals = new ArrayList<>(Keyframes.nalUnits(160, 96));
        for (int i = 0; i < nals.size(); i++) {
            byte[] n = nals.get(i);
            if ((n[0] & 0x1F) == 5) {
                byte[] junk = n.clone();
                for (int k = 1; k < junk.length; k++) {
                    junk[k] = (byte) (k * 37 + 11);
                }
                nals.set(i, junk);
            }
        }
        // JCodec may decode junk to some picture; what matters is that nothing but a SnapshotException escapes.
        try {
            decoder.decode(Keyframes.packets(nals));
        } catch (SnapshotException e) {
            assertTrue(e.getMessage().length() > 10);
        }
    }

    @Test
    void packetsThatDoNotReassembleAreRefusedInWords() {
        List<byte[]> packets = new ArrayList<>(Keyframes.packets(Keyframes.nalUnits(320, 240)));
        packets.remove(packets.size() - 1); // the IDR's end fragment
        String m = assertThrows(SnapshotException.class, () -> decoder.decode(packets)).getMessage();
        assertTrue(m.contains("do not reassemble") && m.contains("FU-A"), m);
    }
}
