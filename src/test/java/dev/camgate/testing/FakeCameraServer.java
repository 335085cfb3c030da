package dev.camgate.testing;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A camera's signaling server on loopback (Momo p2p at /ws, UV4L at /stream/webrtc) for tests: it records every
 * text message per connection, lets the test answer, and checks each message with a validator so a test can
 * assert that nothing malformed ever reached the camera.
 */
public final class FakeCameraServer implements AutoCloseable {
    /** One WebSocket the hub opened to this camera. */
    public static final class Conn {
        public final BlockingQueue<String> received = new LinkedBlockingQueue<>();
        final Channel channel;
        volatile boolean closed;
        volatile boolean upgraded;

        Conn(Channel channel) {
            this.channel = channel;
        }

        public void send(String text) {
            channel.writeAndFlush(new TextWebSocketFrame(text));
        }

        public String next() {
            try {
                String m = received.poll(10, TimeUnit.SECONDS);
                if (m == null) {
                    throw new AssertionError("the camera received nothing within 10 s");
                }
                return m;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }

        public void expectNothing(Duration quiet) {
            try {
                String m = received.poll(quiet.toMillis(), TimeUnit.MILLISECONDS);
                if (m != null) {
                    throw new AssertionError("the camera should have received nothing yet, got " + m);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        public boolean isClosed() {
            return closed;
        }

        /** Ends the connection from the camera's side, as a crashing or restarting camera would. */
        public void drop() {
            channel.close();
        }
    }

    public final BlockingQueue<Conn> connections = new LinkedBlockingQueue<>();
    public final List<String> violations = new CopyOnWriteArrayList<>();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger handshakes = new AtomicInteger();
    private final AtomicInteger accepted = new AtomicInteger();
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel server;

    private FakeCameraServer(String path, Function<String, String> validator, int port) {
        ServerBootstrap b = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        accepted.incrementAndGet();
                        Conn conn = new Conn(ch);
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 20),
                                new WebSocketServerProtocolHandler(path, null, false, 1 << 20),
                                new SimpleChannelInboundHandler<TextWebSocketFrame>() {
                                    @Override
                                    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                                        if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
                                            conn.upgraded = true;
                                            handshakes.incrementAndGet();
                                            open.incrementAndGet();
                                            connections.add(conn);
                                        }
                                    }

                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
                                        String text = frame.text();
                                        String problem = validator.apply(text);
                                        if (problem != null) {
                                            violations.add(problem + ": " + text);
                                        }
                                        conn.received.add(text);
                                    }

                                    @Override
                                    public void channelInactive(ChannelHandlerContext ctx) {
                                        if (!conn.closed) {
                                            conn.closed = true;
                                            if (conn.upgraded) {
                                                open.decrementAndGet();
                                            }
                                        }
                                    }
                                });
                    }
                });
        server = b.bind(new InetSocketAddress("127.0.0.1", port)).syncUninterruptibly().channel();
    }

    public static FakeCameraServer start(String path, Function<String, String> validator) {
        return new FakeCameraServer(path, validator, 0);
    }

    /** Starts again on a given port, e.g. to bring a "crashed" camera back at the same address. */
    public static FakeCameraServer startOn(int port, String path, Function<String, String> validator) {
        return new FakeCameraServer(path, validator, port);
    }

    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    public Conn nextConnection() {
        try {
            Conn c = connections.poll(10, TimeUnit.SECONDS);
            if (c == null) {
                throw new AssertionError("the hub did not dial the camera within 10 s");
            }
            return c;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** WebSockets open right now (presence probes come and go too). */
    public int openConnections() {
        return open.get();
    }

    /** TCP connections since start, whether or not they became WebSockets: every time the hub dialled. */
    public int accepted() {
        return accepted.get();
    }

    /** WebSocket handshakes since start. */
    public int handshakes() {
        return handshakes.get();
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
