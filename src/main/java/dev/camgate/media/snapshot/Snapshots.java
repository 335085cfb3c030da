package dev.camgate.media.snapshot;

import dev.camgate.media.sfu.KeyframeCopy;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * JPEG snapshots of relayed cameras, made from the latest keyframe each camera's feed holds. Per camera: at most
 * one decode at a time (requests meanwhile share its answer), and the picture of the last keyframe decoded is
 * kept, so asking again for the same keyframe decodes nothing; when no whole keyframe is held (the camera was
 * hung up and its cache overwritten, or a packet is still missing) that last picture is given, with its age.
 * Overall: at most {@code maxDecodes} decodes at once, on the executor given; past that a request gets the
 * camera's last picture or {@link SnapshotResult.Busy}, never a queue.
 *
 * <p>Thread-safe. The source's future may complete on an event loop: what runs there is a lookup and a
 * hand-off to the executor, never a decode. The keyframe's age is measured on {@code clock}, which must be the
 * feed's (System.nanoTime in camgate).
 */
public final class Snapshots {
    /** A source that has not answered in this long (a relay shutting down) ends the request. */
    static final long SOURCE_TIMEOUT_MILLIS = 5_000;

    private final KeyframeDecoder decoder;
    private final Executor executor;
    private final Semaphore decodes;
    private final LongSupplier clock;
    private final Map<String, Camera> cameras = new ConcurrentHashMap<>();

    /** What is known about one camera's snapshots. Guarded by itself. */
    private static final class Camera {
        Jpeg picture;
        long pictureNanos;
        // The last keyframe tried, and what it came to (a picture above, or this failure).
        long sequence = -1;
        long timestamp = -1;
        String failure;
        CompletableFuture<SnapshotResult> pending;
    }

    public Snapshots(KeyframeDecoder decoder, Executor executor, int maxDecodes, LongSupplier clock) {
        if (maxDecodes < 1) {
            throw new IllegalArgumentException("maxDecodes must be at least 1: " + maxDecodes);
        }
        this.decoder = decoder;
        this.executor = executor;
        this.decodes = new Semaphore(maxDecodes);
        this.clock = clock;
    }

    /**
     * What camgate uses: H.264 by JCodec, at most half the cores decoding at once (one on a two-core Pi), on
     * daemon threads that end when idle, so nothing needs closing.
     */
    public static Snapshots standard() {
        int n = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        ThreadPoolExecutor pool = new ThreadPoolExecutor(n, n, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                Thread.ofPlatform().daemon().name("snapshot-", 0).factory());
        pool.allowCoreThreadTimeOut(true);
        return new Snapshots(new H264Jpeg(), pool, n, System::nanoTime);
    }

    /** A snapshot of {@code cameraId}; completes normally, never exceptionally. */
    public CompletableFuture<SnapshotResult> take(String cameraId, KeyframeSource source) {
        Camera c = cameras.computeIfAbsent(cameraId, k -> new Camera());
        CompletableFuture<SnapshotResult> mine;
        long sequence;
        long timestamp;
        synchronized (c) {
            if (c.pending != null) {
                return c.pending;
            }
            mine = new CompletableFuture<>();
            c.pending = mine;
            sequence = c.sequence;
            timestamp = c.timestamp;
        }
        CompletableFuture<KeyframeCopy> asked;
        try {
            asked = source.keyframe(sequence, timestamp).orTimeout(SOURCE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            asked = CompletableFuture.failedFuture(e);
        }
        asked.whenComplete((copy, error) -> {
            if (error != null) {
                finish(c, mine, kept(c, new SnapshotResult.Failed("the camera's relay did not answer")));
            } else if (copy == null) {
                finish(c, mine, kept(c, new SnapshotResult.NoPicture()));
            } else if (copy.packets().isEmpty()) {
                finish(c, mine, known(c));
            } else {
                decode(c, mine, copy);
            }
        });
        return mine;
    }

    /** Forgets a camera's pictures (it is gone from the configuration). */
    public void forget(String cameraId) {
        cameras.remove(cameraId);
    }

    private void decode(Camera c, CompletableFuture<SnapshotResult> mine, KeyframeCopy copy) {
        if (!decodes.tryAcquire()) {
            finish(c, mine, kept(c, new SnapshotResult.Busy()));
            return;
        }
        try {
            executor.execute(() -> {
                SnapshotResult result;
                try {
                    Jpeg jpeg = decoder.decode(copy.packets());
                    synchronized (c) {
                        c.picture = jpeg;
                        c.pictureNanos = copy.arrivalNanos();
                        c.failure = null;
                        remember(c, copy);
                    }
                    result = new SnapshotResult.Ready(jpeg, clock.getAsLong() - copy.arrivalNanos());
                } catch (SnapshotException | RuntimeException e) {
                    String reason = e instanceof SnapshotException ? e.getMessage() : "the keyframe does not decode (" + e + ")";
                    synchronized (c) {
                        c.failure = reason;
                        remember(c, copy);
                    }
                    result = new SnapshotResult.Failed(reason);
                } finally {
                    decodes.release();
                }
                finish(c, mine, result);
            });
        } catch (RejectedExecutionException e) {
            decodes.release();
            finish(c, mine, kept(c, new SnapshotResult.Busy()));
        }
    }

    private static void remember(Camera c, KeyframeCopy copy) {
        c.sequence = copy.sequence();
        c.timestamp = copy.timestamp();
    }

    /** The latest keyframe is the one tried last: what it came to. */
    private SnapshotResult known(Camera c) {
        synchronized (c) {
            if (c.failure != null) {
                return new SnapshotResult.Failed(c.failure);
            }
            return kept(c, new SnapshotResult.NoPicture());
        }
    }

    /** The last picture made, if any, else {@code otherwise}. */
    private SnapshotResult kept(Camera c, SnapshotResult otherwise) {
        synchronized (c) {
            return c.picture != null ? new SnapshotResult.Ready(c.picture, clock.getAsLong() - c.pictureNanos) : otherwise;
        }
    }

    private static void finish(Camera c, CompletableFuture<SnapshotResult> mine, SnapshotResult result) {
        synchronized (c) {
            if (c.pending == mine) {
                c.pending = null;
            }
        }
        mine.complete(result);
    }
}
