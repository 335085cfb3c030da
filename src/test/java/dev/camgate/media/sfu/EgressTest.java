package dev.camgate.media.sfu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camgate.media.rtp.RtpPacket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The viewer side: joining at the cached GOP, rewriting, NACK answers, falling behind, camera restarts. */
class EgressTest {
    static final long MS = 1_000_000L;
    static final long VIEWER_SSRC = 0x1234_5678L;
    static final int VIEWER_PT = 96;

    final Rtp.Control control = new Rtp.Control();
    final Feed feed = new Feed(FeedConfig.forVideo(), control, Rtp.H264ISH);
    final Rtp.Camera cam = new Rtp.Camera(0xCAFE, 1000, 50_000);
    /** Every packet the camera sent, by its sequence number, as sent. */
    final java.util.Map<Integer, byte[]> sentByCamera = new java.util.HashMap<>();

    private void frame(boolean key, int packets, long now) {
        for (byte[] p : cam.frame(key, packets)) {
            push(p, now);
        }
    }

    private void push(byte[] p, long now) {
        sentByCamera.put(Rtp.seq(p), p);
        feed.onPacket(p, 0, p.length, now);
    }

    private static EgressConfig viewer(int initialSeq, long initialTs) {
        return new EgressConfig(VIEWER_SSRC, VIEWER_PT, initialSeq, initialTs);
    }

    /** Viewer sequence numbers follow each other without a gap, modulo 2^16. */
    private static void assertContiguous(List<byte[]> got, int first) {
        for (int i = 0; i < got.size(); i++) {
            assertEquals((first + i) & 0xFFFF, Rtp.seq(got.get(i)), "viewer packet " + i);
        }
    }

    @Test
    void aJoiningViewerGetsTheCachedGopAtOnceThenLivePacketsInOrder() {
        frame(false, 2, 0); // before the keyframe: not for the joiner
        frame(false, 2, 0);
        frame(true, 3, 0);
        for (int f = 0; f < 4; f++) {
            frame(false, 2, 0);
        }
        Rtp.Sink sink = new Rtp.Sink();
        feed.add(viewer(500, 7000), sink, 10 * MS);
        assertEquals(11, sink.got.size(), "keyframe (3) and four frames (2 each), before any live packet");
        assertContiguous(sink.got, 500);
        for (int i = 0; i < sink.got.size(); i++) {
            byte[] out = sink.got.get(i);
            byte[] in = sentByCamera.get(1004 + i);
            assertEquals(VIEWER_SSRC, RtpPacket.ssrc(out, 0));
            assertEquals(VIEWER_PT, RtpPacket.payloadType(out, 0));
            assertEquals(RtpPacket.marker(in, 0), RtpPacket.marker(out, 0));
            assertEquals(7000 + (Rtp.ts(in) - Rtp.ts(sentByCamera.get(1004))), Rtp.ts(out));
            assertArrayEquals(Rtp.payload(in), Rtp.payload(out));
        }
        assertEquals(Rtp.IDR, Rtp.payload(sink.got.get(0))[0] & 0x1F, "it starts with the keyframe");

        frame(false, 2, 20 * MS);
        frame(false, 2, 40 * MS);
        assertEquals(15, sink.got.size());
        assertContiguous(sink.got, 500);
        assertEquals(0, control.keyframeRequests, "a cached GOP needs no keyframe request");
    }

    @Test
    void withoutACachedKeyframeAViewerWaitsAndOneKeyframeRequestIsMade() {
        frame(false, 2, 0);
        Rtp.Sink a = new Rtp.Sink();
        Rtp.Sink b = new Rtp.Sink();
        Egress ea = feed.add(viewer(0, 0), a, 0);
        assertEquals(1, control.keyframeRequests);
        assertTrue(ea.stats().waiting());
        feed.add(viewer(300, 0), b, 300 * MS);
        for (long t = 0; t < 1000 * MS; t += 33 * MS) {
            frame(false, 2, t);
            feed.poll(t);
        }
        assertEquals(1, control.keyframeRequests, "once within the rate limit");
        assertTrue(a.got.isEmpty());
        assertTrue(b.got.isEmpty());

        feed.poll(1000 * MS);
        assertEquals(2, control.keyframeRequests, "asked again after a second without an answer");

        frame(true, 3, 1010 * MS);
        frame(false, 2, 1040 * MS);
        assertEquals(5, a.got.size());
        assertEquals(Rtp.IDR, Rtp.payload(a.got.get(0))[0] & 0x1F);
        assertContiguous(a.got, 0);
        assertContiguous(b.got, 300);
        assertFalse(ea.stats().waiting());
        feed.poll(3000 * MS);
        assertEquals(2, control.keyframeRequests, "the keyframe came: nothing more to ask");
    }

