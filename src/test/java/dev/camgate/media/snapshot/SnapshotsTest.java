package dev.camgate.media.snapshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camgate.media.sfu.KeyframeCopy;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;

/** One decode per camera at a time, one per keyframe ever, a bound overall, and the last picture kept. */
class SnapshotsTest {
    static final long MS = 1_000_000L;

    long now = 10_000 * MS;
    final ArrayDeque<Runnable> work = new ArrayDeque<>();
    final Executor executor = work::add; // runs only when the test says so
    int decodes;
    String failWith;
    final KeyframeDecoder decoder = packets -> {
        decodes++;
        if (failWith != null) {
            throw new SnapshotException(failWith);
        }
        return new Jpeg(packets.get(0), 640, 480);
    };
    final Snapshots snapshots = new Snapshots(decoder, executor, 1, () -> now);

    /** A camera's feed: answers as Feed.copyKeyframe does, with the keyframe the test sets; counts the asks. */
    static final class Source implements KeyframeSource {
        KeyframeCopy latest;
        final List<CompletableFuture<KeyframeCopy>> held = new ArrayList<>();
        boolean hold;
        int asks;

        @Override
        public CompletableFuture<KeyframeCopy> keyframe(long knownSequence, long knownTimestamp) {
            asks++;
            KeyframeCopy answer = latest == null ? null : latest.is(knownSequence, knownTimestamp)
                    ? new KeyframeCopy(latest.sequence(), latest.timestamp(), latest.arrivalNanos(), List.of()) : latest;
            if (hold) {
                held.add(new CompletableFuture<>());
                pendingAnswers.add(answer);
                return held.get(held.size() - 1);
            }
            return CompletableFuture.completedFuture(answer);
        }

        final List<KeyframeCopy> pendingAnswers = new ArrayList<>();

        void release() {
            for (int i = 0; i < held.size(); i++) {
                held.get(i).complete(pendingAnswers.get(i));
            }
            held.clear();
            pendingAnswers.clear();
        }
    }

    static KeyframeCopy keyframe(long seq, long arrival, byte... marker) {
        return new KeyframeCopy(seq, seq * 3000, arrival, List.of(marker));
    }

    private void runWork() {
        while (!work.isEmpty()) {
            work.poll().run();
        }
    }

    private SnapshotResult now(CompletableFuture<SnapshotResult> f) {
        assertTrue(f.isDone(), "not answered yet");
        return f.join();
    }

    @Test
    void aKeyframeIsDecodedOnceAndServedWithItsAge() {
        Source cam = new Source();
        cam.latest = keyframe(100, 9_000 * MS, (byte) 1);
        CompletableFuture<SnapshotResult> first = snapshots.take("porch", cam);
        assertFalse(first.isDone(), "the decode waits for the executor: nothing decodes on the caller's thread");
        assertEquals(0, decodes);
        runWork();
        var ready = assertInstanceOf(SnapshotResult.Ready.class, now(first));
        assertEquals(1000 * MS, ready.ageNanos());
        assertArrayEquals(new byte[] {1}, ready.jpeg().bytes());

        now += 4000 * MS;
        var again = assertInstanceOf(SnapshotResult.Ready.class, now(snapshots.take("porch", cam)));
        assertSame(ready.jpeg(), again.jpeg(), "the same keyframe: the same picture, not decoded again");
        assertEquals(5000 * MS, again.ageNanos());
        assertEquals(1, decodes);
        assertTrue(work.isEmpty());

        cam.latest = keyframe(200, 13_500 * MS, (byte) 2);
        CompletableFuture<SnapshotResult> newer = snapshots.take("porch", cam);
        runWork();
        assertArrayEquals(new byte[] {2}, assertInstanceOf(SnapshotResult.Ready.class, now(newer)).jpeg().bytes());
        assertEquals(2, decodes);
    }

    @Test
    void requestsDuringADecodeShareIt() {
        Source cam = new Source();
        cam.latest = keyframe(100, now, (byte) 1);
        CompletableFuture<SnapshotResult> a = snapshots.take("porch", cam);
        CompletableFuture<SnapshotResult> b = snapshots.take("porch", cam);
        CompletableFuture<SnapshotResult> c = snapshots.take("porch", cam);
        assertSame(a, b);
        assertSame(a, c);
        assertEquals(1, cam.asks, "the camera's loop is asked once");
        assertEquals(1, work.size());
        runWork();
        assertEquals(1, decodes);
        assertInstanceOf(SnapshotResult.Ready.class, now(c));
    }

