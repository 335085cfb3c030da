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
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * One benchmark WebSocket peer: joins as its protocol says, keeps itself alive, sends stamped messages to
 * the other side of its pair and hands the stamp of every one it receives to a callback.
 */
final class BenchClient {
    /** Like the PeerJS client's heartbeat. */
    static final int HEARTBEAT_SECONDS = 5;
    /** Padding for every message; the largest --size. */
    private static final byte[] FILL = new byte[1 << 20];
    /** Send times are counted from here, so they are never negative and fit the 20 digits. */
    private static final long ORIGIN = System.nanoTime();

    static {
        Arrays.fill(FILL, (byte) 'x');
    }

    final Channel channel;
    final CompletableFuture<String> accepted = new CompletableFuture<>();
    /** When the peer asked to join and when it was let in (System.nanoTime), for register → accept latency. */
    volatile long registerSentNanos;
    volatile long acceptedNanos;
    /** Gets the send time ({@link #now()}) of every bench message relayed to this peer. */
    volatile LongConsumer onMessage = stamp -> { };
    /** Runs when a read from the socket has been handed out, message by message, to {@link #onMessage}. */
    volatile Runnable onReadDone = () -> { };
    private final byte[] head;
    private final byte[] tail;

    private BenchClient(Channel channel, byte[] head, byte[] tail) {
        this.channel = channel;
        this.head = head;
        this.tail = tail;
    }

    /**
     * @param side   0 or 1: which peer of the room's pair
     * @param key    Ayame's signalingKey (a token with the publish right when auth is on) or PeerJS's key; or null
     * @param token  PeerJS's per-peer secret (Ayame has none)
     * @param source local address to connect from (127.0.0.0/8 offers millions of ports), or null
     */
    static CompletableFuture<BenchClient> connect(EventLoopGroup group, BenchProtocol protocol, URI url, String room, int side,
                                                  String key, String token, InetAddress source) {
        URI uri = protocol.uri(url, room, side, key, token);
        String register = protocol.register(room, key);
        CompletableFuture<BenchClient> ready = new CompletableFuture<>();
        BenchClient[] self = new BenchClient[1];
        Bootstrap b = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        // Before any event can arrive: the handshake may complete before connect's listener runs.
                        self[0] = new BenchClient(ch, protocol.head(room, side), protocol.tail());
                        ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(1 << 16),
                                // No UTF-8 check of every received frame: the servers are trusted here, and the
                                // check would cost the client a pass over each message.
                                new WebSocketClientProtocolHandler(WebSocketClientProtocolConfig.newBuilder()
                                        .webSocketUri(uri).maxFramePayloadLength(2 << 20).withUTF8Validator(false).build()),
                                new SimpleChannelInboundHandler<WebSocketFrame>() {
                                    @Override
                                    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                                        // Where the upgrade request itself registers (PeerJS), joining starts when it goes out.
                                        if (evt == ClientHandshakeStateEvent.HANDSHAKE_ISSUED && register == null) {
                                            self[0].registerSentNanos = System.nanoTime();
                                        } else if (evt == ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                                            self[0].keepAlive(protocol.heartbeat());
                                            if (register != null) {
                                                self[0].registerSentNanos = System.nanoTime();
                                                ctx.writeAndFlush(new TextWebSocketFrame(register));
                                            }
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
                                            Boolean in = protocol.accepted(text);
                                            if (in == Boolean.TRUE) {
                                                self[0].acceptedNanos = System.nanoTime();
                                                self[0].accepted.complete(text);
                                            } else if (in == Boolean.FALSE) {
                                                self[0].accepted.completeExceptionally(new IllegalStateException(text));
                                            }
                                            return;
                                        }
                                        byte[] answer = protocol.answer(content);
                                        if (answer != null) {
                                            ctx.writeAndFlush(new TextWebSocketFrame(Unpooled.wrappedBuffer(answer)), ctx.voidPromise());
                                            return;
                                        }
                                        long stamp = stamp(content);
                                        if (stamp >= 0) {
                                            self[0].onMessage.accept(stamp);
                                        }
                                    }

                                    @Override
                                    public void channelReadComplete(ChannelHandlerContext ctx) {
                                        self[0].onReadDone.run();
                                    }

                                    @Override
                                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                        self[0].accepted.completeExceptionally(cause);
                                        ctx.close();
                                    }
                                });
                    }
                });
        InetSocketAddress remote = new InetSocketAddress(uri.getHost(), uri.getPort());
        (source == null ? b.connect(remote) : b.connect(remote, new InetSocketAddress(source, 0))).addListener(f -> {
            if (!f.isSuccess()) {
                ready.completeExceptionally(f.cause());
                return;
            }
            ready.complete(self[0]);
        });
        return ready;
    }

    /** The clock that message stamps use. */
    static long now() {
        return System.nanoTime() - ORIGIN;
    }

    /**
     * Sends one message of {@code size} bytes stamped {@code stamp}. Called on the channel's event loop, it is
     * a direct write; from any other thread Netty hands it over as a task.
     */
    void send(int size, long stamp) {
        write(size, stamp);
        channel.flush();
    }

    /** Queues a message as {@link #send} does, for a later {@link #flush}. */
    void write(int size, long stamp) {
        ByteBuf buf = channel.alloc().buffer(size);
        buf.writeBytes(head);
        int at = buf.writerIndex();
        buf.writerIndex(at + BenchProtocol.STAMP_DIGITS);
        for (int i = at + BenchProtocol.STAMP_DIGITS - 1; i >= at; i--, stamp /= 10) {
            buf.setByte(i, '0' + (int) (stamp % 10));
        }
        buf.writeBytes(FILL, 0, size - buf.writerIndex() - tail.length);
        buf.writeBytes(tail);
        channel.write(new TextWebSocketFrame(buf), channel.voidPromise());
    }

    void flush() {
        channel.flush();
    }

    /** The send time in a bench message, or -1 if the frame is not one. Reads bytes: no String per message. */
    static long stamp(ByteBuf buf) {
        byte[] marker = BenchProtocol.MARKER;
        int end = buf.writerIndex() - marker.length - BenchProtocol.STAMP_DIGITS;
        search:
        for (int i = buf.readerIndex(); i <= end; i++) {
            for (int j = 0; j < marker.length; j++) {
                if (buf.getByte(i + j) != marker[j]) {
                    continue search;
                }
            }
            long stamp = 0;
            for (int k = i + marker.length, last = k + BenchProtocol.STAMP_DIGITS; k < last; k++) {
                int digit = buf.getByte(k) - '0';
                if (digit < 0 || digit > 9) {
                    return -1;
                }
                stamp = stamp * 10 + digit;
            }
            return stamp;
        }
        return -1;
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

    private void keepAlive(byte[] heartbeat) {
        if (heartbeat == null) {
            return;
        }
        var task = channel.eventLoop().scheduleAtFixedRate(
                () -> channel.writeAndFlush(new TextWebSocketFrame(Unpooled.wrappedBuffer(heartbeat)), channel.voidPromise()),
                HEARTBEAT_SECONDS, HEARTBEAT_SECONDS, TimeUnit.SECONDS);
        channel.closeFuture().addListener(f -> task.cancel(false));
    }
}