    @Test
    void aViewersNackIsAnsweredFromTheCacheRewrittenAsFirstSent() {
        frame(true, 3, 0);
        frame(false, 3, 0);
        Rtp.Sink sink = new Rtp.Sink();
        Egress e = feed.add(viewer(65000, 0), sink, 0);
        frame(false, 3, 30 * MS);
        assertEquals(9, sink.got.size());
        byte[] third = sink.got.get(2);
        byte[] fifth = sink.got.get(4);

        e.onNack(65002, 0b10, 40 * MS); // 65002 and 65004
        assertEquals(11, sink.got.size());
        assertArrayEquals(third, sink.got.get(9));
        assertArrayEquals(fifth, sink.got.get(10));

        e.onNack(65009, 0, 40 * MS); // never sent: newer than the newest
        e.onNack(64999, 0, 40 * MS); // before the viewer joined
        EgressStats stats = e.stats();
        assertEquals(4, stats.nacksReceived());
        assertEquals(2, stats.nacksAnswered());
        assertEquals(2, stats.nackMisses());

        for (int f = 0; f < 400; f++) { // 1200 packets: the first ones leave the 1024-slot cache
            frame(f % 100 == 0, 3, 50 * MS);
        }
        e.onNack(65000, 0, 60 * MS);
        assertEquals(3, e.stats().nackMisses(), "overwritten in the cache");
        int newest = Rtp.seq(sink.last());
        byte[] recent = sink.got.get(sink.got.size() - 6);
        e.onNack((newest - 5) & 0xFFFF, 0, 60 * MS);
        assertArrayEquals(recent, sink.last());
    }

    @Test
    void aFullSinkAmongFiveSkipsToTheNextKeyframeAndTheOthersAreUnaffected() {
        frame(true, 3, 0);
        List<Rtp.Sink> sinks = new ArrayList<>();
        List<Egress> egresses = new ArrayList<>();
        for (int v = 0; v < 5; v++) {
            Rtp.Sink s = new Rtp.Sink();
            sinks.add(s);
            egresses.add(feed.add(viewer(v * 1000, 0), s, 0));
        }
        frame(false, 2, 30 * MS);
        Rtp.Sink slow = sinks.get(2);
        int beforeStall = slow.got.size();
        int lastSeqBeforeStall = Rtp.seq(slow.last());
        slow.full = true;
        frame(false, 2, 60 * MS);
        assertEquals(1, control.keyframeRequests, "the stalled viewer needs a keyframe");
        slow.full = false;
        frame(false, 2, 90 * MS); // the queue has room again, but a delta frame cannot be decoded now
        assertEquals(beforeStall, slow.got.size());
        frame(true, 3, 120 * MS);
        frame(false, 2, 150 * MS);

        assertEquals(beforeStall + 5, slow.got.size(), "resumes at the keyframe");
        assertEquals((lastSeqBeforeStall + 1) & 0xFFFF, Rtp.seq(slow.got.get(beforeStall)), "no gap for the viewer");
        assertEquals(Rtp.IDR, Rtp.payload(slow.got.get(beforeStall))[0] & 0x1F);
        assertContiguous(slow.got, 2000);
        EgressStats stalled = egresses.get(2).stats();
        assertEquals(1, stalled.skips());
        assertEquals(4, stalled.drops(), "two refused or skipped in the stalled frame, two in the next");

        for (int v = 0; v < 5; v++) {
            if (v == 2) {
                continue;
            }
            assertEquals(14, sinks.get(v).got.size(), "viewer " + v + " got everything");
            assertContiguous(sinks.get(v).got, v * 1000);
            assertEquals(0, egresses.get(v).stats().drops());
            assertEquals(0, egresses.get(v).stats().skips());
        }
    }

    @Test
    void aViewerFullAtJoinWaitsForTheNextKeyframe() {
        frame(true, 3, 0);
        Rtp.Sink sink = new Rtp.Sink();
        sink.full = true;
        Egress e = feed.add(viewer(10, 0), sink, 0);
        assertTrue(e.stats().waiting());
        sink.full = false;
        frame(false, 2, 30 * MS);
        assertTrue(sink.got.isEmpty(), "not the GOP it could not take: it would replay old pictures");
        frame(true, 3, 60 * MS);
        assertEquals(3, sink.got.size());
        assertContiguous(sink.got, 10);
    }

