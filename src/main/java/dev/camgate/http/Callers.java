package dev.camgate.http;

import dev.camgate.auth.Authenticator;
import dev.camgate.auth.Principal;
import dev.camgate.config.Cidr;
import dev.camgate.config.WebConfig;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/** Works out the {@link Caller} of a request. X-Forwarded-* count only when a configured proxy sent them. */
final class Callers {
    static final String SESSION_COOKIE = "camgate_session";

    private final Authenticator auth;
    private final boolean tls;
    private final List<Cidr> proxies = new ArrayList<>();

    Callers(Authenticator auth, WebConfig web, boolean tls) {
        this.auth = auth;
        this.tls = tls;
        for (String p : web.trustedProxies()) {
            proxies.add(Cidr.parse(p)); // WebConfig has already checked each
        }
    }

    Caller of(ChannelHandlerContext ctx, FullHttpRequest req) {
        Origin from = origin(ctx, req);
        Proof proof = auth.enabled() ? credentials(req) : new Proof(Principal.EVERYONE, null, false);
        return new Caller(from.client(), from.secure(), (from.secure() ? "https://" : "http://") + from.host().toLowerCase(), proof.who(),
                proof.sessionId(), proof.sessionId() != null && proof.onlySession());
    }

    /** Where a request came from and over what, after trusted proxies, without looking at its credentials. */
    record Origin(InetAddress client, boolean secure, String host) {
    }

    Origin origin(ChannelHandlerContext ctx, FullHttpRequest req) {
        InetAddress peer = ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress();
        InetAddress client = peer;
        boolean secure = tls;
        String host = req.headers().get(HttpHeaderNames.HOST, "localhost");
        if (isProxy(peer)) {
            client = forwardedClient(req, peer);
            String proto = first(req.headers().get("X-Forwarded-Proto"));
            if (proto != null) {
                secure = proto.equalsIgnoreCase("https");
            }
            String fwdHost = first(req.headers().get("X-Forwarded-Host"));
            if (fwdHost != null) {
                host = fwdHost;
            }
        }
        return new Origin(client, secure, host);
    }

    boolean isProxy(InetAddress address) {
        for (Cidr n : proxies) {
            if (n.contains(address)) {
                return true;
            }
        }
        return false;
    }

    private record Proof(Principal who, String sessionId, boolean onlySession) {
    }

    /** The session cookie and a Bearer header, together (a program might send both). */
    private Proof credentials(FullHttpRequest req) {
        Principal who = Principal.NOBODY;
        String sessionId = null;
        String cookies = req.headers().get(HttpHeaderNames.COOKIE);
        if (cookies != null && cookies.length() < 8192) {
            for (Cookie c : ServerCookieDecoder.STRICT.decode(cookies)) {
                if (c.name().equals(SESSION_COOKIE)) {
                    Authenticator.Verified v = auth.verify(c.value());
                    who = who.or(v.principal());
                    sessionId = v.sessionId() != null ? v.sessionId() : sessionId;
                }
            }
        }
        Principal bearer = Principal.NOBODY;
        String authorization = req.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            bearer = auth.token(authorization.substring(7).strip());
        }
        return new Proof(who.or(bearer), sessionId, !bearer.known());
    }

    /** The rightmost X-Forwarded-For address that is not one of our proxies: the one a proxy of ours saw. */
    private InetAddress forwardedClient(FullHttpRequest req, InetAddress peer) {
        List<String> all = req.headers().getAll("X-Forwarded-For");
        List<String> hops = new ArrayList<>();
        for (String header : all) {
            for (String part : header.split(",")) {
                hops.add(part.strip());
            }
        }
        for (int i = hops.size() - 1; i >= 0; i--) {
            InetAddress hop = literal(hops.get(i));
            if (hop == null) {
                return peer; // garbage in the header: trust only what we saw
            }
            if (!isProxy(hop)) {
                return hop;
            }
        }
        return peer;
    }

    private static String first(String header) {
        if (header == null) {
            return null;
        }
        String v = header.split(",")[0].strip();
        return v.isEmpty() ? null : v;
    }

    /** Parses an IP literal without ever asking DNS: the same parser as the config's trusted_proxies. */
    static InetAddress literal(String text) {
        return Cidr.literal(text);
    }
}
