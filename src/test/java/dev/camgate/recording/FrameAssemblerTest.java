package dev.camgate.recording;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camgate.media.mp4.TestStreams;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameAssemblerTest {
    private final List<byte[]> units = TestStreams.accessUnits(320, 240, 20, 10);
    private final List<Work> queued = new ArrayList<>();
    private boolean full;
    private final FrameAssembler assembler = new FrameAssembler(w -> {
        if (full && w instanceof Work.Frame) {
            return false;
        }
        queued.add(w);
        return true;
    }, () -> 1_000L);
    private final RtpPictures rtp = new RtpPictures(65530); // wraps past 65535 within the first pictures

    private boolean send(int unit) {
        boolean all = true;
        for (byte[] p : rtp.packets(units.get(unit), unit * 3000L)) {
            all &= assembler.offer(p, 0, p.length);
        }
        return all;
    }

    @Test
    void wholePicturesComeOutAsTheyWentIn() {
        for (int i = 0; i < 12; i++) {
            assertTrue(send(i));
        }
        assertEquals(12, queued.size());
        Work.Frame first = assertInstanceOf(Work.Frame.class, queued.get(0));
        assertTrue(first.keyframe());
        assertFalse(((Work.Frame) queued.get(1)).keyframe());
        assertTrue(((Work.Frame) queued.get(10)).keyframe());
        // The recording thread gets the very packets, each after its length.
        List<byte[]> sent = new RtpPictures(65530).packets(units.get(0), 0);
        int off = 0;
        for (byte[] p : sent) {
            int len = (first.packets()[off] & 0xFF) << 8 | (first.packets()[off + 1] & 0xFF);
            assertTrue(Arrays.equals(p, Arrays.copyOfRange(first.packets(), off + 2, off + 2 + len)));
            off += 2 + len;
        }
        assertEquals(first.length(), off);
    }

    @Test
    void nothingIsQueuedBeforeTheFirstKeyframe() {
        rtp.packets(units.get(0), 0); // the keyframe went by before the recorder joined
        for (int i = 1; i < 10; i++) {
            assertTrue(send(i));
        }
        assertTrue(queued.isEmpty());
        send(10);
        assertEquals(1, queued.size());
        assertTrue(((Work.Frame) queued.get(0)).keyframe());
    }

    @Test
    void aLostPacketSpoilsThePicturesUpToTheNextKeyframe() {
        send(0);
        send(1);
        List<byte[]> two = rtp.packets(units.get(2), 6000);
        byte[] lost = two.remove(0);
        boolean accepted = true;
        for (byte[] p : two) {
            accepted &= assembler.offer(p, 0, p.length);
        }
        assertFalse(accepted, "the egress is told, so it skips to the next keyframe");
        // A late copy of the lost packet changes nothing.
        assertTrue(assembler.offer(lost, 0, lost.length));
        for (int i = 3; i < 10; i++) {
            send(i);
        }
        assertEquals(3, queued.size(), "two pictures, then the break");
        assertInstanceOf(Work.Break.class, queued.get(2));
        send(10);
        assertTrue(((Work.Frame) queued.get(3)).keyframe());
        assertTrue(assembler.dropped() >= 8);
    }

    @Test
    void aFullQueueIsAnsweredWithFalseAndRecordingResumesAtAKeyframe() {
        send(0);
        full = true;
        assertFalse(send(1));
        full = false;
        for (int i = 2; i < 10; i++) {
            assertTrue(send(i), "waiting for a keyframe drops quietly");
        }
        assertEquals(1, queued.size());
        send(10);
        assertEquals(2, queued.size());
    }
}
