package dev.camgate.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Time limits for an HTTP connection, before any handler has seen a whole request. States:
 * WAITING (open, or between keep-alive requests: idle_timeout, or request_timeout before the first) →
 * RECEIVING (a request's first byte came, TLS handshake included: it must be whole within request_timeout,
 * however slowly it trickles) → WAITING again when the router has it, or UPGRADED (a WebSocket: its handler
 * keeps its own time). One timer per connection, moved rather than recreated on every request.
 */
final class RequestDeadline extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(RequestDeadline.class);

    enum State { WAITING, RECEIVING, UPGRADED }

    private final long requestNanos;
    private final long idleNanos;
    private State state = State.WAITING;
    private long deadline;
    private ScheduledFuture<?> timer;
    private ChannelHandlerContext ctx;

    RequestDeadline(Duration request, Duration idle) {
        this.requestNanos = request.toNanos();
        this.idleNanos = idle.toNanos();
    }

    /** The router's hand on this connection's deadline; null when the pipeline has none (tests). */
    static RequestDeadline of(Channel channel) {
        return channel.pipeline().get(RequestDeadline.class);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        // A connection that never says anything is held to the request time, not the idle time.
        arm(requestNanos);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (state == State.WAITING) {
            state = State.RECEIVING;
            arm(requestNanos);
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancel();
        ctx.fireChannelInactive();
    }

    /** A whole request reached the router: the connection may now sit idle until the next one. */
    void requestArrived() {
        if (state != State.UPGRADED) {
            state = State.WAITING;
            arm(idleNanos);
        }
    }

    /** Now a WebSocket, whose handler has its own keep-alive and register time. */
    void upgraded() {
        state = State.UPGRADED;
        cancel();
        ctx.pipeline().remove(this);
    }

    private void arm(long nanos) {
        deadline = System.nanoTime() + nanos;
        if (timer == null) {
            timer = ctx.executor().schedule(this::check, nanos, TimeUnit.NANOSECONDS);
        }
    }

    private void check() {
        timer = null;
        if (state == State.UPGRADED || !ctx.channel().isActive()) {
            return;
        }
        long left = deadline - System.nanoTime();
        if (left > 0) {
            timer = ctx.executor().schedule(this::check, left, TimeUnit.NANOSECONDS);
            return;
        }
        LOG.debug("{}: closing, {}", ctx.channel().remoteAddress(),
                state == State.RECEIVING ? "the request did not arrive whole in time (limits.request_timeout)"
                        : "no request in time (limits.idle_timeout)");
        ctx.close();
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
