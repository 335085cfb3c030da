package dev.camgate.signaling;

import dev.camgate.protocol.Admission;
import dev.camgate.protocol.Inbound;
import dev.camgate.protocol.Outbound;
import dev.camgate.protocol.Peer;
import dev.camgate.protocol.ProtocolException;
import dev.camgate.protocol.Refusal;
import dev.camgate.protocol.Route;
import dev.camgate.protocol.MessageParser;
import dev.camgate.net.LastWords;
import dev.camgate.auth.AyameWebhooks;
import dev.camgate.auth.Principal;
import dev.camgate.auth.Right;
import dev.camgate.config.Config;
import dev.camgate.config.Durations;
import dev.camgate.config.IceServer;
import dev.camgate.room.Rooms;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Ayame signaling connection. State machine: OPEN (only register, pong, ping allowed) → REGISTERED
 * (relaying) → CLOSING (everything ignored while the close frame goes out). All methods run on the
 * channel's event loop; other threads reach the client only through {@link Peer}.
 */
public final class SignalingHandler extends SimpleChannelInboundHandler<WebSocketFrame> implements Peer {
    private static final Logger LOG = LoggerFactory.getLogger(SignalingHandler.class);
    enum State { OPEN, REGISTERING, REGISTERED, CLOSING }

    private final Rooms rooms;
    private final Config config;
    private final SignalingStats stats;
    private final Gatekeeper gate;
    private final Admissions admissions;
    private final InetAddress address;
    /** What the WebSocket upgrade proved (session cookie or Bearer header). */
    private final Principal upgradePrincipal;
    private final String connectionId;
    private Inbound.Register registered;
    private Channel channel;
    private volatile State state = State.OPEN;
    private Route route;
    private boolean standalone;
    private long lastPongNanos;
    private ScheduledFuture<?> pinger;
    private ScheduledFuture<?> registerTimer;

    /**
     * @param address   the client's address after trusted proxies, for per-address limits
     * @param principal what the upgrade request proved, {@link Principal#NOBODY} if nothing
     */
    public SignalingHandler(Gatekeeper gate, InetAddress address, Principal principal) {
        this.gate = gate;
        this.admissions = Admissions.of(gate);
        this.rooms = gate.rooms();
        this.config = gate.config();
        this.stats = gate.stats();
        this.address = address;
        this.upgradePrincipal = principal;
        this.connectionId = ConnectionIds.next(System.currentTimeMillis());
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        stats.open.incrementAndGet();
        stats.opened(this);
        lastPongNanos = System.nanoTime();
        long every = config.pingInterval().toNanos();
        pinger = ctx.executor().scheduleAtFixedRate(this::keepAlive, every, every, TimeUnit.NANOSECONDS);
        registerTimer = ctx.executor().schedule(this::registerTimedOut, config.limits().registerTimeout().toNanos(), TimeUnit.NANOSECONDS);
    }

    /** A socket that never registers holds a descriptor and answers pings forever: it gets register_timeout. */
    private void registerTimedOut() {
        if (state == State.OPEN) {
            violation("no register within " + Durations.format(config.limits().registerTimeout())
                    + " of opening (limits.register_timeout)", WebSocketCloseStatus.POLICY_VIOLATION);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        state = State.CLOSING;
        if (pinger != null) {
            pinger.cancel(false);
        }
        if (registerTimer != null) {
            registerTimer.cancel(false);
        }
        stats.open.decrementAndGet();
        stats.closed(this);
        leave();
        Inbound.Register r = registered;
        gate.webhooks().disconnected(r == null ? null : r.roomId(), r == null ? null : r.clientId(), connectionId);
        ctx.fireChannelInactive();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        if (state == State.CLOSING) {
            return;
        }
        if (frame instanceof TextWebSocketFrame) {
            FlushBatch.current().begin();
            long start = System.nanoTime();
            if (onText(ByteBufUtil.getBytes(frame.content()))) {
                stats.relayTook(System.nanoTime() - start);
            }
        } else if (frame instanceof PingWebSocketFrame) {
            ctx.writeAndFlush(new PongWebSocketFrame(frame.content().retain()));
        } else if (frame instanceof PongWebSocketFrame) {
            lastPongNanos = System.nanoTime();
        } else if (frame instanceof CloseWebSocketFrame) {
            state = State.CLOSING;
            leave();
            LastWords.thenClose(ctx.channel(), new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE));
        } else if (frame instanceof BinaryWebSocketFrame) {
            violation("binary frames are not part of the protocol; send JSON text", WebSocketCloseStatus.INVALID_MESSAGE_TYPE);
        }
    }

