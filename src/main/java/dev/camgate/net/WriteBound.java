package dev.camgate.net;

import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPromise;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * The one bound on what a peer can make camgate hold for it, first in every pipeline (client and camera
 * sockets alike), so no handler can forget it. Two rules:
 * <ul>
 *   <li>A connection whose unsent data passes the high water mark is no longer read: whatever the peer sends
 *       to make camgate answer (pipelined requests, WebSocket pings) waits in the peer's own socket buffer
 *       until it reads what it was sent.</li>
 *   <li>Data that others push to it (relayed signaling) is not bounded by that: past {@link #MAX_UNSENT_BYTES}
 *       the connection is closed, the write dropped and the peer forgotten.</li>
 * </ul>
 * Bytes are counted after TLS, where they really sit.
 */
public final class WriteBound extends ChannelDuplexHandler {
    /** Relayed signaling for one slow peer: an offer is a few KiB, so this is thousands of messages. */
    public static final long MAX_UNSENT_BYTES = 8L * 1024 * 1024;
    /** Reading stops above the high mark and resumes below the low one. */
    public static final WriteBufferWaterMark MARKS = new WriteBufferWaterMark(128 * 1024, 512 * 1024);

    private final Consumer<Channel> onOverflow;
    private boolean dropped;

    /** @param onOverflow told once, on the event loop, that this peer is being dropped (for the log and metrics) */
    public WriteBound(Consumer<Channel> onOverflow) {
        this.onOverflow = onOverflow;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        ctx.channel().config().setWriteBufferWaterMark(MARKS);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        // Reading resumes only when the peer has taken its data; Netty calls this on every crossing.
        ctx.channel().config().setAutoRead(ctx.channel().isWritable());
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        ChannelOutboundBuffer unsent = ctx.channel().unsafe().outboundBuffer();
        if (!dropped && (unsent == null || unsent.totalPendingWriteBytes() <= MAX_UNSENT_BYTES)) {
            ctx.write(msg, promise);
            return;
        }
        ReferenceCountUtil.release(msg);
        if (!promise.isVoid()) { // a void promise would fire the failure down the pipeline as an error
            promise.tryFailure(new IOException("the peer is not reading: over " + MAX_UNSENT_BYTES + " bytes unsent"));
        }
        if (!dropped) {
            dropped = true;
            onOverflow.accept(ctx.channel());
            ctx.close();
        }
    }
}
