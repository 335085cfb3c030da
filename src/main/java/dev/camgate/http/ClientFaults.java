package dev.camgate.http;

import dev.camgate.log.LogLimit;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Last in every connection's pipeline: an exception no handler dealt with (a request cut short, a reset,
 * a broken TLS record) is logged in one rate-limited line and the connection closed. Without it Netty's
 * own tail logs each one with a stack trace, and a client can write megabytes of log a second.
 * The router adds a WebSocket endpoint before it, so it stays last.
 */
@ChannelHandler.Sharable
public final class ClientFaults extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ClientFaults.class);
    private final LogLimit logs;

    public ClientFaults(LogLimit logs) {
        this.logs = logs;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        logs.fault(LOG, source(ctx.channel().remoteAddress()), "connection closed", cause);
        ctx.close();
    }

    /** The address without the port: one client's connections are one source. */
    static String source(SocketAddress remote) {
        return remote instanceof InetSocketAddress a && a.getAddress() != null ? a.getAddress().getHostAddress() : String.valueOf(remote);
    }
}
