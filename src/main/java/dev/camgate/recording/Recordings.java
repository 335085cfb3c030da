package dev.camgate.recording;

import dev.camgate.config.RecordingConfig;
import dev.camgate.media.mp4.Mp4Exception;
import dev.camgate.media.mp4.Mp4Scanner;
import dev.camgate.media.mp4.SegmentScan;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every recording on disk, by camera, and the rules that keep them from filling the disk: retention by age
 * (per camera), a size budget for all, and a floor of free space, whichever bites first, oldest first. The index
 * is rebuilt at start from the folder names; a file a crash cut off is cut back to its last complete fragment
 * first. Lookups are from any thread; the disk work is on the caller's thread at start and on the retention
 * thread after.
 */
public final class Recordings implements AutoCloseable {
    static final Logger LOG = Recorder.LOG;
    /** Two segments this close are one span: a file ends and the next begins at the same keyframe. */
    static final long SPAN_TOLERANCE_MILLIS = 1_500;
    static final long SWEEP_MILLIS = 10_000;

    private final Path root;
    private final RecordingConfig config;
    private final Map<String, Duration> retention;
    private final LongSupplier wallClock;
    private final LongSupplier freeSpace;
    private final Map<String, ConcurrentSkipListMap<Long, Segment>> cameras = new ConcurrentHashMap<>();
    private final Map<String, Recorder> recorders = new ConcurrentHashMap<>();
    private final AtomicLong deletedForAge = new AtomicLong();
    private final AtomicLong deletedForBudget = new AtomicLong();
    private final AtomicLong deletedForFreeSpace = new AtomicLong();
    private final ScheduledExecutorService sweeper;
    private volatile long budgetDeletedAt;
    private volatile String earlyReason;
    private volatile boolean spaceShort;
    private volatile String spaceShortReason;
    private final boolean sweepOnItsOwn;
    private volatile java.util.function.Consumer<Segment> observer;