    @Test
    void aCameraRestartKeepsEachViewersSequenceContiguousAndItsClockRunning() {
        Rtp.Sink a = new Rtp.Sink();
        Rtp.Sink b = new Rtp.Sink();
        frame(true, 3, 0);
        feed.add(viewer(100, 1_000_000), a, 0);
        feed.add(viewer(40000, 4_000_000_000L), b, 0); // b's timestamps wrap past 2^32 soon
        long now = 0;
        for (int f = 0; f < 30; f++) {
            now += 33 * MS;
            frame(false, 2, now);
        }
        byte[] lastA = a.last();
        byte[] lastB = b.last();

        // The camera process restarts: new SSRC, sequence and timestamp anywhere, 500 ms later.
        cam.ssrc = 0xD00D;
        cam.seq = 7;
        cam.ts = 3_000_000_000L;
        now += 500 * MS;
        frame(true, 3, now);
        frame(false, 2, now + 33 * MS);

        for (var pair : List.of(List.of(a, lastA), List.of(b, lastB))) {
            Rtp.Sink s = (Rtp.Sink) pair.get(0);
            byte[] last = (byte[]) pair.get(1);
            int at = s.got.indexOf(last) + 1;
            byte[] first = s.got.get(at);
            assertEquals((Rtp.seq(last) + 1) & 0xFFFF, Rtp.seq(first), "contiguous across the restart");
            long step = (Rtp.ts(first) - Rtp.ts(last)) & 0xFFFF_FFFFL;
            assertEquals(45_000, step, 90, "the clock ran on by the 500 ms that passed");
            assertEquals(3000, (Rtp.ts(s.got.get(at + 3)) - Rtp.ts(first)) & 0xFFFF_FFFFL, "then the camera's own steps");
            assertEquals(VIEWER_SSRC, RtpPacket.ssrc(first, 0));
        }
        assertContiguous(a.got, 100);
        assertContiguous(b.got, 40000);
        assertEquals(1, feed.stats(now).restarts());
        assertEquals(0, control.keyframeRequests, "the new stream began with a keyframe");
    }

    @Test
    void aRestartWithoutAKeyframeWaitsForOneAndAsksForIt() {
        Rtp.Sink a = new Rtp.Sink();
        frame(true, 3, 0);
        feed.add(viewer(0, 0), a, 0);
        cam.seq = (cam.seq + 20000) & 0xFFFF; // same SSRC, a far jump
        frame(false, 2, 100 * MS);
        assertEquals(3, a.got.size(), "the new stream's delta frame cannot be decoded");
        assertEquals(1, control.keyframeRequests);
        frame(true, 3, 200 * MS);
        assertEquals(6, a.got.size());
        assertContiguous(a.got, 0);
        long step = (Rtp.ts(a.got.get(3)) - Rtp.ts(a.got.get(2))) & 0xFFFF_FFFFL;
        assertEquals(18_000, step, 1, "200 ms at 90 kHz");
    }

    @Test
    void sequenceNumbersWrapAtBothEnds() {
        cam.seq = 65530;
        frame(true, 4, 0);
        Rtp.Sink sink = new Rtp.Sink();
        Egress e = feed.add(viewer(65533, 0), sink, 0);
        for (int f = 0; f < 4; f++) {
            frame(false, 3, f * 33 * MS);
        }
        assertEquals(16, sink.got.size());
        assertContiguous(sink.got, 65533);
        assertEquals(0, feed.stats(0).restarts());
        assertEquals(0, feed.stats(0).lost());
        e.onNack(1, 0b1, 200 * MS); // viewer 1 and 2: camera 65534 and 65535
        assertArrayEquals(sink.got.get(4), sink.got.get(16));
        assertArrayEquals(sink.got.get(5), sink.got.get(17));
        assertArrayEquals(Rtp.payload(sentByCamera.get(65534)), Rtp.payload(sink.got.get(16)));
    }

