package dev.camgate.http;

import dev.camgate.metrics.Metrics;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;

/** The separate metrics listener: /metrics and nothing else. */
final class MetricsOnly extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final Metrics metrics;

    MetricsOnly(Metrics metrics) {
        this.metrics = metrics;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        if (new QueryStringDecoder(req.uri()).path().equals("/metrics")) {
            Responses.send(ctx, req, HttpResponseStatus.OK, Metrics.CONTENT_TYPE, metrics.scrape());
        } else {
            Responses.error(ctx, req, HttpResponseStatus.NOT_FOUND, "this port serves only /metrics");
        }
    }
}
