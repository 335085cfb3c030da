package dev.camgate.http;

import dev.camgate.camera.CameraRegistry;
import dev.camgate.config.Config;
import dev.camgate.metrics.Metrics;
import dev.camgate.room.Rooms;
import dev.camgate.signaling.SignalingStats;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import java.net.InetSocketAddress;

/** The one listening port: pages, API and WebSocket signaling. */
public final class HttpServer {
    /** Requests are small (pages are GETs); a bigger body is refused by the aggregator. */
    private static final int MAX_REQUEST_BYTES = 64 * 1024;

    private final Channel channel;

    private HttpServer(Channel channel) {
        this.channel = channel;
    }

    public static HttpServer start(Config config, EventLoopGroup boss, EventLoopGroup workers, Rooms rooms,
                                   CameraRegistry cameras, SignalingStats stats, Metrics metrics) throws InterruptedException {
        Api api = new Api(cameras, config, metrics);
        HttpRouter.Shared shared = new HttpRouter.Shared(rooms, config, stats, new StaticFiles(), api);
        return bind(config, config.port(), boss, workers, new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(MAX_REQUEST_BYTES), new HttpRouter(shared));
            }
        });
    }

    /** A second listener that serves only /metrics (config metrics_port). */
    public static HttpServer startMetrics(Config config, EventLoopGroup boss, EventLoopGroup workers, Metrics metrics)
            throws InterruptedException {
        return bind(config, config.metricsPort(), boss, workers, new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(MAX_REQUEST_BYTES), new MetricsOnly(metrics));
            }
        });
    }

    private static HttpServer bind(Config config, int port, EventLoopGroup boss, EventLoopGroup workers,
                                   ChannelInitializer<SocketChannel> init) throws InterruptedException {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(boss, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                // A restarted camgate must get its port back while old connections sit in TIME_WAIT.
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(init);
        Channel ch = bootstrap.bind(new InetSocketAddress(config.listen(), port)).sync().channel();
        return new HttpServer(ch);
    }

    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    public void close() {
        channel.close().syncUninterruptibly();
    }
}
