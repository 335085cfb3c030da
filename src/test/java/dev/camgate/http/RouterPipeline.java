package dev.camgate.http;

import dev.camgate.abuse.AbuseGuard;
import dev.camgate.auth.Authenticator;
import dev.camgate.auth.AyameWebhooks;
import dev.camgate.auth.StateDir;
import dev.camgate.camera.CameraContext;
import dev.camgate.camera.CameraRegistry;
import dev.camgate.config.Config;
import dev.camgate.ice.IceServers;
import dev.camgate.metrics.Metrics;
import dev.camgate.room.Rooms;
import dev.camgate.signaling.Gatekeeper;
import dev.camgate.signaling.SignalingStats;
import io.netty.channel.ChannelHandler;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The hub's HTTP pipeline without a socket, for tests that feed it bytes (an {@code EmbeddedChannel}): what
 * {@link HttpServer#start} builds per connection, from the same parts {@code Hub.start} makes. Password checks
 * run inline (on the caller's thread) so that everything a request causes happens before the test looks.
 */
public final class RouterPipeline {
    private final HttpRouter.Shared shared;

    public RouterPipeline(Config config, EventLoopGroup loops, ScheduledExecutorService timer) {
        Clock clock = Clock.systemUTC();
        dev.camgate.log.LogLimit logs = new dev.camgate.log.LogLimit(timer);
        CameraRegistry cameras = CameraRegistry.create(config.cameras(), new CameraContext(config, loops, clock, logs));
        Rooms rooms = new Rooms(cameras, config.adhocCameras(), clock);
        SignalingStats stats = new SignalingStats();
        Metrics metrics = new Metrics(stats, rooms, cameras);
        Authenticator auth = Authenticator.create(config.auth(), StateDir.open(config.stateDirectory()), clock);
        AbuseGuard guard = new AbuseGuard(config.limits(), timer);
        Gatekeeper gate = new Gatekeeper(rooms, config, stats, auth, guard, new AyameWebhooks(config.auth()), new IceServers(config, clock), logs);
        Callers callers = new Callers(auth, config.web(), false);
        Login login = new Login(auth, guard, config.web().basePath(), new Inline());
        shared = new HttpRouter.Shared(gate, new StaticFiles(), new Api(cameras, config, metrics, gate.ice(), null), callers, login,
                HostNames.of(config.web()), new LocalNetworks());
    }

    /** HttpServerCodec, HttpObjectAggregator (the hub's 64 KiB) and a fresh router, as in HttpServer for plain http. */
    public List<ChannelHandler> handlers() {
        return List.of(new HttpServerCodec(), new HttpObjectAggregator(64 * 1024), new HttpRouter(shared));
    }

    /** Runs each task at once, on the calling thread. */
    private static final class Inline extends AbstractExecutorService {
        @Override
        public void execute(Runnable command) {
            command.run();
        }

        @Override
        public void shutdown() {
        }

        @Override
        public List<Runnable> shutdownNow() {
            return List.of();
        }

        @Override
        public boolean isShutdown() {
            return false;
        }

        @Override
        public boolean isTerminated() {
            return false;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return true;
        }
    }
}