    private Recordings(Path root, RecordingConfig config, Map<String, Duration> retention, LongSupplier wallClock,
                       LongSupplier freeSpace, boolean sweepOnATimer) {
        this.root = root;
        this.config = config;
        this.retention = Map.copyOf(retention);
        this.wallClock = wallClock;
        this.freeSpace = freeSpace;
        this.sweeper = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("camgate-retention").factory());
        this.sweepOnItsOwn = sweepOnATimer;
        if (sweepOnATimer) {
            sweeper.scheduleWithFixedDelay(this::sweepQuietly, SWEEP_MILLIS, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Opens the recordings folder, repairing and indexing what it holds (blocking: call it before serving).
     *
     * @param retention each recorded camera's own retention, where it has one
     */
    public static Recordings open(Path root, RecordingConfig config, Map<String, Duration> retention) {
        return open(root, config, retention, System::currentTimeMillis, () -> usableSpace(root), true);
    }

    /**
     * With a clock and a free-space probe of the caller's. Without {@code sweepOnATimer} retention runs only
     * when {@link #sweep} is called: tests move time by hand and then call it.
     */
    public static Recordings open(Path root, RecordingConfig config, Map<String, Duration> retention, LongSupplier wallClock,
                                  LongSupplier freeSpace, boolean sweepOnATimer) {
        Recordings r = new Recordings(root, config, retention, wallClock, freeSpace, sweepOnATimer);
        r.load();
        if (sweepOnATimer) {
            // Rules changed while camgate was stopped (a smaller budget, a shorter retention) apply at once.
            r.sweeper.execute(r::sweepQuietly);
        }
        return r;
    }

    public Path root() {
        return root;
    }

    public Duration defaultRetention() {
        return config.retention();
    }

    public dev.camgate.config.ByteSize minFree() {
        return config.minFree();
    }

    /** Starts recording a camera (the relay feeds the recorder); one recorder per camera. */
    public Recorder recorder(String camera) {
        return recorders.computeIfAbsent(camera, id -> Recorder.start(id, root.resolve(id), config.segment().toMillis(),
                config.fragment().toMillis(), config.keyframeInterval().toMillis(), this, wallClock));
    }

    /** The camera's segments that overlap [from, to), oldest first. */
    public List<Segment> segments(String camera, long from, long to) {
        ConcurrentSkipListMap<Long, Segment> all = cameras.get(camera);
        if (all == null || to <= from) {
            return List.of();
        }
        List<Segment> out = new ArrayList<>();
        Map.Entry<Long, Segment> before = all.lowerEntry(from);
        if (before != null && before.getValue().end() > from) {
            out.add(before.getValue());
        }
        for (Segment s : all.subMap(from, true, to, false).values()) {
            out.add(s);
        }
        return out;
    }

    /** The segment an id names, or null. */
    public Segment segment(String camera, String id) {
        Long start = SegmentNames.start(id);
        ConcurrentSkipListMap<Long, Segment> all = cameras.get(camera);
        if (start == null || all == null) {
            return null;
        }
        Segment s = all.get(start);
        return s != null && s.id().equals(id) ? s : null;
    }

    /** The segments merged into gapless stretches. */
    public static List<Span> spans(List<Segment> segments) {
        List<Span> out = new ArrayList<>();
        long start = -1;
        long end = -1;
        for (Segment s : segments) {
            if (s.end() <= s.start()) {
                continue;
            }
            if (start >= 0 && s.start() - end <= SPAN_TOLERANCE_MILLIS) {
                end = Math.max(end, s.end());
            } else {
                if (start >= 0) {
                    out.add(new Span(start, end));
                }
                start = s.start();
                end = s.end();
            }
        }
        if (start >= 0) {
            out.add(new Span(start, end));
        }
        return out;
    }

    public RetentionInfo retention() {
        long bytes = 0;
        int count = 0;
        for (ConcurrentSkipListMap<Long, Segment> all : cameras.values()) {
            for (Segment s : all.values()) {
                bytes += s.bytes();
                count++;
            }
        }
        return new RetentionInfo(bytes, count, deletedForAge.get(), deletedForBudget.get(), deletedForFreeSpace.get(),
                budgetDeletedAt, earlyReason, spaceShort, spaceShortReason, config.budget().bytes());
    }

    /** The recorders' status by camera. */
    public Map<String, RecordingStatus> statuses() {
        Map<String, RecordingStatus> out = new java.util.TreeMap<>();
        recorders.forEach((id, r) -> out.put(id, r.status()));
        return out;
    }

    boolean spaceShort() {
        return spaceShort;
    }

    String spaceShortReason() {
        return spaceShortReason;
    }

    /**
     * Tells {@code observer} of every change the index hears of (a file began, grew by a fragment, was closed),
     * on that camera's recording thread, once the fragment is fsynced and listed; null stops it. The recording
     * benchmark times fragments by it, so it must return quickly and not throw.
     */
    public void observe(java.util.function.Consumer<Segment> observer) {
        this.observer = observer;
    }

    /** From a recorder's thread: a file began, grew by a fragment, or was closed. */
    void written(Segment segment) {
        ConcurrentSkipListMap<Long, Segment> all = cameras.computeIfAbsent(segment.camera(), c -> new ConcurrentSkipListMap<>());
        all.put(segment.start(), segment);
        java.util.function.Consumer<Segment> o = observer;
        if (o != null) {
            o.accept(segment);
        }
        if (!segment.open() && sweepOnItsOwn) {
            try {
                sweeper.execute(this::sweepQuietly);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // Stopping: the next start sweeps.
            }
        }
    }

    private void sweepQuietly() {
        try {
            sweep();
        } catch (RuntimeException e) {
            LOG.warn("recordings: the retention pass failed: {}", e.toString());
        }
    }

    /** One retention pass: by age, then the budget, then the free-space floor. On the retention thread (a test that runs no timer calls it itself). */
    public void sweep() {
        long now = wallClock.getAsLong();
        for (var e : cameras.entrySet()) {
            long keep = retention.getOrDefault(e.getKey(), config.retention()).toMillis();
            for (Segment s : List.copyOf(e.getValue().values())) {
                if (!s.open() && s.end() < now - keep) {
                    delete(s, deletedForAge, "older than " + dev.camgate.config.Durations.format(Duration.ofMillis(keep)));
                }
            }
        }
        long budget = config.budget().bytes();
        if (budget > 0) {
            long total = retention().bytes();
            while (total > budget) {
                Segment oldest = oldestClosed();
                if (oldest == null) {
                    break;
                }
                total -= oldest.bytes();
                delete(oldest, deletedForBudget, "the recordings are over their budget of " + config.budget().format());
                earlyReason = "budget";
                budgetDeletedAt = now;
            }
        }
        long floor = config.minFree().bytes();
        long free = freeSpace.getAsLong();
        while (free >= 0 && free < floor) {
            Segment oldest = oldestClosed();
            if (oldest == null) {
                break;
            }
            delete(oldest, deletedForFreeSpace, "less than " + config.minFree().format() + " is free on the disk");
            earlyReason = "free_space";
            budgetDeletedAt = now;
            free = freeSpace.getAsLong();
        }
        boolean short_ = free >= 0 && free < floor;
        if (short_ != spaceShort) {
            spaceShortReason = short_ ? "less than " + config.minFree().format() + " (recording.min_free) is free on the disk of "
                    + root + ", and no recording is left to delete" : null;
            spaceShort = short_;
        }
    }

    private Segment oldestClosed() {
        return cameras.values().stream().flatMap(m -> m.values().stream()).filter(s -> !s.open())
                .min(Comparator.comparingLong(Segment::start)).orElse(null);
    }

    private void delete(Segment s, AtomicLong counter, String why) {
        try {
            Files.deleteIfExists(s.path());
        } catch (IOException e) {
            LOG.warn("recordings: {} could not be deleted ({}): {}", s.path(), why, Recorder.describe(e));
            return;
        }
        ConcurrentSkipListMap<Long, Segment> all = cameras.get(s.camera());
        if (all != null && all.remove(s.start(), s)) {
            counter.incrementAndGet();
        }
        LOG.debug("recordings: deleted {} of camera '{}': {}", s.id(), s.camera(), why);
    }

    private void load() {
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            LOG.warn("recordings: the folder {} cannot be made ({}); recording will say why until it can", root, Recorder.describe(e));
            return;
        }
        int repaired = 0;
        int files = 0;
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path dir : dirs) {
                String camera = dir.getFileName().toString();
                if (!dev.camgate.config.CameraConfig.ID.matcher(camera).matches()) {
                    continue;
                }
                try (DirectoryStream<Path> segs = Files.newDirectoryStream(dir, "*.mp4")) {
                    for (Path file : segs) {
                        SegmentNames.Parsed name = SegmentNames.parse(file.getFileName().toString());
                        if (name == null) {
                            continue;
                        }
                        Segment s = name.closed() ? new Segment(camera, name.id(), name.start(), name.start() + name.durationMillis(),
                                Files.size(file), file, false) : repair(camera, name, file);
                        if (s != null) {
                            if (!name.closed()) {
                                repaired++;
                            }
                            files++;
                            cameras.computeIfAbsent(camera, c -> new ConcurrentSkipListMap<>()).put(s.start(), s);
                        }
                    }
                }
            }
        } catch (IOException e) {
            LOG.warn("recordings: {} cannot be read ({}); what it holds is not listed", root, Recorder.describe(e));
        }
        if (files > 0) {
            LOG.info("recordings: {} files in {}{}", files, root, repaired > 0 ? ", " + repaired + " left open by a crash and repaired" : "");
        }
    }

    /** A file still named as open: camgate stopped without closing it. Keep its complete fragments. */
    private Segment repair(String camera, SegmentNames.Parsed name, Path file) {
        try {
            SegmentScan scan;
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                scan = Mp4Scanner.scan(ch);
                if (scan.fragments().isEmpty()) {
                    ch.close();
                    Files.delete(file);
                    LOG.info("recordings: {} held no complete fragment and was removed", file);
                    return null;
                }
                if (scan.truncated()) {
                    ch.truncate(scan.validLength());
                    ch.force(true);
                }
            }
            long duration = scan.duration() * 1000 / scan.track().timescale();
            Path closed = file.resolveSibling(SegmentNames.closedName(name.id(), duration));
            Files.move(file, closed, StandardCopyOption.ATOMIC_MOVE);
            LOG.info("recordings: {} was cut off{}; kept {} ms", file.getFileName(), scan.truncated() ? " mid-fragment" : "", duration);
            return new Segment(camera, name.id(), name.start(), name.start() + duration, scan.validLength(), closed, false);
        } catch (Mp4Exception e) {
            Path aside = file.resolveSibling(file.getFileName() + ".damaged");
            LOG.warn("recordings: {} is not a recording camgate can read ({}); moved aside as {}", file, e.getMessage(), aside.getFileName());
            try {
                Files.move(file, aside);
            } catch (IOException ignored) {
                // Then it stays, and is looked at again at the next start.
            }
            return null;
        } catch (IOException e) {
            LOG.warn("recordings: {} cannot be repaired ({})", file, Recorder.describe(e));
            return null;
        }
    }

    static long usableSpace(Path root) {
        try {
            return Files.getFileStore(root).getUsableSpace();
        } catch (IOException e) {
            return -1;
        }
    }

    /** Closes every recorder's file (each gets up to 5 s) and stops the retention thread. */
    @Override
    public void close() {
        for (Recorder r : recorders.values()) {
            r.close(5_000);
        }
        sweeper.shutdownNow();
    }
}
