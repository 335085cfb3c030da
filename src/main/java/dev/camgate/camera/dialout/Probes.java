package dev.camgate.camera.dialout;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import dev.camgate.net.Transport;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** Presence checks that cost the camera as little as possible. Each completes with null (reachable) or the reason. */
public final class Probes {
    private Probes() {
    }

    /** Opens and closes a TCP connection: enough for a single-session camera that must not see a second WebSocket. */
    public static CompletableFuture<String> tcp(EventLoopGroup loops, URI uri, Duration timeout) {
        CompletableFuture<String> result = new CompletableFuture<>();
        int port = uri.getPort() > 0 ? uri.getPort() : "wss".equals(uri.getScheme()) ? 443 : 80;
        new Bootstrap().group(loops).channel(Transport.of(loops).socket())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) timeout.toMillis())
                .handler(new ChannelInboundHandlerAdapter())
                .connect(uri.getHost(), port)
                .addListener((ChannelFutureListener) f -> {
                    if (f.isSuccess()) {
                        f.channel().close();
                        result.complete(null);
                    } else {
                        result.complete(UpstreamSocket.describe(f.cause(), timeout));
                    }
                });
        return result;
    }

    /** Opens a WebSocket and closes it at once: proves the signaling endpoint itself answers. */
    public static CompletableFuture<String> webSocket(EventLoopGroup loops, URI uri, Duration timeout) {
        CompletableFuture<String> result = new CompletableFuture<>();
        UpstreamSocket.connect(loops, uri, timeout, new UpstreamSocket.Listener() {
            @Override
            public void opened(UpstreamSocket socket) {
                socket.close();
                result.complete(null);
            }

            @Override
            public void failed(String why) {
                result.complete(why);
            }

            @Override
            public void text(String text) {
            }

            @Override
            public void closed(String why) {
            }
        });
        return result;
    }
}
