package dev.camgate.http;

import dev.camgate.config.Config;
import dev.camgate.room.Rooms;
import dev.camgate.signaling.P2pFrontHandler;
import dev.camgate.signaling.SignalingHandler;
import dev.camgate.signaling.SignalingStats;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import java.util.Map;

/** Sends each HTTP request to the page, API or WebSocket endpoint it is for. One instance per connection. */
final class HttpRouter extends SimpleChannelInboundHandler<FullHttpRequest> {
    /** Page routes: the address people type, and the file behind it. */
    private static final Map<String, String> PAGES = Map.of(
            "/", "index.html",
            "/view", "view.html",
            "/grid", "grid.html",
            "/publish", "publish.html");

    private final Shared shared;

    /** What all connections share. */
    record Shared(Rooms rooms, Config config, SignalingStats stats, StaticFiles files, Api api) {
    }

    HttpRouter(Shared shared) {
        this.shared = shared;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        if (!req.decoderResult().isSuccess()) {
            Responses.error(ctx, req, HttpResponseStatus.BAD_REQUEST, "malformed HTTP request");
            return;
        }
        String path = new QueryStringDecoder(req.uri()).path();
        if (isUpgrade(req)) {
            if (path.equals("/signaling")) {
                upgrade(ctx, req, new SignalingHandler(shared.rooms(), shared.config(), shared.stats()));
            } else if (path.equals("/ws") || path.equals("/")) {
                // The blog's page and Momo's own p2p page: camgate stands in for Momo.
                String wanted = param(req, "camera");
                upgrade(ctx, req, new P2pFrontHandler(() -> shared.api().defaultCamera(wanted), shared.stats()));
            } else {
                Responses.error(ctx, req, HttpResponseStatus.NOT_FOUND, "no WebSocket endpoint at " + path + " (Ayame signaling is at /signaling)");
            }
            return;
        }
        if (req.method() != HttpMethod.GET && req.method() != HttpMethod.HEAD) {
            Responses.error(ctx, req, HttpResponseStatus.METHOD_NOT_ALLOWED, req.method() + " is not supported here");
            return;
        }
        if (path.equals("/.ok")) {
            Responses.send(ctx, req, HttpResponseStatus.OK, null, new byte[0]);
        } else if (path.equals("/metrics")) {
            shared.api().metrics(ctx, req);
        } else if (path.equals("/healthz")) {
            shared.api().health(ctx, req);
        } else if (path.equals("/signaling")) {
            Responses.error(ctx, req, HttpResponseStatus.BAD_REQUEST, "/signaling is a WebSocket endpoint");
        } else if (path.startsWith("/api/")) {
            shared.api().handle(ctx, req, path);
        } else {
            serveFile(ctx, req, path);
        }
    }

    private void serveFile(ChannelHandlerContext ctx, FullHttpRequest req, String path) {
        String file = PAGES.get(path);
        if (file == null && path.startsWith("/assets/")) {
            file = path.substring(1);
        }
        var found = file == null ? java.util.Optional.<StaticFiles.File>empty() : shared.files().find(file);
        if (found.isEmpty()) {
            Responses.error(ctx, req, HttpResponseStatus.NOT_FOUND, "nothing at " + path);
            return;
        }
        Responses.send(ctx, req, HttpResponseStatus.OK, found.get().contentType(), found.get().body());
    }

    private static boolean isUpgrade(FullHttpRequest req) {
        return req.headers().containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true)
                && req.headers().contains(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true);
    }

    private static String param(FullHttpRequest req, String name) {
        var values = new QueryStringDecoder(req.uri()).parameters().get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private void upgrade(ChannelHandlerContext ctx, FullHttpRequest req, io.netty.channel.ChannelHandler endpoint) {
        int max = shared.config().maxMessageBytes();
        WebSocketDecoderConfig decoder = WebSocketDecoderConfig.newBuilder()
                .maxFramePayloadLength(max)
                .allowExtensions(false)
                // We report an oversized frame ourselves, in words, before closing.
                .closeOnProtocolViolation(false)
                .build();
        WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory(
                "ws://" + req.headers().get(HttpHeaderNames.HOST, "localhost") + req.uri(), null, decoder)
                .newHandshaker(req);
        if (handshaker == null) {
            WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
            return;
        }
        ChannelPipeline pipeline = ctx.pipeline();
        ChannelFuture done = handshaker.handshake(ctx.channel(), req);
        pipeline.remove(this);
        pipeline.addLast(new WebSocketFrameAggregator(max));
        pipeline.addLast(endpoint);
        done.addListener(f -> {
            if (!f.isSuccess()) {
                ctx.channel().close();
            }
        });
    }
}
