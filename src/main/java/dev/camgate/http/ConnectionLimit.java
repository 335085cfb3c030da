package dev.camgate.http;

import dev.camgate.abuse.AbuseGuard;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/** First in every pipeline: closes a connection at once when its address already holds too many. */
final class ConnectionLimit extends ChannelInboundHandlerAdapter {
    private final AbuseGuard guard;
    private final Callers callers;
    private InetAddress counted;

    ConnectionLimit(AbuseGuard guard, Callers callers) {
        this.guard = guard;
        this.callers = callers;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        InetAddress address = ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress();
        // Behind a reverse proxy every client shares the proxy's address; the proxy is not limited.
        if (!callers.isProxy(address)) {
            if (!guard.opened(address)) {
                ctx.close();
                return;
            }
            counted = address;
        }
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (counted != null) {
            guard.closed(counted);
            counted = null;
        }
        ctx.fireChannelInactive();
    }
}
