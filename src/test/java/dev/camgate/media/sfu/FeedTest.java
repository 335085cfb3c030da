package dev.camgate.media.sfu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The camera side of a feed: loss detection and NACKs, keyframe requests, restarts, counters. */
class FeedTest {
    static final long MS = 1_000_000L;

    final Rtp.Control control = new Rtp.Control();
    final Feed feed = new Feed(FeedConfig.forVideo(), control, Rtp.H264ISH);

    private void send(byte[] p, long now) {
        assertTrue(feed.onPacket(p, 0, p.length, now));
    }

    private byte[] delta(int seq) {
        return Rtp.packet(0xCAFE, seq, seq * 1000L, true, Rtp.DELTA, 100);
    }

    @Test
    void aGapIsNackedAtMostThreeTimesTwentyMillisecondsApartThenGivenUpAfterASecond() {
        for (int s = 0; s < 10; s++) {
            send(delta(s), 0);
        }
        send(delta(12), 1 * MS); // 10 and 11 missing
        assertEquals(1, control.nacks.size());
        assertArrayEquals(new int[] {10, 11}, control.nacks.get(0));

        send(delta(13), 5 * MS);
        feed.poll(20 * MS);
        assertEquals(1, control.nacks.size(), "not again within 20 ms");
        feed.poll(21 * MS);
        assertEquals(2, control.nacks.size());
        assertArrayEquals(new int[] {10, 11}, control.nacks.get(1));
        feed.poll(30 * MS);
        feed.poll(41 * MS);
        assertEquals(3, control.nacks.size());
        feed.poll(61 * MS);
        feed.poll(500 * MS);
        assertEquals(3, control.nacks.size(), "at most three NACKs per packet");
        assertEquals(6, feed.stats(500 * MS).nacksSent());
        assertEquals(0, feed.stats(500 * MS).lost(), "still hoping within the second");

        feed.poll(1001 * MS);
        assertEquals(2, feed.stats(1001 * MS).lost());
    }

    @Test
    void aFilledGapIsNoLongerNacked() {
        for (int s = 0; s < 5; s++) {
            send(delta(s), 0);
        }
        send(delta(6), 0);
        send(delta(8), 0);
        assertEquals(2, control.nacks.size());
        assertArrayEquals(new int[] {5}, control.nacks.get(0));
        assertArrayEquals(new int[] {7}, control.nacks.get(1));
        send(delta(5), 10 * MS); // the camera's resend
        feed.poll(30 * MS);
        assertArrayEquals(new int[] {7}, control.nacks.get(2), "only what is still missing is asked for");
        send(delta(7), 35 * MS);
        feed.poll(60 * MS);
        feed.poll(90 * MS);
        assertEquals(3, control.nacks.size());
        FeedStats stats = feed.stats(2000 * MS);
        assertEquals(2, stats.recovered());
        assertEquals(0, stats.lost());
        assertEquals(9, stats.packets());
    }

    @Test
    void aKeyframeAfterAGapEndsItsNacks() {
        send(delta(0), 0);
        send(delta(2), 0);
        assertEquals(1, control.nacks.size());
        send(Rtp.packet(0xCAFE, 3, 5000, true, Rtp.IDR, 100), 5 * MS);
        feed.poll(30 * MS);
        feed.poll(60 * MS);
        assertEquals(1, control.nacks.size(), "nothing before a keyframe is worth a resend");
        assertEquals(1, feed.stats(60 * MS).lost());
    }

    @Test
    void aWideGapKeepsOnlyTheNewestMissingNumbers() {
        send(delta(0), 0);
        send(delta(1 + 2000), 0);
        assertEquals(LossTracker.CAPACITY, control.nacks.get(0).length);
        assertEquals(1 + 2000 - LossTracker.CAPACITY, control.nacks.get(0)[0]);
        assertEquals(2000 - LossTracker.CAPACITY, feed.stats(0).lost());
    }

    @Test
    void audioGapsAreCountedButNotNacked() {
        Feed audio = new Feed(FeedConfig.forAudio(), control, null);
        byte[] a = Rtp.packet(9, 0, 0, true, 0, 60);
        byte[] b = Rtp.packet(9, 3, 960 * 3, true, 0, 60);
        audio.onPacket(a, 0, a.length, 0);
        audio.onPacket(b, 0, b.length, 0);
        audio.poll(2000 * MS);
        assertTrue(control.nacks.isEmpty());
        assertEquals(2, audio.stats(2000 * MS).lost());
        assertEquals(0, control.keyframeRequests);
    }

    @Test
    void duplicatesAndTooOldPacketsAreNotTakenTwice() {
        for (int s = 0; s < 2000; s++) {
            send(delta(s), 0);
        }
        byte[] again = delta(1999);
        assertFalse(feed.onPacket(again, 0, again.length, 0));
        byte[] cachedOne = delta(1500);
        assertFalse(feed.onPacket(cachedOne, 0, cachedOne.length, 0));
        byte[] old = delta(2000 - 1100); // beyond the 1024-packet cache
        assertFalse(feed.onPacket(old, 0, old.length, 0));
        assertEquals(3, feed.stats(0).duplicates());
        assertEquals(2000, feed.stats(0).packets());
    }

