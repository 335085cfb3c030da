package dev.camgate.http;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On the listening socket: when accepting fails (out of descriptors, most often), Netty pauses accepting for
 * a second and tells the pipeline, whose end would log a stack trace each time. One line a minute instead,
 * with the count; the limits that should keep this from happening are limits.max_connections and
 * connections_per_ip.
 */
@ChannelHandler.Sharable
final class AcceptErrors extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(AcceptErrors.class);
    private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);

    private final String port;
    private long lastLog = System.nanoTime() - MINUTE;
    private long unlogged;

    AcceptErrors(int port) {
        this.port = String.valueOf(port);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Only the listening socket's own loop calls this, so the counters need no lock.
        unlogged++;
        long now = System.nanoTime();
        if (now - lastLog >= MINUTE) {
            LOG.warn("port {}: cannot accept connections: {} ({} time(s) in the last minute); is the open-files limit too low?",
                    port, cause.getMessage(), unlogged);
            lastLog = now;
            unlogged = 0;
        }
    }
}
