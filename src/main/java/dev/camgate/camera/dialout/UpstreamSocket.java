package dev.camgate.camera.dialout;

import dev.camgate.net.LastWords;
import dev.camgate.net.Transport;
import dev.camgate.net.WriteBound;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * A WebSocket the hub opens to a camera (Momo p2p, UV4L). It reports, in words a person can act on,
 * why it could not open, and it opens within {@code timeout} or not at all.
 */
public final class UpstreamSocket {
    /** Signaling frames from cameras are small; anything bigger is not a camera talking. */
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(UpstreamSocket.class);
    private static final int MAX_FRAME = 1024 * 1024;

    /** Callbacks run on the socket's event loop. */
    public interface Listener {
        void opened(UpstreamSocket socket);

        void failed(String why);

        void text(String text);

        void closed(String why);
    }

    private final Channel channel;
    private volatile boolean open;

    private UpstreamSocket(Channel channel) {
        this.channel = channel;
    }

    public static void connect(EventLoopGroup loops, URI uri, Duration timeout, Listener listener) {
        boolean tls = "wss".equalsIgnoreCase(uri.getScheme());
        int port = uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80;
        SslContext ssl = null;
        if (tls) {
            try {
                ssl = SslContextBuilder.forClient().build();
            } catch (SSLException e) {
                listener.failed("TLS is not available: " + e.getMessage());
                return;
            }
        }
        SslContext sslContext = ssl;
        Outcome outcome = new Outcome(listener);
        WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(uri).version(WebSocketVersion.V13).allowExtensions(false)
                .customHeaders(new DefaultHttpHeaders()).maxFramePayloadLength(MAX_FRAME)
                .handshakeTimeoutMillis(timeout.toMillis()).dropPongFrames(true).build();
        Bootstrap bootstrap = new Bootstrap().group(loops).channel(Transport.of(loops).socket())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) timeout.toMillis())
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        // Here, on the channel's own loop and before it connects: set after connect() returned,
                        // a fast handshake could find no socket, and the viewer would never hear back.
                        outcome.socket = new UpstreamSocket(ch);
                        // A camera that stops reading is not read either, and dropped past the bound.
                        ch.pipeline().addLast(new WriteBound(c -> LOG.debug("camera at {} is not reading: dropping the link", uri)));
                        if (sslContext != null) {
                            ch.pipeline().addLast(sslContext.newHandler(ch.alloc(), uri.getHost(), port));
                        }
                        ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(64 * 1024),
                                new WebSocketClientProtocolHandler(config), new Frames(outcome));
                    }
                });
        ChannelFuture connecting = bootstrap.connect(uri.getHost(), port);
        Channel ch = connecting.channel();
        connecting.addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                outcome.fail(describe(f.cause(), timeout));
            }
        });
        // One bound for connect and handshake together.
        ch.eventLoop().schedule(() -> {
            if (outcome.socket == null || !outcome.socket.open) {
                outcome.fail("no answer within " + timeout.toSeconds() + " s");
                ch.close();
            }
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean isOpen() {
        return open && channel.isActive();
    }

    public void send(String json) {
        if (channel.isActive()) {
            channel.writeAndFlush(new TextWebSocketFrame(json), channel.voidPromise());
        }
    }

    /** Closes politely (close frame 1000), then the TCP connection. */
    public void close() {
        if (channel.isActive()) {
            LastWords.thenClose(channel, new CloseWebSocketFrame(1000, ""));
            channel.eventLoop().schedule(() -> {
                channel.close();
            }, 2, TimeUnit.SECONDS);
        }
    }

    static String describe(Throwable cause, Duration timeout) {
        if (cause instanceof ConnectException c && c.getMessage() != null && c.getMessage().contains("refused")) {
            return "connection refused (is the camera's signaling server running?)";
        }
        if (cause instanceof io.netty.channel.ConnectTimeoutException) {
            return "no answer within " + timeout.toSeconds() + " s";
        }
        if (cause instanceof UnknownHostException) {
            return "host name not found";
        }
        if (cause instanceof WebSocketClientHandshakeException h) {
            return "not a WebSocket endpoint (" + h.getMessage() + ")";
        }
        if (cause instanceof ClosedChannelException) {
            return "the connection closed";
        }
        String msg = cause.getMessage();
        return msg == null ? cause.getClass().getSimpleName() : msg;
    }

    /** Exactly one of opened/failed is reported; closed only after opened. */
    private static final class Outcome {
        final Listener listener;
        volatile UpstreamSocket socket;
        boolean decided;

        Outcome(Listener listener) {
            this.listener = listener;
        }

        void open() {
            if (!decided) {
                decided = true;
                socket.open = true;
                listener.opened(socket);
            }
        }

        void fail(String why) {
            if (!decided) {
                decided = true;
                listener.failed(why);
            }
        }
    }

    private static final class Frames extends SimpleChannelInboundHandler<WebSocketFrame> {
        private final Outcome outcome;

        Frames(Outcome outcome) {
            this.outcome = outcome;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                outcome.open();
            } else if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
                outcome.fail("the camera accepted the connection but did not complete the WebSocket handshake");
            }
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
            if (frame instanceof TextWebSocketFrame text && outcome.socket.open) {
                outcome.listener.text(text.text());
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (outcome.socket.open) {
                outcome.socket.open = false;
                outcome.listener.closed("the camera closed the connection");
            } else {
                outcome.fail("the connection closed during the WebSocket handshake");
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            outcome.fail(describe(cause, Duration.ZERO));
            ctx.close();
        }
    }
}