    @Test
    void theCamerasExtensionsAndCsrcsAreStripped() {
        Rtp.Sink sink = new Rtp.Sink();
        feed.add(viewer(0, 0), sink, 0);
        byte[] plain = Rtp.packet(0xCAFE, 10, 90, true, Rtp.IDR, 40);
        byte[] p = new byte[plain.length + 8 + 8];
        System.arraycopy(plain, 0, p, 0, 12);
        p[0] = (byte) (0x80 | 0x10 | 2); // extension, two CSRCs
        p[12 + 8 + 2] = 0; // extension: profile 0xBEDE, one word
        p[12 + 8] = (byte) 0xBE;
        p[12 + 8 + 1] = (byte) 0xDE;
        p[12 + 8 + 3] = 1;
        System.arraycopy(plain, 12, p, 12 + 16, plain.length - 12);
        assertTrue(feed.onPacket(p, 0, p.length, 0));
        byte[] out = sink.last();
        assertEquals(plain.length, out.length);
        assertEquals(0x80, out[0] & 0xFF);
        assertTrue(RtpPacket.marker(out, 0));
        assertArrayEquals(Rtp.payload(plain), Rtp.payload(out));
    }

    @Test
    void latePacketsFillTheirHoleButNotBeforeTheViewerStarted() {
        push(Rtp.packet(0xCAFE, 8, 0, true, Rtp.DELTA, 50), 0);
        push(Rtp.packet(0xCAFE, 10, 3000, false, Rtp.IDR, 50), 0); // 9 missing
        push(Rtp.packet(0xCAFE, 11, 3000, true, Rtp.IDR, 50), 0);
        Rtp.Sink sink = new Rtp.Sink();
        feed.add(viewer(100, 0), sink, 0);
        assertEquals(2, sink.got.size());
        push(Rtp.packet(0xCAFE, 9, 0, true, Rtp.DELTA, 50), 10 * MS); // before the viewer's start: dropped
        push(Rtp.packet(0xCAFE, 13, 6000, true, Rtp.DELTA, 50), 20 * MS);
        push(Rtp.packet(0xCAFE, 12, 6000, false, Rtp.DELTA, 50), 30 * MS); // reordered: fills viewer 102
        push(Rtp.packet(0xCAFE, 12, 6000, false, Rtp.DELTA, 50), 30 * MS); // duplicate
        push(Rtp.packet(0xCAFE, 14, 9000, true, Rtp.DELTA, 50), 40 * MS);
        int[] seqs = sink.got.stream().mapToInt(Rtp::seq).toArray();
        assertArrayEquals(new int[] {100, 101, 103, 102, 104}, seqs);
        assertEquals(1, feed.stats(0).duplicates());
        assertEquals(1, feed.stats(0).recovered());
    }

    @Test
    void viewerPlisAreForwardedAtMostOnceASecond() {
        frame(true, 3, 0);
        Rtp.Sink sink = new Rtp.Sink();
        Egress e = feed.add(viewer(0, 0), sink, 0);
        e.onPli(100 * MS);
        e.onFir(200 * MS);
        e.onPli(900 * MS);
        assertEquals(1, control.keyframeRequests);
        feed.poll(1100 * MS);
        assertEquals(2, control.keyframeRequests, "still no keyframe a second later: asked again");
        frame(true, 3, 1150 * MS);
        feed.poll(2200 * MS);
        assertEquals(2, control.keyframeRequests);
    }

    @Test
    void audioStartsWithTheNextLivePacketAndNeedsNoKeyframe() {
        Feed audio = new Feed(FeedConfig.forAudio(), control, null);
        long ts = 123;
        int seq = 4000;
        for (int i = 0; i < 5; i++, seq++, ts += 960) {
            byte[] p = Rtp.packet(77, seq, ts, true, 0, 80);
            audio.onPacket(p, 0, p.length, i * 20 * MS);
        }
        Rtp.Sink sink = new Rtp.Sink();
        Egress e = audio.add(viewer(9, 500), sink, 100 * MS);
        assertTrue(sink.got.isEmpty());
        assertFalse(e.stats().waiting());
        long now = 100 * MS;
        for (int i = 0; i < 3; i++, seq++, ts += 960, now += 20 * MS) {
            byte[] p = Rtp.packet(77, seq, ts, true, 0, 80);
            audio.onPacket(p, 0, p.length, now);
        }
        assertContiguous(sink.got, 9);
        assertEquals(500, Rtp.ts(sink.got.get(0)));
        assertEquals(500 + 960, Rtp.ts(sink.got.get(1)));

        sink.full = true;
        byte[] refused = Rtp.packet(77, seq++, ts, true, 0, 80);
        ts += 960;
        audio.onPacket(refused, 0, refused.length, now);
        sink.full = false;
        byte[] next = Rtp.packet(77, seq++, ts, true, 0, 80);
        audio.onPacket(next, 0, next.length, now + 20 * MS);
        assertEquals(13, Rtp.seq(sink.last()), "a refused audio packet is a lost one; no skip");
        assertEquals(0, e.stats().skips());

        byte[] restarted = Rtp.packet(78, 50000, 999_999, true, 0, 80);
        audio.onPacket(restarted, 0, restarted.length, now + 120 * MS);
        assertEquals(14, Rtp.seq(sink.last()));
        assertEquals(500 + 4 * 960 + 4800, Rtp.ts(sink.last()), 1, "100 ms at 48 kHz after the last sent");
        assertEquals(0, control.keyframeRequests);
    }