    @Test
    void pastTheBoundARequestIsBusyOrGetsTheLastPicture() {
        Source porch = new Source();
        Source garage = new Source();
        porch.latest = keyframe(100, now, (byte) 1);
        garage.latest = keyframe(500, now, (byte) 5);
        CompletableFuture<SnapshotResult> g = snapshots.take("garage", garage);
        runWork(); // garage now has a picture
        garage.latest = keyframe(600, now, (byte) 6);

        CompletableFuture<SnapshotResult> p = snapshots.take("porch", porch); // takes the one decoding slot
        assertFalse(p.isDone());
        Source other = new Source();
        other.latest = keyframe(1, now, (byte) 9);
        assertInstanceOf(SnapshotResult.Busy.class, now(snapshots.take("other", other)), "no picture to fall back on: busy");
        var fallback = assertInstanceOf(SnapshotResult.Ready.class, now(snapshots.take("garage", garage)));
        assertArrayEquals(new byte[] {5}, fallback.jpeg().bytes(), "the garage's last picture while the slot is taken");
        assertEquals(1, work.size(), "nothing queued behind the decode");

        runWork();
        assertInstanceOf(SnapshotResult.Ready.class, now(p));
        CompletableFuture<SnapshotResult> g2 = snapshots.take("garage", garage); // the slot is free again
        runWork();
        assertArrayEquals(new byte[] {6}, assertInstanceOf(SnapshotResult.Ready.class, now(g2)).jpeg().bytes());
        assertTrue(g.isDone());
    }

    @Test
    void noKeyframeAndNoPictureIsNoPictureButALastPictureOutlivesTheCache() {
        Source cam = new Source();
        assertInstanceOf(SnapshotResult.NoPicture.class, now(snapshots.take("porch", cam)));
        cam.latest = keyframe(100, now, (byte) 1);
        CompletableFuture<SnapshotResult> f = snapshots.take("porch", cam);
        runWork();
        now(f);
        cam.latest = null; // the camera was hung up and the feed's cache overwritten
        now += 60_000 * MS;
        var kept = assertInstanceOf(SnapshotResult.Ready.class, now(snapshots.take("porch", cam)));
        assertEquals(60_000 * MS, kept.ageNanos());
    }

    @Test
    void aKeyframeThatFailsIsNotDecodedAgain() {
        Source cam = new Source();
        cam.latest = keyframe(100, now, (byte) 1);
        failWith = "the keyframe does not decode (broken)";
        CompletableFuture<SnapshotResult> f = snapshots.take("porch", cam);
        runWork();
        assertEquals("the keyframe does not decode (broken)", assertInstanceOf(SnapshotResult.Failed.class, now(f)).reason());
        var again = assertInstanceOf(SnapshotResult.Failed.class, now(snapshots.take("porch", cam)));
        assertEquals("the keyframe does not decode (broken)", again.reason());
        assertEquals(1, decodes);

        failWith = null;
        cam.latest = keyframe(200, now, (byte) 2);
        CompletableFuture<SnapshotResult> next = snapshots.take("porch", cam);
        runWork();
        assertInstanceOf(SnapshotResult.Ready.class, now(next));
    }

    @Test
    void aDecoderThatThrowsSomethingElseStillFreesTheSlot() {
        Snapshots s = new Snapshots(packets -> {
            throw new IllegalStateException("boom");
        }, executor, 1, () -> now);
        Source cam = new Source();
        cam.latest = keyframe(100, now, (byte) 1);
        CompletableFuture<SnapshotResult> f = s.take("porch", cam);
        runWork();
        assertTrue(assertInstanceOf(SnapshotResult.Failed.class, now(f)).reason().contains("boom"));
        cam.latest = keyframe(200, now, (byte) 2);
        assertFalse(s.take("porch", cam).isDone(), "the slot was given back: the next keyframe is being decoded");
    }

    @Test
    void aRejectingExecutorIsBusyAndGivesTheSlotBack() {
        int[] tries = {0};
        Snapshots s = new Snapshots(decoder, r -> {
            if (tries[0]++ == 0) {
                throw new RejectedExecutionException("shut down");
            }
            r.run();
        }, 1, () -> now);
        Source cam = new Source();
        cam.latest = keyframe(100, now, (byte) 1);
        assertInstanceOf(SnapshotResult.Busy.class, now(s.take("porch", cam)));
        assertInstanceOf(SnapshotResult.Ready.class, now(s.take("porch", cam)));
    }

    @Test
    void aSourceThatFailsIsAnAnswerNotAHang() {
        KeyframeSource broken = (seq, ts) -> CompletableFuture.failedFuture(new IllegalStateException("loop is gone"));
        assertInstanceOf(SnapshotResult.Failed.class, now(snapshots.take("porch", broken)));
        KeyframeSource throwing = (seq, ts) -> {
            throw new IllegalStateException("loop is gone");
        };
        assertInstanceOf(SnapshotResult.Failed.class, now(snapshots.take("porch", throwing)));
    }

    @Test
    void anAnswerArrivingLaterFromTheLoopIsHandedOffNotDecodedThere() {
        Source cam = new Source();
        cam.hold = true;
        cam.latest = keyframe(100, now, (byte) 1);
        CompletableFuture<SnapshotResult> f = snapshots.take("porch", cam);
        assertFalse(f.isDone());
        cam.release(); // the loop answers: the decode goes to the executor
        assertEquals(0, decodes);
        assertEquals(1, work.size());
        runWork();
        assertInstanceOf(SnapshotResult.Ready.class, now(f));
    }
}
