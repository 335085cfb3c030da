package dev.camgate.http;

import dev.camgate.config.Cidr;
import dev.camgate.config.Config;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Refuses logins and API requests that reached camgate over plain http from an internet address: the
 * token, password and session cookie in them would have crossed the internet readable by anyone on the way
 * (a forwarded port before TLS is on). Home-network, VPN and CGNAT addresses are fine, and so is any address
 * on one of this machine's own networks (a phone's global IPv6 address on the home Wi-Fi); so is https, and so
 * is an HTTPS proxy that says X-Forwarded-Proto: https. A refusal cannot un-send the secret, but it makes
 * the mistake visible at the first try instead of working quietly in clear.
 */
public final class PlainHttpGuard {
    static final String MESSAGE = "camgate refuses logins and API requests over plain http from the internet: they would "
            + "carry your token, password or session cookie in clear. Turn on TLS first (tls: {self_signed: true}) or put "
            + "camgate behind HTTPS (see README, Watching from outside your home).";

    /** Loopback, RFC 1918, CGNAT (RFC 6598), link-local, and IPv6 unique-local: nobody on the internet sees these. */
    private static final List<Cidr> PRIVATE = List.of("127.0.0.0/8", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16",
            "100.64.0.0/10", "169.254.0.0/16", "::1/128", "fc00::/7", "fe80::/10").stream().map(Cidr::parse).toList();

    private PlainHttpGuard() {
    }

    /** True when the request was refused (the answer is sent); false to carry on. Call after the Host check. */
    static boolean refused(ChannelHandlerContext ctx, FullHttpRequest req, HttpRouter.Shared shared) {
        Config cfg = shared.gate().config();
        if (cfg.web().allowPlainHttpFromInternet() || !guarded(req.uri(), cfg.web().basePath())) {
            return false;
        }
        Callers.Origin from = shared.callers().origin(ctx, req);
        if (from.secure() || isPrivate(from.client()) || shared.localNetworks().contains(from.client())) {
            return false;
        }
        if (Login.wantsPage(req)) {
            Responses.send(ctx, req, HttpResponseStatus.FORBIDDEN, "text/html; charset=utf-8", page());
        } else {
            Responses.error(ctx, req, HttpResponseStatus.FORBIDDEN, MESSAGE);
        }
        return true;
    }

    /** What carries a secret: the login, the logout, the API and metrics. Pages and assets hold none. */
    static boolean guarded(String uri, String basePath) {
        String path;
        try {
            path = new QueryStringDecoder(uri).path();
        } catch (IllegalArgumentException e) {
            return false; // the router answers a broken address with a 400 of its own
        }
        if (!path.startsWith(basePath + "/")) {
            return false;
        }
        path = path.substring(basePath.length());
        return path.equals("/login") || path.equals("/logout") || path.startsWith("/api/") || path.equals("/metrics");
    }

    static boolean isPrivate(InetAddress address) {
        return address.isLoopbackAddress() || PRIVATE.stream().anyMatch(n -> n.contains(address));
    }

    /** Plain words and no scripts or styles, so the page needs nothing else from camgate. */
    private static byte[] page() {
        return ("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>camgate: use https</title></head>"
                + "<body><h1>Turn on TLS first</h1><p>" + MESSAGE + "</p></body></html>").getBytes(StandardCharsets.UTF_8);
    }

    /** The warning at start for a hub that other machines reach over plain http; null when there is none to give. */
    public static String startWarning(Config cfg) {
        if (cfg.tls().enabled() || cfg.loopbackOnly()) {
            return null;
        }
        if (cfg.web().allowPlainHttpFromInternet()) {
            return "PLAIN HTTP FROM THE INTERNET IS ALLOWED (web.allow_plain_http_from_internet): logins, tokens and cookies "
                    + "from outside cross the internet in clear. Turn on TLS (tls: {self_signed: true}) or put camgate behind HTTPS.";
        }
        return "camgate listens on " + cfg.listen() + " over PLAIN HTTP: fine on your home network, but do NOT forward its port "
                + "to the internet like this. Turn on TLS first (tls: {self_signed: true}) or put camgate behind HTTPS; until then "
                + "logins and API requests from internet addresses are refused.";
    }
}
