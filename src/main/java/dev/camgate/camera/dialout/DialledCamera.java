package dev.camgate.camera.dialout;

import dev.camgate.camera.Camera;
import dev.camgate.camera.CameraContext;
import dev.camgate.camera.CameraInfo;
import dev.camgate.camera.OnLoop;
import dev.camgate.config.BadSetting;
import dev.camgate.config.CameraConfig;
import dev.camgate.protocol.Admission;
import dev.camgate.protocol.Peer;
import dev.camgate.protocol.Refusal;
import io.netty.channel.EventLoop;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A camera the hub dials, one upstream socket per viewer. It knows whether the camera is reachable by
 * checking every {@code presence_interval} while nobody watches (a live session proves it by itself), and
 * keeps the last error in words for the dashboard.
 *
 * <p>Its state, its sessions' and their upstream sockets live on its {@link #loop()}: the sockets are opened
 * on it, so what the camera sends arrives there, and admissions, viewers' messages, leaves, timers and
 * {@link #close} are handed there. {@link #info} and {@link #openLinks} read what the loop last published.
 */
public abstract class DialledCamera implements Camera {
    protected static final Logger LOG = LoggerFactory.getLogger("camgate.camera");
    /** Dials in a row before the per-minute rate applies: a page reloaded a few times still connects at once. */
    static final int DIAL_BURST = 5;

    protected final CameraConfig config;
    protected final CameraContext context;
    protected final URI url;
    protected final Duration connectTimeout;
    protected final Duration answerTimeout;
    private final EventLoop loop;
    private final Duration presenceInterval;
    private final int maxViewers;
    private final Set<DialledSession> sessions = new LinkedHashSet<>();
    private final LongAdder dials = new LongAdder();
    private final LongAdder dialFailures = new LongAdder();
    private final DialBudget dialBudget;
    private ScheduledFuture<?> presence;
    private boolean closed;
    private boolean reachable;
    private Instant lastSeen;
    private String lastError;
    /** Set when the camera spoke the other dialled protocol; presence probes cannot tell, so they keep it. */
    private String wrongType;
    /** What {@link #info} and {@link #openLinks} show, published by the loop after every change. */
    private volatile Seen seen = new Seen(0, 0, false, null, null, null);

    private record Seen(int watching, int links, boolean reachable, Instant lastSeen, String lastError, String wrongType) {
    }

    /**
     * @param loop the event loop this camera's state is confined to
     * @param dial its timeouts, from its type's options
     */
    protected DialledCamera(CameraConfig config, CameraContext context, EventLoop loop, DialOptions dial, int maxViewers) {
        this.config = config;
        this.context = context;
        this.loop = loop;
        this.url = url(config);
        this.connectTimeout = dial.connectTimeout();
        this.answerTimeout = dial.answerTimeout();
        this.presenceInterval = dial.presenceInterval();
        this.maxViewers = maxViewers;
        int perMinute = context.hub().limits().cameraDialsPerMinute();
        this.dialBudget = new DialBudget(perMinute, Math.min(DIAL_BURST, perMinute), System::nanoTime);
    }

    /**
     * Checks the fields every dialled camera shares (its options are {@link DialOptions}); the message names
     * the one that is wrong.
     *
     * @param examplePath where this type's signaling usually is (/ws for Momo), for the hint on a bare HOST:PORT
     */
    public static void checkConfig(CameraConfig config, String examplePath) {
        if (config.url() != null && !config.url().contains("://")) {
            throw new BadSetting("url", "camera '" + config.id() + "': url '" + config.url() + "' has no scheme: write ws://"
                    + config.url().replaceFirst("/.*", "") + examplePath + " (or wss:// for TLS)");
        }
        url(config);
        if (config.key() != null) {
            throw new BadSetting("key", "camera '" + config.id() + "' of type " + config.type()
                    + " is dialled by the hub and takes no 'key'");
        }
    }

    static URI url(CameraConfig config) {
        if (config.url() == null) {
            throw new BadSetting("id", "camera '" + config.id() + "' of type " + config.type() + " needs a 'url' (ws://HOST:PORT/...)");
        }
        try {
            URI uri = new URI(config.url());
            if (!("ws".equals(uri.getScheme()) || "wss".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new URISyntaxException(config.url(), "must be ws://HOST:PORT/PATH or wss://...");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new BadSetting("url", "camera '" + config.id() + "': url '" + config.url() + "' " + e.getReason());
        }
    }

    /** The url's path, "" when it has none: what tells a Momo p2p address from a UV4L one. */
    public String urlPath() {
        return url.getPath() == null ? "" : url.getPath();
    }

    @Override
    public String id() {
        return config.id();
    }

    /** The event loop this camera's state, its sessions and their upstream sockets live on. */
    public final EventLoop loop() {
        return loop;
    }

    /** Starts the presence checks, the first at once. */
    @Override
    public final void start() {
        OnLoop.run(loop, () -> {
            if (!closed && presence == null) {
                presence = loop.scheduleAtFixedRate(this::checkPresence, 0, presenceInterval.toMillis(), TimeUnit.MILLISECONDS);
            }
        });
    }

    /** On the loop: a new session for this viewer; it dials the camera and completes {@code decision}. */
    protected abstract DialledSession newSession(Peer viewer, CompletableFuture<Admission> decision);

    /** On the loop: one presence check while nobody watches; completes with null if reachable, else the reason. */
    protected abstract CompletableFuture<String> probe();

    @Override
    public Admission admit(Peer viewer) {
        return OnLoop.decide(loop, decision -> admitOnLoop(viewer, decision));
    }

    private void admitOnLoop(Peer viewer, CompletableFuture<Admission> decision) {
        if (sessions.size() >= maxViewers) {
            decision.complete(new Admission.Refused(maxViewers == 1
                    ? Refusal.of(Refusal.Kind.IN_USE, "camera '" + id() + "' is being watched by another viewer (it can serve one viewer at a time)")
                    : Refusal.of(Refusal.Kind.BUSY, "camera '" + id() + "' already has " + maxViewers + " viewers, its limit (max_viewers)")));
            return;
        }
        // Whatever the viewer's path (/signaling, /ws), every dial of this camera takes from one budget.
        long wait = dialBudget.take();
        if (wait > 0) {
            long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(wait + 999_999_999));
            context.logs().info(LOG, "camera '" + id() + "'", "dials refused",
                    "camera '{}' was dialled too often: refusing viewers for now (limits.camera_dials_per_minute is {})",
                    id(), context.hub().limits().cameraDialsPerMinute());
            decision.complete(new Admission.Refused(Refusal.Kind.THROTTLED, "camera '" + id() + "' was dialled too often; try again in " + seconds + " s"));
            return;
        }
        DialledSession session = newSession(viewer, decision);
        sessions.add(session);
        dials.increment();
        publish();
        session.start();
    }

    // From the sessions, on the loop.

    final void ended(DialledSession session) {
        sessions.remove(session);
        publish();
    }

    final void reachable() {
        reachable = true;
        lastSeen = context.clock().instant();
        lastError = null;
        publish();
    }

    final void wrongType(String hint) {
        if (!hint.equals(wrongType)) {
            context.logs().info(LOG, "camera '" + id() + "'", "wrong type", "camera '{}' ({}) is configured as type {}, but {}",
                    id(), url, config.type(), hint);
        }
        wrongType = hint;
        publish();
    }

    /** A session got what it expected: the type is right after all (the config was fixed, say). */
    final void spokeItsType() {
        wrongType = null;
        publish();
    }

    final void dialFailed(String why) {
        dialFailures.increment();
        unreachable(why);
    }

    final void unreachable(String why) {
        if (reachable || lastError == null || !lastError.equals(why)) {
            // The reason is the camera's words (or garbage): quoted, and at most a line a minute however it varies.
            context.logs().info(LOG, "camera '" + id() + "'", "unreachable", "camera '{}' ({}) is unreachable: '{}'", id(), url, why);
        }
        reachable = false;
        lastError = why;
        publish();
    }

    /** A session's upstream socket opened or closed. */
    final void publish() {
        int links = 0;
        for (DialledSession s : sessions) {
            if (s.upstreamOpen()) {
                links++;
            }
        }
        seen = new Seen(sessions.size(), links, reachable, lastSeen, lastError, wrongType);
    }

    /** Upstream sockets opened for viewers since start, and how many of those attempts failed. */
    public long dials() {
        return dials.sum();
    }

    public long dialFailures() {
        return dialFailures.sum();
    }

    /** Upstream sockets open right now, across all viewers (tests check that none are left behind). */
    public int openLinks() {
        return seen.links();
    }

    private void checkPresence() {
        if (!sessions.isEmpty()) {
            if (sessions.stream().anyMatch(DialledSession::upstreamOpen)) {
                reachable();
            }
            return; // never disturb a live session
        }
        probe().whenComplete((error, failure) -> OnLoop.run(loop, () -> {
            if (failure == null && error == null) {
                reachable();
            } else {
                unreachable(error != null ? error : String.valueOf(failure.getMessage()));
            }
        }));
    }

    /** From the snapshot the loop last published: any thread, no waiting. */
    @Override
    public CameraInfo info() {
        Seen s = seen;
        CameraInfo.Status status = s.watching() >= maxViewers ? CameraInfo.Status.IN_USE
                : s.reachable() && s.wrongType() == null ? CameraInfo.Status.ONLINE : CameraInfo.Status.OFFLINE;
        return new CameraInfo(id(), config.name(), config.type(), status, s.watching(), maxViewers > 1, false,
                s.reachable() ? context.clock().instant() : s.lastSeen(), s.wrongType() != null ? s.wrongType() : s.lastError());
    }

    @Override
    public void close() {
        OnLoop.run(loop, () -> {
            closed = true;
            if (presence != null) {
                presence.cancel(false);
            }
            new ArrayList<>(sessions).forEach(s -> s.end(Refusal.of(Refusal.Kind.ENDED, "camgate is shutting down")));
        });
    }
}
