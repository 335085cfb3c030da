package dev.camgate.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslHandler;
import java.nio.charset.StandardCharsets;

/** Writing complete HTTP responses, honouring keep-alive. */
final class Responses {
    private Responses() {
    }

    static void send(ChannelHandlerContext ctx, FullHttpRequest req, HttpResponseStatus status, String contentType, byte[] body) {
        send(ctx, req, status, contentType, body, java.util.Map.of());
    }

    /** With headers of the caller's own (Retry-After, Last-Modified, ...). */
    static void send(ChannelHandlerContext ctx, FullHttpRequest req, HttpResponseStatus status, String contentType, byte[] body,
                     java.util.Map<String, String> extra) {
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                req.method() == HttpMethod.HEAD ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
        if (contentType != null) {
            res.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        }
        extra.forEach(res.headers()::set);
        res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        res.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
        guard(ctx, res);
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        if (keepAlive) {
            res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(res);
        } else {
            ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** 303 See Other, optionally setting a cookie on the way. */
    static void redirect(ChannelHandlerContext ctx, FullHttpRequest req, String location, String setCookie) {
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.SEE_OTHER, Unpooled.EMPTY_BUFFER);
        res.headers().set(HttpHeaderNames.LOCATION, location);
        res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
        res.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        guard(ctx, res);
        if (setCookie != null) {
            res.headers().set(HttpHeaderNames.SET_COOKIE, setCookie);
        }
        if (HttpUtil.isKeepAlive(req)) {
            res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(res);
        } else {
            ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /**
     * What every answer tells the browser: run only camgate's own scripts and styles (the pages have nothing
     * inline), never inside another site's frame, never send the address (a login link carries a token) to
     * another site, and over TLS, keep using https.
     */
    static void guard(ChannelHandlerContext ctx, io.netty.handler.codec.http.HttpResponse res) {
        var h = res.headers();
        h.set("Content-Security-Policy", CSP);
        h.set("X-Frame-Options", "DENY");
        h.set("Referrer-Policy", "no-referrer");
        h.set("X-Content-Type-Options", "nosniff");
        h.set("Cross-Origin-Opener-Policy", "same-origin");
        h.set("Permissions-Policy", "camera=(self), microphone=(self), geolocation=()");
        if (ctx.pipeline().get(SslHandler.class) != null) {
            h.set("Strict-Transport-Security", "max-age=31536000");
        }
    }

    private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
            + "media-src 'self' blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    static void json(ChannelHandlerContext ctx, FullHttpRequest req, HttpResponseStatus status, byte[] body) {
        send(ctx, req, status, "application/json; charset=utf-8", body);
    }

    static void error(ChannelHandlerContext ctx, FullHttpRequest req, HttpResponseStatus status, String message) {
        error(ctx, req, status, message, java.util.Map.of());
    }

    static void error(ChannelHandlerContext ctx, FullHttpRequest req, HttpResponseStatus status, String message,
                      java.util.Map<String, String> extra) {
        String body = "{\"error\":" + Json.quote(message) + "}";
        send(ctx, req, status, "application/json; charset=utf-8", body.getBytes(StandardCharsets.UTF_8), extra);
    }
}
