package dev.camgate;

import dev.camgate.camera.CameraContext;
import dev.camgate.camera.CameraRegistry;
import dev.camgate.config.Config;
import dev.camgate.config.ConfigException;
import dev.camgate.http.HttpServer;
import dev.camgate.metrics.Metrics;
import dev.camgate.room.Rooms;
import dev.camgate.signaling.SignalingStats;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
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

    private Hub(EventLoopGroup boss, EventLoopGroup workers, CameraRegistry cameras, Rooms rooms, SignalingStats stats,
                HttpServer server, HttpServer metricsServer) {
        this.metricsServer = metricsServer;
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
        EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        EventLoopGroup workers = new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory());
        try {
            Clock clock = Clock.systemUTC();
            CameraRegistry cameras;
            try {
                cameras = CameraRegistry.create(config.cameras(), new CameraContext(config, workers, clock));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(e.getMessage());
            }
            Rooms rooms = new Rooms(cameras, config.adhocCameras(), clock);
            SignalingStats stats = new SignalingStats();
            Metrics metrics = new Metrics(stats, rooms, cameras);
            HttpServer server = HttpServer.start(config, boss, workers, rooms, cameras, stats, metrics);
            HttpServer metricsServer = config.metricsPort() > 0 ? HttpServer.startMetrics(config, boss, workers, metrics) : null;
            return new Hub(boss, workers, cameras, rooms, stats, server, metricsServer);
        } catch (RuntimeException | InterruptedException e) {
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

    public Rooms rooms() {
        return rooms;
    }

    public SignalingStats stats() {
        return stats;
    }

    /** Sends bye to every session, stops listening, and waits (at most about 3 s) for the sockets to close. */
    @Override
    public void close() {
        stats.byeAll("camgate is shutting down");
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
        if (metricsServer != null) {
            metricsServer.close();
        }
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        workers.shutdownGracefully(100, 2000, TimeUnit.MILLISECONDS).syncUninterruptibly();
    }
}