    /** @return true if the message was relayed */
    private boolean onText(byte[] text) {
        Inbound message;
        try {
            message = MessageParser.parse(text);
        } catch (ProtocolException e) {
            violation(e.getMessage(), WebSocketCloseStatus.POLICY_VIOLATION);
            return false;
        }
        if (message instanceof Inbound.Relay r) {
            return relay(r);
        }
        switch (message) {
            case Inbound.Pong p -> lastPongNanos = System.nanoTime();
            case Inbound.Ping p -> send(Outbound.PONG);
            case Inbound.Register r -> register(r);
            case Inbound.Relay r -> { }
            case Inbound.EndOfCandidates e -> requireRegistered("candidate");
            case Inbound.Connected c -> {
                if (standalone) {
                    closeWith(WebSocketCloseStatus.NORMAL_CLOSURE, "connected");
                }
            }
            case Inbound.Bye b -> closeWith(WebSocketCloseStatus.NORMAL_CLOSURE, "bye");
        }
        return false;
    }

    private void register(Inbound.Register register) {
        if (state != State.OPEN) {
            violation("a second register on one connection: open a new connection instead", WebSocketCloseStatus.POLICY_VIOLATION);
            return;
        }
        state = State.REGISTERING;
        registered = register;
        admissions.admit(new Admissions.Ask(this, address, upgradePrincipal, register), Admissions.Loop.of(channel), new Admissions.Outcome() {
            @Override
            public boolean waiting() {
                return state == State.REGISTERING;
            }

            @Override
            public void admitted(Admission.Admitted a, Principal who, AyameWebhooks.Decision webhook) {
                accepted(register, a, who, webhook);
            }

            @Override
            public void refused(Refusal refusal) {
                send(Outbound.reject(refusal));
                closeWith(WebSocketCloseStatus.NORMAL_CLOSURE, null);
            }
        });
    }

    private void accepted(Inbound.Register register, Admission.Admitted a, Principal who, AyameWebhooks.Decision webhook) {
        state = State.REGISTERED;
        route = a.route();
        standalone = register.standalone();
        if (standalone && pinger != null) {
            pinger.cancel(false);
        }
        List<IceServer> ice = webhook != null && webhook.iceServers() != null ? webhook.iceServers()
                : gate.ice().forClient(register.roomId(), who.known() ? who.name() : connectionId);
        send(Outbound.accept(new Outbound.Accept(connectionId, ice, a.otherIsWaiting(), a.camgate(),
                webhook == null ? null : webhook.authzMetadata())));
    }

    private boolean relay(Inbound.Relay message) {
        if (!requireRegistered(message.kind().name().toLowerCase())) {
            return false;
        }
        try {
            route.relay(message);
            stats.relayed.increment();
            return true;
        } catch (ProtocolException e) {
            violation(e.getMessage(), WebSocketCloseStatus.POLICY_VIOLATION);
            return false;
        }
    }

    private boolean requireRegistered(String what) {
        if (state != State.REGISTERED) {
            violation(what + " before register: send register first", WebSocketCloseStatus.POLICY_VIOLATION);
            return false;
        }
        return true;
    }

