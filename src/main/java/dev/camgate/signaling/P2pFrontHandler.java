package dev.camgate.signaling;

import dev.camgate.protocol.Admission;
import dev.camgate.protocol.Inbound;
import dev.camgate.protocol.Peer;
import dev.camgate.protocol.ProtocolException;
import dev.camgate.protocol.Refusal;
import dev.camgate.protocol.Route;
import dev.camgate.protocol.MessageParser;
import dev.camgate.net.LastWords;
import dev.camgate.auth.AyameWebhooks;
import dev.camgate.auth.Principal;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import dev.camgate.log.LogLimit;
import dev.camgate.log.LogText;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * camgate speaking Momo's p2p protocol to a browser (/ws, and / as the blog's page uses; docs/protocol.md
 * §U5): the page sends offer / candidate / close with no register, and gets answer / candidate back,
 * exactly as if camgate were Momo. Behind it the browser is an ordinary viewer of one camera, let in by the
 * same {@link Admissions} as an Ayame viewer on /signaling (each call is one admission). States: IDLE (no
 * call) → JOINING (the camera is being reached; the page's messages wait) → IN_CALL → IDLE again after "close".
 */
public final class P2pFrontHandler extends SimpleChannelInboundHandler<WebSocketFrame> implements Peer {
    private static final Logger LOG = LoggerFactory.getLogger(P2pFrontHandler.class);
    private static final byte[] CLOSE = "{\"type\":\"close\"}".getBytes(StandardCharsets.UTF_8);
    private static final int MAX_WAITING = 200;

    enum State { IDLE, JOINING, IN_CALL, CLOSED }

    private final Supplier<String> camera;
    private final Gatekeeper gate;
    private final Admissions admissions;
    private final InetAddress address;
    /** What the upgrade proved: a page sends no credentials of its own. */
    private final Principal principal;
    private final SignalingStats stats;
    private final LogLimit logs;
    private final Duration pingInterval;
    private final Duration pongTimeout;
    private long lastHeardNanos;
    private ScheduledFuture<?> pinger;
    private final String connectionId = ConnectionIds.next(System.currentTimeMillis());
    private final List<Inbound.Relay> waiting = new ArrayList<>();
    private Channel channel;
    private State state = State.IDLE;
    private Route route;
    /** The admission under way, if any: one that is no longer this is an old call's and is dropped. */
    private Call call;
    /** What the last call asked for, for the disconnect webhook. */
    private Inbound.Register asked;

    /**
     * Keep-alive uses WebSocket pings every {@code ping_interval} (Momo's pages know no JSON ping; browsers
     * answer WebSocket pings by themselves); a page not heard from for {@code pong_timeout} is gone.
     *
     * @param address   the client's address after trusted proxies, for per-address limits
     * @param principal what the upgrade request proved
     * @param camera    names the camera at the moment of each call (it may come and go), or null if none
     */
    public P2pFrontHandler(Gatekeeper gate, InetAddress address, Principal principal, Supplier<String> camera) {
        this.gate = gate;
        this.admissions = Admissions.of(gate);
        this.address = address;
        this.principal = principal;
        this.camera = camera;
        this.logs = gate.logs();
        this.stats = gate.stats();
        this.pingInterval = gate.config().pingInterval();
        this.pongTimeout = gate.config().pongTimeout();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        stats.opened(this);
        stats.p2pPages.incrementAndGet();
        lastHeardNanos = System.nanoTime();
        long every = pingInterval.toNanos();
        pinger = ctx.executor().scheduleAtFixedRate(this::keepAlive, every, every, TimeUnit.NANOSECONDS);
    }

    private void keepAlive() {
        if (state == State.CLOSED) {
            return;
        }
        if (System.nanoTime() - lastHeardNanos > pongTimeout.toNanos()) {
            endCall("the page answered no ping for " + pongTimeout.toSeconds() + " s");
            return;
        }
        channel.writeAndFlush(new PingWebSocketFrame(), channel.voidPromise());
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        lastHeardNanos = System.nanoTime(); // any frame shows the page is there, not only a pong
        if (frame instanceof PingWebSocketFrame) {
            ctx.writeAndFlush(new PongWebSocketFrame(frame.content().retain()));
        } else if (frame instanceof CloseWebSocketFrame) {
            LastWords.thenClose(ctx.channel(), new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE));
        } else if (frame instanceof TextWebSocketFrame) {
            FlushBatch.current().begin();
            onText(ByteBufUtil.getBytes(frame.content()));
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        FlushBatch.current().end();
        ctx.fireChannelReadComplete();
    }

    private void onText(byte[] text) {
        Inbound message;
        try {
            message = MessageParser.parse(text);
        } catch (ProtocolException e) {
            // Momo ignores what it does not understand; so does camgate here, but never passes it on.
            LOG.debug("{}: ignoring a message from a p2p page: '{}'", connectionId, e.getMessage());
            return;
        }
        switch (message) {
            case Inbound.Relay relay -> relay(relay);
            case Inbound.Bye bye -> hangUp();
            default -> { }
        }
    }

    private void relay(Inbound.Relay message) {
        switch (state) {
            case IDLE -> {
                waiting.add(message);
                join();
            }
            case JOINING -> {
                if (waiting.size() < MAX_WAITING) {
                    waiting.add(message);
                }
            }
            case IN_CALL -> forward(message);
            case CLOSED -> { }
        }
    }

    private void join() {
        String id = camera.get();
        if (id == null) {
            endCall("no camera to connect to: add one to the config, or name it with ?camera=ID");
            return;
        }
        state = State.JOINING;
        call = new Call();
        asked = Admissions.viewerOf(id);
        admissions.admit(new Admissions.Ask(this, address, principal, asked), Admissions.Loop.of(channel), call);
    }

    /** One call's admission, as the page hears it: the queued messages go on, or the page is told close. */
    private final class Call implements Admissions.Outcome {
        @Override
        public boolean waiting() {
            return call == this && state == State.JOINING;
        }

        @Override
        public void admitted(Admission.Admitted a, Principal who, AyameWebhooks.Decision webhook) {
            // Momo's page gets no accept, so nothing here for ICE servers or authzMetadata.
            call = null;
            route = a.route();
            state = State.IN_CALL;
            List<Inbound.Relay> queued = new ArrayList<>(waiting);
            waiting.clear();
            queued.forEach(P2pFrontHandler.this::forward);
        }

        @Override
        public void refused(Refusal refusal) {
            endCall(refusal.reason());
        }
    }

    private void forward(Inbound.Relay message) {
        try {
            route.relay(message);
        } catch (ProtocolException e) {
            endCall(e.getMessage());
        }
    }

    /** The page hung up: the call ends, the socket stays for the next call (as with Momo). */
    private void hangUp() {
        Route r = route;
        route = null;
        call = null;
        waiting.clear();
        if (state != State.CLOSED) {
            state = State.IDLE;
        }
        if (r != null) {
            r.left();
        }
    }

    /** The call cannot go on: tell the page as Momo's page understands it (close), then close the socket. */
    private void endCall(String why) {
        // A page that keeps offering to a refusing camera would otherwise write a line per attempt.
        String source = channel.remoteAddress() instanceof java.net.InetSocketAddress a ? a.getAddress().getHostAddress() : "?";
        logs.info(LOG, source, "p2p call ended", "p2p page {} from {}: {}", connectionId, source, LogText.quote(why));
        hangUp();
        state = State.CLOSED;
        channel.write(new TextWebSocketFrame(Unpooled.wrappedBuffer(CLOSE)), channel.voidPromise());
        String text = why.length() > 120 ? why.substring(0, 120) : why;
        LastWords.thenClose(channel, new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE.code(), text));
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (pinger != null) {
            pinger.cancel(false);
        }
        stats.closed(this);
        stats.p2pPages.decrementAndGet();
        state = State.CLOSED;
        hangUp();
        Inbound.Register r = asked;
        gate.webhooks().disconnected(r == null ? null : r.roomId(), null, connectionId);
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("{}: {}", connectionId, dev.camgate.log.Faults.describe(cause));
        ctx.close();
    }

    // ---- Peer ----

    @Override
    public String connectionId() {
        return connectionId;
    }

    @Override
    public String remote() {
        return Peer.describe(channel == null ? null : channel.remoteAddress());
    }

    @Override
    public void send(byte[] json) {
        FlushBatch.sendText(channel, json);
    }

    @Override
    public void bye() {
        bye(Refusal.of(Refusal.Kind.ENDED, "the camera ended the call"));
    }

    @Override
    public void bye(Refusal reason) {
        channel.eventLoop().execute(() -> {
            route = null;
            if (state != State.CLOSED) {
                endCall(reason.reason());
            }
        });
    }

    @Override
    public void fail(String reason) {
        channel.eventLoop().execute(() -> endCall(reason));
    }
}