    @Test
    void junkIsCountedAndIgnored() {
        byte[] rtcp = Rtp.packet(1, 1, 1, true, Rtp.DELTA, 20);
        rtcp[1] = (byte) 200; // an RTCP sender report's type byte
        assertFalse(feed.onPacket(rtcp, 0, rtcp.length, 0));
        assertFalse(feed.onPacket(new byte[5], 0, 5, 0));
        assertFalse(feed.onPacket(new byte[20], 10, 20, 0), "range past the array");
        byte[] huge = Rtp.packet(1, 1, 1, true, Rtp.DELTA, PacketCache.MAX_PACKET);
        assertFalse(feed.onPacket(huge, 0, huge.length, 0));
        assertEquals(4, feed.stats(0).invalid());
        assertEquals(0, feed.stats(0).packets());
    }

    @Test
    void aGopLongerThanTheCacheIsNoGopAndAFreshKeyframeIsRequested() {
        Feed small = new Feed(new FeedConfig(true, 16, 90_000, true), control, Rtp.H264ISH);
        Rtp.Camera cam = new Rtp.Camera(5, 100, 0);
        for (byte[] p : cam.frame(true, 4)) {
            small.onPacket(p, 0, p.length, 0);
        }
        assertTrue(small.stats(0).gopCached());
        for (int f = 0; f < 6; f++) {
            for (byte[] p : cam.frame(false, 2)) {
                small.onPacket(p, 0, p.length, 0);
            }
        }
        assertTrue(small.stats(0).gopCached(), "16 packets fit in 16");
        assertEquals(0, control.keyframeRequests);
        for (byte[] p : cam.frame(false, 2)) {
            small.onPacket(p, 0, p.length, 0);
        }
        assertFalse(small.stats(0).gopCached(), "the keyframe's first packet is overwritten");
        assertEquals(1, control.keyframeRequests);

        Rtp.Sink sink = new Rtp.Sink();
        Egress late = small.add(new EgressConfig(1, 96, 0, 0), sink, 10 * MS);
        assertTrue(sink.got.isEmpty(), "no half GOP for a joining viewer");
        assertTrue(late.stats().waiting());
        assertEquals(1, control.keyframeRequests, "asked already within the second");
    }

    @Test
    void keyframesBitrateAndFrameRateAreCountedOverASecond() {
        Rtp.Camera cam = new Rtp.Camera(5, 0, 0);
        long now = 0;
        for (int f = 0; f < 90; f++) { // 3 s at 30 fps, a keyframe every second
            for (byte[] p : cam.frame(f % 30 == 0, 3)) {
                send(p, now);
            }
            now += 33_333_333L;
        }
        FeedStats stats = feed.stats(now);
        assertEquals(3, stats.keyframes());
        assertEquals(1000, stats.keyframeIntervalMillis(), 1);
        assertEquals(30, stats.frameRate(), 1);
        assertEquals(30 * 3 * 112 * 8, stats.bitrate(), 3 * 112 * 8 + 1); // 112-byte packets
        assertEquals(270, stats.packets());
        assertEquals(270 * 112, stats.bytes());
        assertEquals(0, control.keyframeRequests, "no viewer needed one");
    }

    @Test
    void aNewSsrcOrAFarJumpIsARestartAndStragglersOfTheOldStreamAreDropped() {
        send(delta(100), 0);
        send(delta(101), 0);
        send(delta(105), 0);
        byte[] other = Rtp.packet(0xBEEF, 40000, 7, true, Rtp.IDR, 100);
        send(other, 10 * MS);
        FeedStats stats = feed.stats(10 * MS);
        assertEquals(1, stats.restarts());
        assertEquals(3, stats.lost(), "the old stream's gap is given up");
        byte[] straggler = delta(102);
        assertFalse(feed.onPacket(straggler, 0, straggler.length, 20 * MS), "a late packet of the old stream");
        assertEquals(1, feed.stats(20 * MS).restarts());

        byte[] jump = Rtp.packet(0xBEEF, 40000 + 3001, 7, true, Rtp.IDR, 100);
        send(jump, 30 * MS);
        assertEquals(2, feed.stats(30 * MS).restarts());
        byte[] near = Rtp.packet(0xBEEF, 40000 + 3002, 7, true, Rtp.DELTA, 100);
        send(near, 30 * MS);
        assertEquals(2, feed.stats(30 * MS).restarts());
        List<int[]> nacks = control.nacks;
        assertEquals(1, nacks.size(), "only the first stream's gap was NACKed: " + nacks.size());
    }

    @Test
    void wrapAroundIsNotAGapOrARestart() {
        for (int s = 65530; s < 65536 + 10; s++) {
            send(delta(s & 0xFFFF), 0);
        }
        send(delta(12), 0); // 10, 11 missing past the wrap
        assertArrayEquals(new int[] {10, 11}, control.nacks.get(0));
        assertEquals(0, feed.stats(0).restarts());
        byte[] late = delta(65534);
        assertFalse(feed.onPacket(late, 0, late.length, 0), "a duplicate from before the wrap");
    }
}
