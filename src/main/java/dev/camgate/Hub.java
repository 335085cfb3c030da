package dev.camgate;

import dev.camgate.abuse.AbuseGuard;
import dev.camgate.auth.Authenticator;
import dev.camgate.auth.AyameWebhooks;
import dev.camgate.auth.StateDir;
import dev.camgate.camera.CameraContext;
import dev.camgate.camera.CameraRegistry;
import dev.camgate.config.Config;
import dev.camgate.config.ConfigException;
import dev.camgate.http.HttpServer;
import dev.camgate.log.LogLimit;
import dev.camgate.metrics.Metrics;
import dev.camgate.protocol.Refusal;
import dev.camgate.room.Rooms;
import dev.camgate.signaling.Gatekeeper;
import dev.camgate.signaling.SignalingStats;
import dev.camgate.tls.Tls;
import dev.camgate.camera.relay.MediaPlane;
import dev.camgate.recording.Recordings;
import dev.camgate.config.CameraConfig;
import dev.camgate.net.Transport;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

/** One running camgate: its cameras, rooms and listening port. Tests start it in-process on port 0. */
public final class Hub implements AutoCloseable {
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final CameraRegistry cameras;
    private final Rooms rooms;
    private final SignalingStats stats;
    private final HttpServer server;
    private final HttpServer metricsServer;
    private final Authenticator auth;
    private final AbuseGuard guard;
    private final Tls tls;
    private final LogLimit logs;
    private final MediaPlane media;
    private final Recordings recordings;

    private Hub(EventLoopGroup boss, EventLoopGroup workers, CameraRegistry cameras, Rooms rooms, SignalingStats stats,
                HttpServer server, HttpServer metricsServer, Authenticator auth, AbuseGuard guard, Tls tls, LogLimit logs,
                MediaPlane media, Recordings recordings) {
        this.logs = logs;
        this.recordings = recordings;
        this.media = media;
        this.metricsServer = metricsServer;
        this.auth = auth;
        this.guard = guard;
        this.tls = tls;
        this.boss = boss;
        this.workers = workers;
        this.cameras = cameras;
        this.rooms = rooms;
        this.stats = stats;
        this.server = server;
    }

    /**
     * Binds and returns once listening.
     *
     * @throws ConfigException when a camera's settings are wrong
     */
    public static Hub start(Config config) throws InterruptedException {
        return start(config, Clock.systemUTC());
    }

    /** With a clock of the caller's: tests move one by hand to expire sessions. */
    public static Hub start(Config config, Clock clock) throws InterruptedException {
        Transport transport = Transport.best();
        EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, transport.handlers());
        // One loop per core, not Netty's two: relaying never blocks, and a message whose two ends sit on
        // different loops costs a hand-off between threads (docs/benchmarks.md). Netty's own property still wins.
        int loops = Integer.getInteger("io.netty.eventLoopThreads", Runtime.getRuntime().availableProcessors());
        EventLoopGroup workers = new MultiThreadIoEventLoopGroup(loops, transport.handlers());
        // What clients and cameras can make camgate log goes through this, so they cannot fill the disk.
        LogLimit logs = new LogLimit(workers.next());
        MediaPlane media = null;
        Recordings recordings = null;
        try {
            CameraRegistry cameras;
            try {
                // Recordings made before stay watchable when no camera records any more.
                java.util.Set<String> recorded = new java.util.HashSet<>();
                java.util.Map<String, java.time.Duration> retention = new java.util.HashMap<>();
                for (CameraConfig c : config.cameras()) {
                    if (c.record()) {
                        recorded.add(c.id());
                    }
                    if (c.retention() != null) {
                        retention.put(c.id(), c.retention());
                    }
                }
                if (!recorded.isEmpty() || java.nio.file.Files.isDirectory(config.recordingDirectory())) {
                    recordings = Recordings.open(config.recordingDirectory(), config.recording(), retention);
                }
                // Only a hub that relays some camera opens a UDP port.
                if (config.cameras().stream().anyMatch(CameraConfig::relay)) {
                    media = MediaPlane.start(config, workers, config.port());
                    media.record(recordings, recorded);
                }
                cameras = CameraRegistry.create(config.cameras(), new CameraContext(config, workers, clock, logs),
                        media == null ? null : media::relay);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(e.getMessage());
            }
            Rooms rooms = new Rooms(cameras, config.adhocCameras(), clock);
            SignalingStats stats = new SignalingStats();
            Metrics metrics = new Metrics(stats, rooms, cameras);
            if (media != null) {
                metrics.mediaPort(media.mediaPort());
            }
            if (recordings != null) {
                metrics.recordings(recordings);
            }
            Authenticator auth;
            Tls tls = null;
            try {
                StateDir state = StateDir.open(config.stateDirectory());
                auth = Authenticator.create(config.auth(), state, clock);
                if (config.tls().enabled()) {
                    tls = Tls.load(config.tls(), state);
                }
            } catch (java.io.UncheckedIOException | IllegalArgumentException e) {
                throw new ConfigException(e.getMessage());
            }
            AbuseGuard guard = new AbuseGuard(config.limits(), workers.next());
            Gatekeeper gate = new Gatekeeper(rooms, config, stats, auth, guard, new AyameWebhooks(config.auth()),
                    new dev.camgate.ice.IceServers(config, clock), logs);
            HttpServer server = HttpServer.start(config, boss, workers, gate, cameras, metrics, tls == null ? null : tls.context(), recordings);
            HttpServer metricsServer = config.metricsPort() > 0 ? HttpServer.startMetrics(config, boss, workers, metrics, logs) : null;
            return new Hub(boss, workers, cameras, rooms, stats, server, metricsServer, auth, guard, tls, logs, media, recordings);
        } catch (RuntimeException | InterruptedException e) {
            if (media != null) {
                media.close();
            }
            if (recordings != null) {
                recordings.close();
            }
            logs.close();
            boss.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            workers.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw e;
        }
    }

    public int port() {
        return server.port();
    }

    public CameraRegistry cameras() {
        return cameras;
    }

    /** The token in the login URL; null when auth is off. */
    public String adminToken() {
        return auth.adminToken();
    }

    /** The certificate served, or null without TLS. */
    public Tls tls() {
        return tls;
    }

    /** The recordings on disk, or null when no camera records and none were made before. */
    public Recordings recordings() {
        return recordings;
    }

    /** The media plane (relayed cameras' UDP port), or null when no camera is relayed. */
    public MediaPlane media() {
        return media;
    }

    public Rooms rooms() {
        return rooms;
    }

    public SignalingStats stats() {
        return stats;
    }

    /** Sends bye to every session, stops listening, and waits (at most about 3 s) for the sockets to close. */
    @Override
    public void close() {
        stats.byeAll(Refusal.of(Refusal.Kind.ENDED, "camgate is shutting down"));
        cameras.closeAll();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (stats.liveConnections() > 0 && System.nanoTime() < end) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        server.close();
        if (media != null) {
            media.close();
        }
        if (recordings != null) {
            // After the relays are closed: each recorder finishes its file with what its queue still holds.
            recordings.close();
        }
        guard.close();
        auth.close();
        logs.close();
        if (metricsServer != null) {
            metricsServer.close();
        }
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        workers.shutdownGracefully(100, 2000, TimeUnit.MILLISECONDS).syncUninterruptibly();
    }
}
