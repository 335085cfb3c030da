package dev.camgate.http;

import dev.camgate.auth.Principal;
import dev.camgate.auth.Right;
import dev.camgate.signaling.Gatekeeper;
import dev.camgate.signaling.P2pFrontHandler;
import dev.camgate.protocol.Peer;
import dev.camgate.signaling.SignalingHandler;
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
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Sends each HTTP request to the page, API or WebSocket endpoint it is for. One instance per connection.
 * Pages and assets are public (they hold no camera data and must load for the login redirect to work);
 * the API, metrics and every WebSocket check who is asking.
 */
final class HttpRouter extends SimpleChannelInboundHandler<FullHttpRequest> {
    /** Page routes: the address people type, and the file behind it. */
    private static final Map<String, String> PAGES = Map.of(
            "/", "index.html",
            "/view", "view.html",
            "/playback", "playback.html",
            "/grid", "grid.html",
            "/publish", "publish.html",
            "/login", "login.html",
            // Browsers ask for /favicon.ico on their own; the manifest lets a phone put camgate on its home screen.
            "/favicon.ico", "favicon.ico",
            "/manifest.webmanifest", "manifest.webmanifest");

    /** Set on a connection that spoke plain HTTP to the TLS port. */
    static final io.netty.util.AttributeKey<Boolean> PLAIN_ON_TLS_PORT = io.netty.util.AttributeKey.valueOf("camgate.plainOnTlsPort");

    private final Shared shared;

    /** What all connections share. */
    record Shared(Gatekeeper gate, StaticFiles files, Api api, Callers callers, Login login, HostNames hostNames,
                  LocalNetworks localNetworks) {
        String basePath() {
            return gate.config().web().basePath();
        }

        List<String> allowedOrigins() {
            return gate.config().web().allowedOrigins();
        }
    }

    HttpRouter(Shared shared) {
        this.shared = shared;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        RequestDeadline deadline = RequestDeadline.of(ctx.channel());
        if (deadline != null) {
            deadline.requestArrived();
        }
        if (!req.decoderResult().isSuccess()) {
            Responses.error(ctx, req, HttpResponseStatus.BAD_REQUEST, "malformed HTTP request");
            return;
        }
        if (Boolean.TRUE.equals(ctx.channel().attr(PLAIN_ON_TLS_PORT).get())) {
            String host = req.headers().get(HttpHeaderNames.HOST, "localhost");
            if (isUpgrade(req) || !host.matches("[A-Za-z0-9.:\\[\\]-]+")) {
                Responses.error(ctx, req, HttpResponseStatus.BAD_REQUEST, "this port speaks TLS: use https:// and wss://");
            } else {
                Responses.redirect(ctx, req, "https://" + host + req.uri(), null);
            }
            return;
        }
        String host = req.headers().get(HttpHeaderNames.HOST);
        // A browser always sends Origin with a WebSocket upgrade; one without it is Momo or a script, which may
        // reach camgate by any name it resolves (rebinding needs a browser).
        boolean browserless = isUpgrade(req) && !req.headers().contains(HttpHeaderNames.ORIGIN);
        if (!browserless && !shared.hostNames().allows(host) && !fromProxy(ctx)) {
            Responses.error(ctx, req, HttpResponseStatus.MISDIRECTED_REQUEST, "camgate does not answer to the name '"
                    + (host.length() > 100 ? host.substring(0, 100) + "..." : host) + "': add it to web.hostnames (names are checked so that other web sites cannot reach camgate through DNS rebinding)");
            return;
        }
        if (PlainHttpGuard.refused(ctx, req, shared)) return; // a secret over plain http from the internet
        String full;
        try {
            full = new QueryStringDecoder(req.uri()).path();
        } catch (IllegalArgumentException e) { // a broken %-escape: the client's fault, said in words
            Responses.error(ctx, req, HttpResponseStatus.BAD_REQUEST, "the address is not valid: " + e.getMessage());
            return;
        }
        String base = shared.basePath();
        if (!base.isEmpty() && full.equals(base)) {
            Responses.redirect(ctx, req, base + "/", null);
            return;
        }
        if (!full.startsWith(base + "/")) {
            Responses.error(ctx, req, HttpResponseStatus.NOT_FOUND, "camgate is under " + base + "/");
            return;
        }
        String path = full.substring(base.length());
        Caller caller = shared.callers().of(ctx, req);
        if (isUpgrade(req)) {
            upgrade(ctx, req, path, caller);
            return;
        }
        if (path.equals("/login") && (req.method() == HttpMethod.POST || req.method() == HttpMethod.GET)
                && shared.login().handle(ctx, req, caller)) {
            return;
        }
        if (path.equals("/logout") && req.method() == HttpMethod.POST) {
            shared.login().logout(ctx, req, caller);
            return;
        }
        if (req.method() != HttpMethod.GET && req.method() != HttpMethod.HEAD) {
            Responses.error(ctx, req, HttpResponseStatus.METHOD_NOT_ALLOWED, req.method() + " is not supported here");
            return;
        }
        if (path.equals("/.ok")) {
            Responses.send(ctx, req, HttpResponseStatus.OK, null, new byte[0]);
        } else if (path.equals("/metrics")) {
            if (mustBeAdmin(ctx, req, caller)) {
                shared.api().metrics(ctx, req);
            }
        } else if (path.equals("/healthz")) {
            shared.api().health(ctx, req);
        } else if (path.equals("/signaling")) {
            Responses.error(ctx, req, HttpResponseStatus.BAD_REQUEST, "/signaling is a WebSocket endpoint");
        } else if (path.startsWith("/api/")) {
            if (!caller.principal().known()) {
                Responses.error(ctx, req, HttpResponseStatus.UNAUTHORIZED, "log in first (or send Authorization: Bearer <token>)");
            } else {
                shared.api().handle(ctx, req, path, caller.principal());
            }
        } else {
            serveFile(ctx, req, path);
        }
    }

