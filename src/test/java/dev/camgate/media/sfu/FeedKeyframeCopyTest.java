package dev.camgate.media.sfu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Feed#copyKeyframe}: the latest keyframe's packets for a snapshot, whole or not at all. */
class FeedKeyframeCopyTest {
    static final long MS = 1_000_000L;

    final Rtp.Control control = new Rtp.Control();
    final Feed feed = new Feed(FeedConfig.forVideo(), control, Rtp.H264ISH);
    final Rtp.Camera camera = new Rtp.Camera(0xCAFE, 65530, 1000); // wraps the 16-bit sequence inside the keyframe

    private void send(List<byte[]> packets, long now) {
        for (byte[] p : packets) {
            assertTrue(feed.onPacket(p, 0, p.length, now));
        }
    }

    @Test
    void nothingBeforeTheFirstKeyframe() {
        send(camera.frame(false, 3), 0);
        assertNull(feed.copyKeyframe(Feed.NONE, 0));
    }

    @Test
    void theKeyframeIsCopiedFromItsFirstPacketToItsMarkerInOrder() {
        send(camera.frame(false, 2), 0);
        List<byte[]> key = camera.frame(true, 9);
        send(key, 5 * MS);
        send(camera.frame(false, 3), 40 * MS);
        send(camera.frame(false, 3), 70 * MS);

        KeyframeCopy copy = feed.copyKeyframe(Feed.NONE, 0);
        assertNotNull(copy);
        assertEquals(9, copy.packets().size());
        for (int i = 0; i < 9; i++) {
            assertArrayEquals(key.get(i), copy.packets().get(i), "packet " + i);
        }
        assertEquals(Rtp.ts(key.get(0)), copy.timestamp());
        assertEquals(5 * MS, copy.arrivalNanos());
        assertEquals(65532L, copy.sequence());
    }

    @Test
    void copyingDisturbsNeitherTheCacheNorForwarding() {
        send(camera.frame(true, 4), 0);
        Rtp.Sink sink = new Rtp.Sink();
        feed.add(new EgressConfig(0xBEEF, 96, 100, 0), sink, 1 * MS);
        int before = sink.got.size();
        KeyframeCopy copy = feed.copyKeyframe(Feed.NONE, 0);
        copy.packets().get(0)[12] = 0; // the copy is the caller's: scribbling on it changes nothing in the feed
        List<byte[]> next = camera.frame(false, 2);
        send(next, 30 * MS);
        assertEquals(before + 2, sink.got.size());
        assertEquals(5, feed.copyKeyframe(Feed.NONE, 0).packets().get(0)[12] & 0x1F);
        assertEquals(4, before, "the joining viewer got the cached keyframe first, as before");
    }

    @Test
    void aKnownKeyframeComesBackWithoutPackets() {
        send(camera.frame(true, 5), 0);
        KeyframeCopy first = feed.copyKeyframe(Feed.NONE, 0);
        KeyframeCopy again = feed.copyKeyframe(first.sequence(), first.timestamp());
        assertTrue(again.is(first.sequence(), first.timestamp()));
        assertTrue(again.packets().isEmpty());

        send(camera.frame(false, 2), 30 * MS);
        send(camera.frame(true, 3), 60 * MS);
        KeyframeCopy newer = feed.copyKeyframe(first.sequence(), first.timestamp());
        assertEquals(3, newer.packets().size(), "a newer keyframe is copied out");
        assertEquals(60 * MS, newer.arrivalNanos());
    }

    @Test
    void aKeyframeWithAHoleIsNotCopiedUntilTheResendFillsIt() {
        List<byte[]> key = camera.frame(true, 6);
        send(key.subList(0, 2), 0);
        send(key.subList(3, 6), 0);
        send(camera.frame(false, 2), 30 * MS);
        assertNull(feed.copyKeyframe(Feed.NONE, 0), "packet 2 is missing");
        send(List.of(key.get(2)), 40 * MS); // the camera's answer to the NACK
        assertEquals(6, feed.copyKeyframe(Feed.NONE, 0).packets().size());
    }

    @Test
    void aKeyframeStillArrivingIsNotCopied() {
        List<byte[]> key = camera.frame(true, 6);
        send(key.subList(0, 4), 0);
        assertNull(feed.copyKeyframe(Feed.NONE, 0), "no marker yet and nothing after it");
        send(key.subList(4, 6), 1 * MS);
        assertEquals(6, feed.copyKeyframe(Feed.NONE, 0).packets().size());
    }

    @Test
    void aKeyframeWhoseMarkerNeverCameEndsWhereTheNextFrameBegins() {
        List<byte[]> key = camera.frame(true, 4);
        byte[] last = key.get(3).clone();
        last[1] &= 0x7F; // marker bit cleared
        send(key.subList(0, 3), 0);
        send(List.of(last), 0);
        send(camera.frame(false, 2), 30 * MS);
        assertEquals(4, feed.copyKeyframe(Feed.NONE, 0).packets().size());
    }

    @Test
    void aKeyframeTheCacheHasOverwrittenIsGone() {
        send(camera.frame(true, 4), 0);
        for (int i = 0; i < 400; i++) {
            send(camera.frame(false, 3), i * 33 * MS); // 1200 packets: more than the cache's 1024
        }
        assertNull(feed.copyKeyframe(Feed.NONE, 0));
    }

    @Test
    void aRestartForgetsTheKeyframe() {
        send(camera.frame(true, 4), 0);
        Rtp.Camera restarted = new Rtp.Camera(0xD00D, 100, 5000);
        send(restarted.frame(false, 2), 30 * MS);
        assertNull(feed.copyKeyframe(Feed.NONE, 0));
    }

    @Test
    void anAudioFeedHasNoKeyframes() {
        Feed audio = new Feed(FeedConfig.forAudio(), control, null);
        byte[] p = Rtp.packet(1, 1, 1, true, Rtp.IDR, 50);
        audio.onPacket(p, 0, p.length, 0);
        assertNull(audio.copyKeyframe(Feed.NONE, 0));
    }
}
