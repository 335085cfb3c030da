package dev.camgate.camera.relay;

import dev.camgate.camera.Camera;
import dev.camgate.camera.CameraInfo;
import dev.camgate.camera.RelayInfo;
import dev.camgate.protocol.Admission;
import dev.camgate.protocol.Peer;
import dev.camgate.protocol.Refusal;
import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One relayed camera's life: camgate watches the camera while anyone watches camgate (and a grace time
 * after, so a reload does not redial), and answers each viewer from the camera's one stream. Every field is
 * touched only on the media port's event loop; {@link #admit} and {@link #info} are the only entries from
 * other threads, and they hand work over or read a volatile snapshot.
 */
final class Relay {
    static final Logger LOG = LoggerFactory.getLogger("camgate.relay");
    /** The camera stays connected this long after the last viewer leaves. */
    static final long GRACE_NANOS = TimeUnit.SECONDS.toNanos(10);
    /** Admission, negotiation, ICE and DTLS with the camera must be done within this. */
    static final long SETUP_NANOS = TimeUnit.SECONDS.toNanos(20);
    static final long MAX_RETRY_NANOS = TimeUnit.SECONDS.toNanos(30);
    static final int MAX_VIEWERS = 1000;

    final Camera inner;
    final RelayContext context;
    final EventLoop loop;
    final Media media;
    /** Records the camera, which then stays connected whether or not anyone watches; null when it is not recorded. */
    final dev.camgate.recording.Recorder recorder;
    private final List<ViewerLeg> viewers = new ArrayList<>();
    private final List<Waiting> waiting = new ArrayList<>();
    private final ScheduledFuture<?> ticker;
    private final ScheduledFuture<?> poller;
    private Upstream upstream;
    private long idleSince = System.nanoTime();
    private long retryAt;
    private int failures;
    private boolean closed;
    private volatile int viewerCount;
    private volatile boolean live;
    private volatile RelayInfo stats = RelayInfo.NONE;

    private record Waiting(Peer viewer, CompletableFuture<Admission> decision) {
    }

    Relay(Camera inner, RelayContext context, dev.camgate.recording.Recorder recorder) {
        this.inner = inner;
        this.context = context;
        this.recorder = recorder;
        this.loop = context.port().loop();
        this.media = new Media(this);
        this.ticker = loop.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
        // NACK repeats and keyframe-request retries run on the feed's timers, which want a look every 20 ms.
        this.poller = loop.scheduleAtFixedRate(() -> {
            if (live) {
                media.poll(System.nanoTime());
            }
        }, 20, 20, TimeUnit.MILLISECONDS);
    }

    String id() {
        return inner.id();
    }

    Admission admit(Peer viewer) {
        CompletableFuture<Admission> decision = new CompletableFuture<>();
        loop.execute(() -> admitOnLoop(viewer, decision));
        return new Admission.Pending(decision);
    }

    private void admitOnLoop(Peer viewer, CompletableFuture<Admission> decision) {
        if (closed) {
            decision.complete(new Admission.Refused(Refusal.Kind.ENDED, "camgate is stopping"));
        } else if (viewers.size() + waiting.size() >= MAX_VIEWERS) {
            decision.complete(new Admission.Refused(Refusal.Kind.BUSY, "camera '" + id() + "' already has " + MAX_VIEWERS + " viewers"));
        } else if (upstream != null && upstream.admitted()) {
            decision.complete(admitted(viewer));
        } else {
            waiting.add(new Waiting(viewer, decision));
            if (upstream == null) {
                retryAt = 0; // a person is waiting: try now, whatever the back-off said
                connect();
            }
        }
    }

    private Admission admitted(Peer viewer) {
        ViewerLeg leg = new ViewerLeg(this, viewer);
        viewers.add(leg);
        viewerCount = viewers.size();
        LOG.info("viewer {} from {} started watching camera '{}' through camgate ({} watching)", viewer.connectionId(),
                viewer.remote(), id(), viewers.size());
        return new Admission.Admitted(leg, true, Map.of("role", "viewer", "cameraId", id(), "cameraName",
                inner.info().name(), "multiViewer", true, "relayed", true));
    }

    private void connect() {
        if (closed || upstream != null) {
            return;
        }
        upstream = new Upstream(this);
        upstream.start();
    }