    private void upgrade(ChannelHandlerContext ctx, FullHttpRequest req, String path, Caller caller) {
        if (!req.headers().contains(HttpHeaderNames.SEC_WEBSOCKET_KEY)) {
            Responses.error(ctx, req, HttpResponseStatus.BAD_REQUEST, "a WebSocket upgrade needs a Sec-WebSocket-Key header");
            return;
        }
        String origin = req.headers().get(HttpHeaderNames.ORIGIN);
        if (origin != null && !originAllowed(origin, caller)) {
            Responses.error(ctx, req, HttpResponseStatus.FORBIDDEN, "a page on " + origin + " may not open camgate's WebSockets"
                    + " (allow it with web.allowed_origins)");
            return;
        }
        if (path.equals("/signaling")) {
            // Credentials may still come inside register (signalingKey), so an anonymous upgrade is fine here.
            SignalingHandler signaling = new SignalingHandler(shared.gate(), caller.address(), caller.principal());
            upgrade(ctx, req, signaling);
            endWithSession(ctx, caller, signaling);
        } else if (path.equals("/ws") || path.equals("/")) {
            // The blog's page and Momo's own p2p page: camgate stands in for Momo. They send no credentials
            // of their own, so the cookie (or a Bearer header) must already say who this is.
            Principal who = caller.principal();
            if (!who.known()) {
                Responses.error(ctx, req, HttpResponseStatus.UNAUTHORIZED, "log in first (or send Authorization: Bearer <token>)");
                return;
            }
            String wanted = param(req, "camera");
            // Each call is admitted as a /signaling viewer is (rights, abuse limits, webhook), on this proof.
            P2pFrontHandler page = new P2pFrontHandler(shared.gate(), caller.address(), who, () -> shared.api().defaultCamera(wanted, who));
            upgrade(ctx, req, page);
            endWithSession(ctx, caller, page);
        } else {
            Responses.error(ctx, req, HttpResponseStatus.NOT_FOUND, "no WebSocket endpoint at " + path + " (Ayame signaling is at /signaling)");
        }
    }

