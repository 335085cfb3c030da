package dev.camgate.recording;

import dev.camgate.media.sfu.Egress;
import dev.camgate.media.sfu.EgressConfig;
import dev.camgate.media.sfu.Feed;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records one relayed camera. Its loop side ({@link #attach}, {@link #cameraGone}, {@link #tick}) runs on the
 * relay's event loop and only copies pictures into a queue; its thread writes them to disk. The queue holds at
 * most {@link #QUEUE_BYTES}: when a disk stalls for longer than that lasts, the newest pictures are dropped up
 * to the next keyframe (and counted), so the relay never waits for the disk.
 */
public final class Recorder {
    static final Logger LOG = LoggerFactory.getLogger("camgate.recording");
    /** About 30 s of a 4 Mbit/s camera. */
    static final long QUEUE_BYTES = 16L << 20;
    static final int QUEUE_ITEMS = 4096;
    /** After the disk refused, the next try is this much later. */
    static final long RETRY_MILLIS = 5_000;

    private final String camera;
    private final Recordings index;
    private final LongSupplier wallClock;
    private final long keyframeIntervalMillis;
    private final ConcurrentLinkedQueue<Work> queue = new ConcurrentLinkedQueue<>();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicLong queuedItems = new AtomicLong();
    private final SegmentWriter writer;
    private final Thread thread;
    private volatile RecordingStatus status;
    private volatile boolean wantKeyframe = true;
    private volatile boolean stopping;

    // Loop side.
    private final FrameAssembler assembler;
    private final AudioTap audioTap;
    private Egress egress;
    private Feed feed;
    private Egress audioEgress;
    private Feed audioFeed;
    private long lastKeyframeAsk;
    private long lastKeyframeSeen;

    // Thread side.
    private long pictures;
    private long dropped;
    private long bytes;
    private long retryAt;
    private String stoppedFor;
    private String lastSegment;
    private long lastSegmentBytes;

    private Recorder(String camera, Path dir, long segmentMillis, long fragmentMillis, long keyframeIntervalMillis,
                     Recordings index, LongSupplier wallClock) {
        this.camera = camera;
        this.index = index;
        this.wallClock = wallClock;
        this.keyframeIntervalMillis = keyframeIntervalMillis;
        this.writer = new SegmentWriter(camera, dir, segmentMillis, fragmentMillis, this::written);
        this.assembler = new FrameAssembler(this::enqueue, wallClock);
        this.audioTap = new AudioTap(this::enqueue, wallClock);
        this.status = new RecordingStatus(RecordingStatus.WAITING, "waiting for the camera", wallClock.getAsLong(), 0, 0, 0, false);
        this.thread = Thread.ofPlatform().daemon().name("camgate-record-" + camera).unstarted(this::run);
    }

    /** A recorder for one camera, its thread started. */
    static Recorder start(String camera, Path dir, long segmentMillis, long fragmentMillis, long keyframeIntervalMillis,
                          Recordings index, LongSupplier wallClock) {
        Recorder r = new Recorder(camera, dir, segmentMillis, fragmentMillis, keyframeIntervalMillis, index, wallClock);
        r.thread.start();
        return r;
    }

    public String camera() {
        return camera;
    }

    public RecordingStatus status() {
        return status;
    }

    // On the relay's loop.

    /** The camera's video feed exists (it is H.264): record what it carries, and its Opus audio if {@code audio} is not null. */
    public void attach(Feed video, Feed audio, long nowNanos) {
        if (feed != video) {
            detach();
            feed = video;
            // The recorder is an egress like a viewer's: the feed rewrites sequence numbers and timestamps so that they
            // run on across the camera's reconnects, and skips it to the next keyframe when it cannot keep up.
            egress = video.add(new EgressConfig(1, 96, 0, 0), assembler, nowNanos);
            assembler.reset();
            wantKeyframe = true;
        }
        if (audioFeed != audio) {
            detachAudio();
            audioFeed = audio;
            audioEgress = audio == null ? null : audio.add(new EgressConfig(2, 111, 0, 0), audioTap, nowNanos);
        }
    }

    public void detach() {
        if (feed != null) {
            feed.remove(egress);
        }
        feed = null;
        egress = null;
        detachAudio();
    }

    private void detachAudio() {
        if (audioFeed != null) {
            audioFeed.remove(audioEgress);
        }
        audioFeed = null;
        audioEgress = null;
    }

    /** The camera cannot be recorded (it sends another codec than H.264): say so, and write nothing. */
    public void unsupported(String why) {
        detach();
        setStatus(RecordingStatus.STOPPED, why);
    }

    /** The camera dropped: the file ends, and the gap shows as a gap. */
    public void cameraGone(String why) {
        assembler.reset();
        enqueue(new Work.Break(why));
    }

    /** Once a second: ask for a keyframe when one is due, so that playback can start near any moment. */
    public void tick(long nowNanos) {
        if (egress == null) {
            return;
        }
        long now = wallClock.getAsLong();
        long sinceKey = now - lastKeyframeSeen;
        // Asked half a second early: ticks come once a second and the keyframe a moment after the ask, and asking
        // only once the interval had passed made keyframes come an interval plus a tick apart.
        boolean due = wantKeyframe || assembler.waitingForKeyframe() || sinceKey >= keyframeIntervalMillis - 500;
        if (due && now - lastKeyframeAsk >= 900) {
            lastKeyframeAsk = now;
            egress.onPli(nowNanos);
        }
    }

    private boolean enqueue(Work w) {
        int size = size(w);
        if (size > 0 && (queuedBytes.get() + size > QUEUE_BYTES || queuedItems.get() >= QUEUE_ITEMS)) {
            return false;
        }
        if (w instanceof Work.Frame f && f.keyframe()) {
            lastKeyframeSeen = f.wallMillis();
            wantKeyframe = false;
        }
        queuedBytes.addAndGet(size);
        queuedItems.incrementAndGet();
        queue.add(w);
        LockSupport.unpark(thread);
        return true;
    }

    private static int size(Work w) {
        return switch (w) {
            case Work.Frame f -> f.length();
            case Work.Audio a -> a.payload().length;
            default -> 0;
        };
    }

    /** Any thread: finish the file and end the thread, waiting for it up to {@code millis}. */
    public void close(long millis) {
        stopping = true;
        queue.add(new Work.Stop());
        LockSupport.unpark(thread);
        try {
            thread.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // On the recorder's thread.

    private void run() {
        try {
            loop();
        } catch (RuntimeException | Error e) {
            // A bug here must not silently leave a status that says "recording".
            LOG.error("recording of camera '{}' failed and stopped: {}", camera, e.toString(), e);
            writer.abandon();
            setStatus(RecordingStatus.STOPPED, "camgate's recorder failed: " + e);
            throw e;
        }
    }

    private void loop() {
        while (true) {
            Work w = queue.poll();
            if (w == null) {
                if (stopping && queue.isEmpty()) {
                    finish();
                    return;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
                checkSpace();
                continue;
            }
            queuedItems.decrementAndGet();
            switch (w) {
                case Work.Frame f -> {
                    queuedBytes.addAndGet(-f.length());
                    picture(f);
                }
                case Work.Audio a -> {
                    queuedBytes.addAndGet(-a.payload().length);
                    if (stoppedFor == null) {
                        writer.audio(a);
                    }
                }
                case Work.Break b -> {
                    try {
                        writer.close();
                    } catch (IOException e) {
                        failed(e);
                    }
                    writer.streamBroke();
                    if (stoppedFor == null) {
                        setStatus(RecordingStatus.WAITING, b.why());
                    }
                }
                case Work.Stop s -> {
                    finish();
                    return;
                }
            }
        }
    }

    private void picture(Work.Frame f) {
        long now = wallClock.getAsLong();
        checkSpace();
        if (stoppedFor != null && (now < retryAt || index.spaceShort())) {
            dropped++;
            return;
        }
        try {
            if (writer.picture(f)) {
                pictures++;
                if (stoppedFor != null) {
                    LOG.info("recording of camera '{}' resumed", camera);
                    stoppedFor = null;
                }
                if (!RecordingStatus.RECORDING.equals(status.state())) {
                    setStatus(RecordingStatus.RECORDING, null);
                } else if (pictures % 30 == 0) {
                    setStatus(RecordingStatus.RECORDING, null);
                }
            } else {
                dropped++;
                wantKeyframe = true;
            }
        } catch (IOException e) {
            failed(e);
        }
    }

    private void checkSpace() {
        if (index.spaceShort() && stoppedFor == null) {
            try {
                writer.close();
            } catch (IOException e) {
                writer.abandon();
            }
            stop(index.spaceShortReason());
        }
    }

    private void failed(IOException e) {
        writer.abandon();
        stop("the disk refused: " + describe(e));
        retryAt = wallClock.getAsLong() + RETRY_MILLIS;
    }

    private void stop(String why) {
        wantKeyframe = true;
        if (stoppedFor == null) {
            LOG.warn("recording of camera '{}' stopped: {}; live viewing goes on, and recording resumes by itself", camera, why);
        }
        stoppedFor = why;
        setStatus(RecordingStatus.STOPPED, why);
    }

    private void finish() {
        try {
            writer.close();
        } catch (IOException e) {
            writer.abandon();
            LOG.warn("recording of camera '{}': the last file could not be closed ({}); it is repaired at the next start",
                    camera, describe(e));
        }
    }

    private void written(Segment segment) {
        bytes += segment.id().equals(lastSegment) ? segment.bytes() - lastSegmentBytes : segment.bytes();
        lastSegment = segment.id();
        lastSegmentBytes = segment.bytes();
        index.written(segment);
    }

    private void setStatus(String state, String reason) {
        RecordingStatus old = status;
        long since = old.state().equals(state) ? old.since() : wallClock.getAsLong();
        status = new RecordingStatus(state, reason, since, pictures, dropped + assembler.dropped(), bytes, writer.hasAudio());
    }

    static String describe(IOException e) {
        String m = e.getMessage();
        String kind = e.getClass().getSimpleName();
        if (e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null) {
            return fse.getReason() + (fse.getFile() != null ? " (" + fse.getFile() + ")" : "");
        }
        return m == null ? kind : m;
    }
}