    @Test
    void aKeyframeRecognisedOnALaterPacketStillStartsAtItsFramesFirstPacket() {
        push(Rtp.packet(0xCAFE, 20, 3000, false, 6, 50), 0); // an SEI: same picture, not recognised as key
        push(Rtp.packet(0xCAFE, 21, 3000, false, Rtp.IDR, 50), 0);
        push(Rtp.packet(0xCAFE, 22, 3000, true, Rtp.IDR, 50), 0);
        Rtp.Sink sink = new Rtp.Sink();
        feed.add(viewer(0, 0), sink, 0);
        assertEquals(3, sink.got.size());
        assertEquals(6, Rtp.payload(sink.got.get(0))[0] & 0x1F);
    }

    @Test
    void aLateFirstPacketOfTheKeyframeMovesTheGopStartBack() {
        push(Rtp.packet(0xCAFE, 30, 0, true, Rtp.DELTA, 50), 0);
        push(Rtp.packet(0xCAFE, 32, 3000, false, Rtp.IDR, 50), 0);
        push(Rtp.packet(0xCAFE, 33, 3000, true, Rtp.IDR, 50), 0);
        push(Rtp.packet(0xCAFE, 31, 3000, false, 7, 50), 5 * MS); // the SPS, resent by the camera
        Rtp.Sink sink = new Rtp.Sink();
        feed.add(viewer(0, 0), sink, 10 * MS);
        int[] payloadTypes = sink.got.stream().mapToInt(p -> Rtp.payload(p)[0] & 0x1F).toArray();
        assertArrayEquals(new int[] {7, Rtp.IDR, Rtp.IDR}, payloadTypes);
        assertContiguous(sink.got, 0);
    }

    @Test
    void nacksAfterASkipAreMappedThroughTheEpochTheyWereSentIn() {
        frame(true, 3, 0);
        Rtp.Sink sink = new Rtp.Sink();
        Egress e = feed.add(viewer(0, 0), sink, 0);
        frame(false, 2, 30 * MS); // viewer 0..4
        sink.full = true;
        frame(false, 2, 60 * MS); // refused: the camera's 1005, 1006 are never the viewer's
        sink.full = false;
        frame(true, 3, 90 * MS); // viewer 5..7 are the camera's 1007..1009
        assertEquals(8, sink.got.size());
        assertContiguous(sink.got, 0);

        e.onNack(3, 0b1000, 100 * MS); // viewer 3 (first epoch) and 7 (second)
        assertEquals(10, sink.got.size());
        assertArrayEquals(sink.got.get(3), sink.got.get(8));
        assertArrayEquals(sink.got.get(7), sink.got.get(9));
        e.onNack(4, 0b10, 100 * MS); // 4, and 6
        assertArrayEquals(sink.got.get(4), sink.got.get(10));
        assertArrayEquals(sink.got.get(6), sink.got.get(11));
        assertEquals(4, e.stats().nacksAnswered());
        assertEquals(0, e.stats().nackMisses());
    }

    @Test
    void aPayloadTypeThatReadsAsRtcpIsRefused() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> new EgressConfig(1, 72, 0, 0));
        new EgressConfig(1, 63, 0, 0);
        new EgressConfig(1, 96, 0, 0);
    }

    @Test
    void aViewerCannotMakeTheHubResendWithoutLimit() {
        frame(true, 3, 0);
        for (int f = 0; f < 10; f++) {
            frame(false, 3, 0);
        }
        Rtp.Sink sink = new Rtp.Sink();
        Egress e = feed.add(viewer(0, 0), sink, 0);
        for (int i = 0; i < 100; i++) {
            e.onNack(10, 0xFFFF, 0); // 17 packets each: 1700 asked for at once
        }
        assertEquals(Egress.RESEND_BURST, e.stats().nacksAnswered());
        e.onNack(10, 0xFFFF, 20 * MS); // 20 ms earn 10 more
        assertEquals(Egress.RESEND_BURST + 10, e.stats().nacksAnswered());
        assertEquals(e.stats().nacksReceived(), e.stats().nacksAnswered() + e.stats().nackMisses());
    }
}
