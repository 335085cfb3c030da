package dev.camgate.http;

import dev.camgate.abuse.AbuseGuard;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * Early in every pipeline: refuses a connection at once when the port holds too many in all (a 503 with the
 * reason, on a plain-http port) or its address already holds too many (closed).
 */
final class ConnectionLimit extends ChannelInboundHandlerAdapter {
    private static final byte[] FULL = ("HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n"
            + "Retry-After: 10\r\nConnection: close\r\nContent-Length: 74\r\n\r\n"
            + "camgate has too many open connections (limits.max_connections); try again\n").getBytes(StandardCharsets.US_ASCII);

    private final OpenConnections all;
    private final AbuseGuard guard;
    private final Callers callers;
    private final boolean plain;
    private boolean countedInAll;
    private boolean admitted;
    private InetAddress counted;

    /** @param plain the port speaks plain HTTP only, so a refusal can be said in HTTP */
    ConnectionLimit(OpenConnections all, AbuseGuard guard, Callers callers, boolean plain) {
        this.all = all;
        this.guard = guard;
        this.callers = callers;
        this.plain = plain;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (!all.tryOpen()) {
            if (plain) {
                ctx.writeAndFlush(Unpooled.wrappedBuffer(FULL)).addListener(ChannelFutureListener.CLOSE);
            } else {
                ctx.close();
            }
            return;
        }
        countedInAll = true;
        InetAddress address = ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress();
        // Behind a reverse proxy every client shares the proxy's address; the proxy is not limited.
        if (!callers.isProxy(address)) {
            if (!guard.opened(address)) {
                ctx.close();
                return;
            }
            counted = address;
        }
        admitted = true;
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!admitted) {
            io.netty.util.ReferenceCountUtil.release(msg); // refused: nothing it says is read
            return;
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (countedInAll) {
            all.closed();
            countedInAll = false;
        }
        if (counted != null) {
            guard.closed(counted);
            counted = null;
        }
        ctx.fireChannelInactive();
    }
}
