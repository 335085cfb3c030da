package dev.camgate.http;

import dev.camgate.camera.CameraRegistry;
import dev.camgate.config.Config;
import dev.camgate.metrics.Metrics;
import dev.camgate.log.LogLimit;
import dev.camgate.net.Transport;
import dev.camgate.net.WriteBound;
import dev.camgate.signaling.Gatekeeper;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.OptionalSslHandler;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** The one listening port: pages, API and WebSocket signaling. */
public final class HttpServer {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(HttpServer.class);
    /** Requests are small (pages are GETs); a bigger body is refused by the aggregator. */
    private static final int MAX_REQUEST_BYTES = 64 * 1024;

    private final Channel channel;
    private final ExecutorService passwordChecks;

    private HttpServer(Channel channel, ExecutorService passwordChecks) {
        this.channel = channel;
        this.passwordChecks = passwordChecks;
    }

    /** @param ssl null for plain http/ws */
    public static HttpServer start(Config config, EventLoopGroup boss, EventLoopGroup workers, Gatekeeper gate,
                                   CameraRegistry cameras, Metrics metrics, SslContext ssl, dev.camgate.recording.Recordings recordings)
            throws InterruptedException {
        Api api = new Api(cameras, config, metrics, gate.ice(), recordings);
        Callers callers = new Callers(gate.auth(), config.web(), ssl != null);
        // One thread, a short queue: a flood of password guesses waits or is refused, and never slows signaling.
        ExecutorService passwordChecks = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(32),
                r -> {
                    Thread t = new Thread(r, "camgate-password-check");
                    t.setDaemon(true);
                    return t;
                });
        Login login = new Login(gate.auth(), gate.guard(), config.web().basePath(), passwordChecks);
        HttpRouter.Shared shared = new HttpRouter.Shared(gate, new StaticFiles(), api, callers, login,
                HostNames.of(config.web()), new LocalNetworks());
        OpenConnections all = new OpenConnections(config.limits().maxConnections());
        Channel ch = bind(config, config.port(), boss, workers, new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                ch.pipeline().addLast(new WriteBound(c -> notReading(gate.logs(), c)),
                        new ConnectionLimit(all, gate.guard(), callers, ssl == null),
                        new RequestDeadline(config.limits().requestTimeout(), config.limits().idleTimeout()));
                if (ssl != null) {
                    ch.pipeline().addLast(new OptionalSslHandler(ssl) {
                        @Override
                        protected io.netty.channel.ChannelHandler newNonSslHandler(io.netty.channel.ChannelHandlerContext ctx) {
                            // Someone typed http:// for an https hub: the router sends them to https.
                            ctx.channel().attr(HttpRouter.PLAIN_ON_TLS_PORT).set(Boolean.TRUE);
                            return null;
                        }
                    });
                }
                ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(MAX_REQUEST_BYTES), new HttpRouter(shared));
                ch.pipeline().addLast(new ClientFaults(gate.logs()));
            }
        });
        return new HttpServer(ch, passwordChecks);
    }

    /** A second listener that serves only /metrics (config metrics_port). */
    public static HttpServer startMetrics(Config config, EventLoopGroup boss, EventLoopGroup workers, Metrics metrics, LogLimit logs)
            throws InterruptedException {
        return new HttpServer(bind(config, config.metricsPort(), boss, workers, new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                ch.pipeline().addLast(new WriteBound(c -> notReading(logs, c)),
                        new RequestDeadline(config.limits().requestTimeout(), config.limits().idleTimeout()),
                        new HttpServerCodec(), new HttpObjectAggregator(MAX_REQUEST_BYTES), new MetricsOnly(metrics),
                        new ClientFaults(logs));
            }
        }), null);
    }

    private static Channel bind(Config config, int port, EventLoopGroup boss, EventLoopGroup workers,
                                   ChannelInitializer<SocketChannel> init) throws InterruptedException {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(boss, workers)
                .channel(Transport.of(boss).serverSocket())
                .option(ChannelOption.SO_BACKLOG, 1024)
                // A restarted camgate must get its port back while old connections sit in TIME_WAIT.
                .option(ChannelOption.SO_REUSEADDR, true)
                .handler(new AcceptErrors(port))
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(init);
        return bootstrap.bind(new InetSocketAddress(config.listen(), port)).sync().channel();
    }

    private static void notReading(LogLimit logs, Channel ch) {
        String source = ClientFaults.source(ch.remoteAddress());
        logs.info(LOG, source, "not reading", "{} is not reading what it is sent (over {} MiB unsent): dropping the connection",
                source, WriteBound.MAX_UNSENT_BYTES >> 20);
    }

    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    public void close() {
        channel.close().syncUninterruptibly();
        if (passwordChecks != null) {
            passwordChecks.shutdownNow();
        }
    }
}
