package dev.camgate.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** One benchmark WebSocket connection: registers in a room, answers pings, hands every other message to a callback. */
final class BenchClient {
    private static final byte[] PING = "{\"type\":\"ping\"}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] PONG = "{\"type\":\"pong\"}".getBytes(StandardCharsets.UTF_8);

    final Channel channel;
    final CompletableFuture<String> accepted = new CompletableFuture<>();
    /** When register went out and when accept came back (System.nanoTime), for register → accept latency. */
    volatile long registerSentNanos;
    volatile long acceptedNanos;
    volatile Consumer<ByteBuf> onMessage = b -> { };

    private BenchClient(Channel channel) {
        this.channel = channel;
    }

    /** @param key sent as the register's signalingKey (a token with the publish right when auth is on), or null */
    static CompletableFuture<BenchClient> connect(EventLoopGroup group, URI uri, String roomId, String key) {
        return connect(group, uri, roomId, key, null);
    }

    /** @param source local address to connect from (127.0.0.0/8 offers millions of ports), or null */
    static CompletableFuture<BenchClient> connect(EventLoopGroup group, URI uri, String roomId, String key,
                                                  java.net.InetAddress source) {
        String register = "{\"type\":\"register\",\"roomId\":\"" + roomId + "\""
                + (key == null ? "" : ",\"signalingKey\":\"" + key.replace("\\", "").replace("\"", "") + "\"") + "}";
        CompletableFuture<BenchClient> ready = new CompletableFuture<>();
        BenchClient[] self = new BenchClient[1];
        Bootstrap b = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        // Before any event can arrive: the handshake may complete before connect's listener runs.
                        self[0] = new BenchClient(ch);
                        ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(1 << 16),
                                new WebSocketClientProtocolHandler(WebSocketClientHandshakerFactory.newHandshaker(
                                        uri, WebSocketVersion.V13, null, false, new DefaultHttpHeaders(), 2 << 20)),
                                new SimpleChannelInboundHandler<WebSocketFrame>() {
                                    @Override
                                    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                                        if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                                            self[0].registerSentNanos = System.nanoTime();
                                            ctx.writeAndFlush(new TextWebSocketFrame(register));
                                        }
                                    }

                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
                                        if (!(frame instanceof TextWebSocketFrame)) {
                                            return;
                                        }
                                        ByteBuf content = frame.content();
                                        if (!self[0].accepted.isDone()) {
                                            String text = content.toString(StandardCharsets.UTF_8);
                                            if (text.contains("\"accept\"")) {
                                                self[0].acceptedNanos = System.nanoTime();
                                                self[0].accepted.complete(text);
                                            } else if (text.contains("\"reject\"")) {
                                                self[0].accepted.completeExceptionally(new IllegalStateException(text));
                                            }
                                            return;
                                        }
                                        if (BenchClient.sameBytes(content, PING)) {
                                            ctx.writeAndFlush(new TextWebSocketFrame(Unpooled.wrappedBuffer(PONG)));
                                            return;
                                        }
                                        self[0].onMessage.accept(content);
                                    }

                                    @Override
                                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                        self[0].accepted.completeExceptionally(cause);
                                        ctx.close();
                                    }
                                });
                    }
                });
        java.net.InetSocketAddress remote = new java.net.InetSocketAddress(uri.getHost(), uri.getPort());
        (source == null ? b.connect(remote) : b.connect(remote, new java.net.InetSocketAddress(source, 0))).addListener(f -> {
            if (!f.isSuccess()) {
                ready.completeExceptionally(f.cause());
                return;
            }
            ready.complete(self[0]);
        });
        return ready;
    }

    static boolean sameBytes(ByteBuf buf, byte[] bytes) {
        if (buf.readableBytes() != bytes.length) {
            return false;
        }
        for (int i = 0; i < bytes.length; i++) {
            if (buf.getByte(buf.readerIndex() + i) != bytes[i]) {
                return false;
            }
        }
        return true;
    }

    void send(ByteBuf message) {
        channel.writeAndFlush(new TextWebSocketFrame(message), channel.voidPromise());
    }
}