    /** A socket that only a session cookie proved ends with that session (logout, expiry): no timer per socket. */
    private void endWithSession(ChannelHandlerContext ctx, Caller caller, Peer peer) {
        if (!caller.onlySession() || !ctx.channel().isActive()) {
            return;
        }
        AutoCloseable watch = shared.gate().auth().sessions().watch(caller.sessionId(), peer::sessionEnded);
        ctx.channel().closeFuture().addListener(f -> watch.close());
    }

    /** Same origin as camgate itself (as the browser sees it), or listed in web.allowed_origins. */
    private boolean originAllowed(String origin, Caller caller) {
        String o = origin.toLowerCase(Locale.ROOT);
        if (o.equals(caller.ownOrigin()) || o.equals(withDefaultPort(caller.ownOrigin()))) {
            return true;
        }
        for (String allowed : shared.allowedOrigins()) {
            if (allowed.equals("*") || allowed.equalsIgnoreCase(origin)) {
                return true;
            }
        }
        return false;
    }

    /** Browsers leave out :80 and :443 in Origin while Host may carry them. */
    private static String withDefaultPort(String own) {
        if (own.startsWith("http://") && own.endsWith(":80")) {
            return own.substring(0, own.length() - 3);
        }
        if (own.startsWith("https://") && own.endsWith(":443")) {
            return own.substring(0, own.length() - 4);
        }
        return own;
    }

    private boolean mustBeAdmin(ChannelHandlerContext ctx, FullHttpRequest req, Caller caller) {
        if (caller.principal().may(Right.ADMIN, "*")) {
            return true;
        }
        Responses.error(ctx, req, caller.principal().known() ? HttpResponseStatus.FORBIDDEN : HttpResponseStatus.UNAUTHORIZED,
                "/metrics needs the admin right (or serve it apart with metrics_port)");
        return false;
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

    /** A trusted reverse proxy answers for the names it serves; its Host is the one it was told to send. */
    private boolean fromProxy(ChannelHandlerContext ctx) {
        return ctx.channel().remoteAddress() instanceof java.net.InetSocketAddress a && shared.callers().isProxy(a.getAddress());
    }

    private static boolean isUpgrade(FullHttpRequest req) {
        return req.headers().containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true)
                && req.headers().contains(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true);
    }

    private static String param(FullHttpRequest req, String name) {
        java.util.List<String> values;
        try {
            values = new QueryStringDecoder(req.uri()).parameters().get(name);
        } catch (IllegalArgumentException e) {
            return null;
        }
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private void upgrade(ChannelHandlerContext ctx, FullHttpRequest req, io.netty.channel.ChannelHandler endpoint) {
        int max = shared.gate().config().maxMessageBytes();
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
        RequestDeadline deadline = RequestDeadline.of(ctx.channel());
        if (deadline != null) {
            deadline.upgraded();
        }
        ChannelFuture done;
        try {
            done = handshaker.handshake(ctx.channel(), req);
        } catch (io.netty.handler.codec.http.websocketx.WebSocketHandshakeException e) {
            Responses.error(ctx, req, HttpResponseStatus.BAD_REQUEST, "WebSocket handshake refused: " + e.getMessage());
            ctx.close();
            return;
        }
        pipeline.remove(this);
        // ClientFaults stays last: it catches what the endpoint leaves unhandled.
        if (pipeline.get(ClientFaults.class) != null) {
            pipeline.addBefore(pipeline.context(ClientFaults.class).name(), null, new WebSocketFrameAggregator(max));
            pipeline.addBefore(pipeline.context(ClientFaults.class).name(), null, endpoint);
        } else {
            pipeline.addLast(new WebSocketFrameAggregator(max));
            pipeline.addLast(endpoint);
        }
        done.addListener(f -> {
            if (!f.isSuccess()) {
                ctx.channel().close();
            }
        });
    }
}
