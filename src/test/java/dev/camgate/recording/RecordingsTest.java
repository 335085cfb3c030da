package dev.camgate.recording;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camgate.config.ByteSize;
import dev.camgate.config.RecordingConfig;
import dev.camgate.media.mp4.Ffmpeg;
import dev.camgate.media.mp4.TestStreams;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordingsTest {
    static final long T0 = SegmentWriterTest.T0;
    static final long HOUR = 3_600_000L;

    @TempDir
    Path root;

    private final AtomicLong clock = new AtomicLong(T0);
    private final AtomicLong free = new AtomicLong(Long.MAX_VALUE / 4);

    private static RecordingConfig config(Duration retention, ByteSize budget, ByteSize minFree) {
        return new RecordingConfig(null, Duration.ofSeconds(60), Duration.ofMillis(500), retention, budget, minFree, null);
    }

    private Recordings open(RecordingConfig config, Map<String, Duration> perCamera) {
        return Recordings.open(root, config, perCamera, clock::get, free::get, false);
    }

    /** Writes a closed 1 s recording of {@code camera} starting at {@code start}, through the index. */
    private static Segment record(Recordings r, String camera, long start) throws Exception {
        List<Segment> seen = new ArrayList<>();
        SegmentWriter w = new SegmentWriter(camera, r.root().resolve(camera), 60_000, 500, s -> {
            seen.add(s);
            r.written(s);
        });
        RtpPictures rtp = new RtpPictures(1);
        List<byte[]> units = TestStreams.accessUnits(320, 240, 30, 15);
        for (int i = 0; i < 30; i++) {
            w.picture(rtp.frame(units.get(i), i * 3000L, start + i * 33L));
        }
        w.close();
        return seen.get(seen.size() - 1);
    }

    @Test
    void aRestartListsWhatIsOnDiskFromTheNamesAlone() throws Exception {
        Recordings first = open(config(null, null, ByteSize.ZERO), Map.of());
        Segment a = record(first, "porch", T0);
        Segment b = record(first, "porch", T0 + 1_000);
        Segment c = record(first, "garden", T0 + 5 * HOUR);
        first.close();
        Files.writeString(root.resolve("porch").resolve("notes.txt"), "not a recording");
        Recordings again = open(config(null, null, ByteSize.ZERO), Map.of());
        assertEquals(List.of(a, b), again.segments("porch", T0 - HOUR, T0 + HOUR));
        assertEquals(List.of(b), again.segments("porch", T0 + 1_500, T0 + 1_600), "the file a moment falls in");
        assertEquals(List.of(c), again.segments("garden", 0, Long.MAX_VALUE));
        assertEquals(List.of(new Span(T0, b.end())), Recordings.spans(again.segments("porch", 0, Long.MAX_VALUE)));
        assertEquals(b, again.segment("porch", b.id()));
        assertNull(again.segment("porch", c.id()), "another camera's id names nothing here");
        assertNull(again.segment("porch", "../garden/" + c.id()));
        again.close();
    }

    @Test
    void aFileCutOffByACrashIsCutBackToItsLastCompleteFragmentAndListed() throws Exception {
        Ffmpeg.assumePresent();
        Recordings r = open(config(null, null, ByteSize.ZERO), Map.of());
        Segment whole = record(r, "porch", T0);
        r.close();
        byte[] bytes = Files.readAllBytes(whole.path());
        Files.delete(whole.path());
        // As kill -9 leaves it: still named as open, and the fragment being written cut short.
        Path open = whole.path().resolveSibling(SegmentNames.openName(whole.id()));
        Files.write(open, java.util.Arrays.copyOf(bytes, bytes.length - 100));
        Recordings after = open(config(null, null, ByteSize.ZERO), Map.of());
        List<Segment> listed = after.segments("porch", 0, Long.MAX_VALUE);
        assertEquals(1, listed.size());
        Segment repaired = listed.get(0);
        assertFalse(Files.exists(open));
        assertTrue(repaired.durationMillis() > 0 && repaired.durationMillis() < whole.durationMillis(), repaired.toString());
        assertEquals(Files.size(repaired.path()), repaired.bytes());
        assertEquals("", Ffmpeg.decodeErrors(repaired.path()));
        assertEquals(repaired.path().getFileName().toString(), SegmentNames.closedName(repaired.id(), repaired.durationMillis()));
        after.close();
    }

    @Test
    void aFileWithNoCompleteFragmentGoesAndJunkIsMovedAside() throws Exception {
        Path dir = Files.createDirectories(root.resolve("porch"));
        Recordings r = open(config(null, null, ByteSize.ZERO), Map.of());
        Segment whole = record(r, "porch", T0);
        r.close();
        byte[] bytes = Files.readAllBytes(whole.path());
        String early = SegmentNames.id(T0 - HOUR);
        Files.write(dir.resolve(SegmentNames.openName(early)), java.util.Arrays.copyOf(bytes, 700)); // the init and part of one fragment
        String junk = SegmentNames.id(T0 - 2 * HOUR);
        Files.writeString(dir.resolve(SegmentNames.openName(junk)), "this was never an MP4 file, whatever its name says");
        Recordings after = open(config(null, null, ByteSize.ZERO), Map.of());
        assertEquals(List.of(whole), after.segments("porch", 0, Long.MAX_VALUE));
        assertFalse(Files.exists(dir.resolve(SegmentNames.openName(early))));
        assertTrue(Files.exists(dir.resolve(SegmentNames.openName(junk) + ".damaged")), "kept for a person to look at, not deleted");
        after.close();
    }

    @Test
    void recordingsOlderThanTheirCamerasRetentionGo() throws Exception {
        Recordings r = open(config(Duration.ofDays(2), null, ByteSize.ZERO), Map.of("garden", Duration.ofHours(1)));
        Segment porchOld = record(r, "porch", T0);
        Segment gardenOld = record(r, "garden", T0);
        Segment gardenNew = record(r, "garden", T0 + 2 * HOUR);
        clock.set(T0 + 2 * HOUR + 30_000);
        r.sweep();
        assertEquals(List.of(porchOld), r.segments("porch", 0, Long.MAX_VALUE), "two days for the porch");
        assertEquals(List.of(gardenNew), r.segments("garden", 0, Long.MAX_VALUE), "an hour for the garden");
        assertFalse(Files.exists(gardenOld.path()));
        clock.set(T0 + 3 * 24 * HOUR);
        r.sweep();
        assertTrue(r.segments("porch", 0, Long.MAX_VALUE).isEmpty());
        assertEquals(3, r.retention().deletedForAge());
        assertEquals(0, r.retention().budgetDeletedAt());
        r.close();
    }

    @Test
    void theBudgetDeletesTheOldestFirstAcrossCamerasAndNeverTheOpenFile() throws Exception {
        Recordings probe = open(config(null, null, ByteSize.ZERO), Map.of());
        long one = record(probe, "x", T0).bytes();
        probe.close();
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(java.util.Comparator.reverseOrder()).filter(p -> !p.equals(root)).forEach(p -> p.toFile().delete());
        }
        Recordings r = open(config(null, new ByteSize(one * 3 + one / 2), ByteSize.ZERO), Map.of());
        Segment a = record(r, "porch", T0);
        Segment b = record(r, "garden", T0 + 10_000);
        Segment c = record(r, "porch", T0 + 20_000);
        Segment open = new Segment("garden", SegmentNames.id(T0 + 30_000), T0 + 30_000, T0 + 31_000, one * 2,
                Files.writeString(root.resolve("garden").resolve(SegmentNames.openName(SegmentNames.id(T0 + 30_000))), "growing"), true);
        r.written(open);
        clock.set(T0 + 40_000);
        r.sweep();
        // 3 closed + an open one of twice the size is 5 x one: over 3.5 x one until a and b are gone.
        assertEquals(List.of(c), r.segments("porch", 0, Long.MAX_VALUE));
        assertEquals(List.of(open), r.segments("garden", 0, Long.MAX_VALUE));
        assertFalse(Files.exists(a.path()));
        assertFalse(Files.exists(b.path()));
        assertEquals(2, r.retention().deletedForBudget());
        assertEquals(T0 + 40_000, r.retention().budgetDeletedAt(), "the dashboard warns: the budget, not the age, deletes");
        r.close();
    }

    @Test
    void theFreeSpaceFloorDeletesAndThenPausesRecordingUntilSpaceReturns() throws Exception {
        Recordings r = open(config(null, null, ByteSize.ofMebibytes(100)), Map.of());
        Segment a = record(r, "porch", T0);
        Segment b = record(r, "porch", T0 + 10_000);
        r.close();
        long mib = 1 << 20;
        // Deleting a gives the space back; b stays.
        Recordings watched = Recordings.open(root, config(null, null, ByteSize.ofMebibytes(100)), Map.of(), clock::get,
                () -> Files.exists(a.path()) ? 100 * mib - 1 : 200 * mib, false);
        watched.sweep();
        assertEquals(List.of(b), watched.segments("porch", 0, Long.MAX_VALUE));
        assertEquals(1, watched.retention().deletedForFreeSpace());
        assertFalse(watched.spaceShort());
        watched.close();
        // A disk full of other things: nothing of camgate's left to delete, so recording pauses, and says why.
        Recordings full = Recordings.open(root, config(null, null, ByteSize.ofMebibytes(100)), Map.of(), clock::get, () -> mib, false);
        full.sweep();
        assertTrue(full.segments("porch", 0, Long.MAX_VALUE).isEmpty());
        assertTrue(full.spaceShort());
        assertNotNull(full.spaceShortReason());
        assertTrue(full.spaceShortReason().contains("100MB"), full.spaceShortReason());
        full.close();
    }
}