    private void keepAlive() {
        if (state == State.CLOSING || standalone) {
            return;
        }
        if (System.nanoTime() - lastPongNanos > config.pongTimeout().toNanos()) {
            LOG.debug("{} sent no pong for {}: closing", connectionId, config.pongTimeout());
            send(Outbound.error("pong timeout: no pong for " + config.pongTimeout().toSeconds() + " s"));
            closeWith(WebSocketCloseStatus.NORMAL_CLOSURE, "pong timeout");
            return;
        }
        send(Outbound.PING);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException || cause instanceof CorruptedWebSocketFrameException c
                && c.closeStatus() == WebSocketCloseStatus.MESSAGE_TOO_BIG) {
            violation("message larger than " + config.maxMessageBytes() + " bytes", WebSocketCloseStatus.MESSAGE_TOO_BIG);
        } else if (cause instanceof CorruptedWebSocketFrameException c) {
            violation("broken WebSocket frame: " + c.getMessage(), c.closeStatus());
        } else if (cause instanceof IOException) {
            ctx.close(); // the peer went away; nothing to tell it
        } else {
            gate.logs().fault(LOG, address.getHostAddress(), "signaling connection closed", cause);
            violation("internal error", WebSocketCloseStatus.INTERNAL_SERVER_ERROR);
        }
    }

    /** Tells the client what it did wrong, in a reject before registration or an error after, then closes. */
    private void violation(String reason, WebSocketCloseStatus status) {
        if (state == State.CLOSING) {
            return;
        }
        stats.protocolErrors.increment();
        LOG.debug("{}: '{}'", connectionId, reason);
        boolean accepted = state == State.REGISTERED;
        send(accepted ? Outbound.error(reason) : Outbound.reject(Refusal.of(Refusal.Kind.INVALID, reason)));
        closeWith(status, reason);
    }

    private void closeWith(WebSocketCloseStatus status, String reason) {
        state = State.CLOSING;
        leave();
        String text = reason == null ? "" : reason.length() > 120 ? reason.substring(0, 120) : reason;
        LastWords.thenClose(channel, new CloseWebSocketFrame(status.code(), text));
    }

    private void leave() {
        Route r = route;
        route = null;
        if (r != null) {
            r.left();
        }
    }

    // ---- Peer: how rooms and cameras reach this client, from any thread ----

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
    public void channelReadComplete(ChannelHandlerContext ctx) {
        FlushBatch.current().end();
        ctx.fireChannelReadComplete();
    }

    @Override
    public void bye() {
        bye(null);
    }

    @Override
    public void bye(Refusal reason) {
        runOnLoop(() -> {
            if (state == State.CLOSING) {
                return;
            }
            route = null; // whoever says bye has already forgotten this connection
            if (standalone) {
                state = State.CLOSING;
                return;
            }
            send(reason == null ? Outbound.BYE : Outbound.byeWithReason(reason));
            closeWith(WebSocketCloseStatus.NORMAL_CLOSURE, null);
        });
    }

    @Override
    public void fail(String reason) {
        runOnLoop(() -> violation(reason, WebSocketCloseStatus.POLICY_VIOLATION));
    }

    /**
     * The session the upgrade's cookie proved has ended. A client registered on a key of its own (a camera's
     * key, a token with the view right) never needed it and stays; anyone else is told why and closed.
     */
    @Override
    public void sessionEnded(String reason) {
        runOnLoop(() -> {
            if (state == State.CLOSING) {
                return;
            }
            Inbound.Register r = registered;
            if (state == State.REGISTERED && r != null && r.key() != null && !r.key().isEmpty()
                    && (gate.auth().token(r.key()).may(Right.VIEW, r.roomId()) || rooms.isCameraKey(r.roomId(), r.key()))) {
                return;
            }
            Refusal why = new Refusal(Refusal.Kind.SESSION_ENDED, reason);
            send(state == State.REGISTERED ? Outbound.byeWithReason(why) : Outbound.reject(why));
            closeWith(WebSocketCloseStatus.NORMAL_CLOSURE, reason);
        });
    }

    private void runOnLoop(Runnable task) {
        if (channel.eventLoop().inEventLoop()) {
            task.run();
        } else {
            channel.eventLoop().execute(task);
        }
    }
}