    /** The device took its seat again (a dial-in camera): if people are waiting, or it is recorded, call it now. */
    void cameraSeated() {
        loop.execute(() -> {
            if (upstream == null && (!viewers.isEmpty() || !waiting.isEmpty() || recorder != null)) {
                retryAt = 0;
                connect();
            }
        });
    }

    // From Upstream, on the loop.

    void upstreamAdmitted(Upstream u) {
        if (u != upstream) {
            return;
        }
        for (Waiting w : waiting) {
            if (!w.decision().complete(admitted(w.viewer()))) {
                // Already decided (the viewer gave up): nothing to undo, the leg will hear left().
            }
        }
        waiting.clear();
    }

    void upstreamNegotiated(Upstream u) {
        if (u == upstream) {
            for (ViewerLeg leg : List.copyOf(viewers)) {
                leg.mediaKnown();
            }
        }
    }

    void upstreamLive(Upstream u) {
        if (u == upstream) {
            failures = 0;
            live = true;
            LOG.info("camera '{}' is relayed by camgate: {}", id(), media.describe());
        }
    }

    void upstreamGone(Upstream u, Refusal why) {
        if (u != upstream) {
            return;
        }
        upstream = null;
        live = false;
        failures++;
        if (recorder != null) {
            recorder.cameraGone("camera offline: " + why.reason());
        }
        long delay = Math.min(MAX_RETRY_NANOS, TimeUnit.SECONDS.toNanos(1L << Math.min(failures - 1, 5)));
        retryAt = System.nanoTime() + delay;
        for (Waiting w : waiting) {
            w.decision().complete(new Admission.Refused(why));
        }
        waiting.clear();
        if (!viewers.isEmpty()) {
            LOG.info("camera '{}': {}; {} viewers keep the last picture, calling again in {} s", id(), why.reason(),
                    viewers.size(), TimeUnit.NANOSECONDS.toSeconds(delay));
        }
    }

    void viewerLeft(ViewerLeg leg) {
        if (viewers.remove(leg)) {
            viewerCount = viewers.size();
            if (viewers.isEmpty()) {
                idleSince = System.nanoTime();
            }
        }
    }

    List<ViewerLeg> viewers() {
        return viewers;
    }

    Upstream upstream() {
        return upstream;
    }

    private void tick() {
        long now = System.nanoTime();
        if (upstream != null) {
            upstream.tick(now);
        }
        if (upstream != null && recorder == null && viewers.isEmpty() && waiting.isEmpty() && now - idleSince > GRACE_NANOS) {
            upstream.close(Refusal.of(Refusal.Kind.ENDED, "no one is watching"));
        }
        if (upstream == null && (!viewers.isEmpty() || recorder != null) && now >= retryAt) {
            connect();
        }
        if (recorder != null) {
            recorder.tick(now);
        }
        stats = media.snapshot(live, now, viewers);
    }

    /** For a snapshot: the feed's copy is made on the loop, where the feed lives. */
    CompletableFuture<dev.camgate.media.sfu.KeyframeCopy> latestKeyframe(long knownSequence, long knownTimestamp) {
        CompletableFuture<dev.camgate.media.sfu.KeyframeCopy> copy = new CompletableFuture<>();
        try {
            loop.execute(() -> copy.complete(media.latestKeyframe(knownSequence, knownTimestamp)));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            copy.completeExceptionally(e);
        }
        return copy;
    }

    CameraInfo info(CameraInfo device) {
        CameraInfo.Status status = device.status() == CameraInfo.Status.IN_USE && live ? CameraInfo.Status.ONLINE : device.status();
        return new CameraInfo(device.id(), device.name(), device.type(), status, viewerCount, true, device.adhoc(),
                device.lastSeen(), device.lastError(), stats, recorder == null ? null : recorder.status());
    }

    void close() {
        loop.execute(() -> {
            closed = true;
            ticker.cancel(false);
            poller.cancel(false);
            for (Waiting w : waiting) {
                w.decision().complete(new Admission.Refused(Refusal.Kind.ENDED, "camgate is stopping"));
            }
            waiting.clear();
            for (ViewerLeg leg : List.copyOf(viewers)) {
                leg.end(Refusal.of(Refusal.Kind.ENDED, "camgate is stopping"));
            }
            if (upstream != null) {
                upstream.close(Refusal.of(Refusal.Kind.ENDED, "camgate is stopping"));
            }
            if (recorder != null) {
                recorder.detach();
            }
        });
    }
}
