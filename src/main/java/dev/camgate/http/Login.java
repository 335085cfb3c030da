package dev.camgate.http;

import dev.camgate.abuse.AbuseGuard;
import dev.camgate.auth.Authenticator;
import dev.camgate.auth.Principal;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.InetAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * /login and /logout. A login sets an HttpOnly, SameSite=Strict session cookie. Passwords are checked on
 * one thread of their own (PBKDF2 is slow on purpose), never on an event loop, and an address that keeps
 * failing must wait before its next attempt is even checked.
 */
final class Login {
    private static final Logger LOG = LoggerFactory.getLogger(Login.class);
    /** A path and query of RFC 3986's unreserved, sub-delims, ':', '@', '/', '?' and '%': no '\\', no '#', nothing else. */
    private static final Pattern SAFE_NEXT = Pattern.compile("/[A-Za-z0-9\\-._~!$&'()*+,;=:@/?%]*");
    private final Authenticator auth;
    private final AbuseGuard guard;
    private final String basePath;
    private final ExecutorService passwordChecks;
    /** Addresses with a password check queued or running; at most the queue's size plus one at a time. */
    private final Set<InetAddress> checking = ConcurrentHashMap.newKeySet();

    Login(Authenticator auth, AbuseGuard guard, String basePath, ExecutorService passwordChecks) {
        this.auth = auth;
        this.guard = guard;
        this.basePath = basePath;
        this.passwordChecks = passwordChecks;
    }

    /** GET /login?token=... (the link printed at start) or POST /login (the form). Else false: serve the page. */
    boolean handle(ChannelHandlerContext ctx, FullHttpRequest req, Caller caller) {
        try {
            return check(ctx, req, caller);
        } catch (RuntimeException e) {
            failed(ctx, req, e);
            return true;
        }
    }

    /** Whatever went wrong, the browser gets an answer instead of a connection that hangs. */
    private static void failed(ChannelHandlerContext ctx, FullHttpRequest req, RuntimeException e) {
        LOG.warn("login failed with an error; answering 500", e);
        Responses.error(ctx, req, HttpResponseStatus.INTERNAL_SERVER_ERROR, "login failed: internal error");
    }

    private boolean check(ChannelHandlerContext ctx, FullHttpRequest req, Caller caller) {
        Map<String, List<String>> form;
        if (req.method() == HttpMethod.POST) {
            form = new QueryStringDecoder(req.content().toString(StandardCharsets.UTF_8), false).parameters();
        } else {
            form = new QueryStringDecoder(req.uri()).parameters();
            if (!form.containsKey("token")) {
                return false;
            }
        }
        String next = safeNext(value(form, "next"));
        if (!auth.enabled()) {
            Responses.redirect(ctx, req, basePath + next, null);
            return true;
        }
        Duration wait = guard.backoff(caller.address());
        if (!wait.isZero()) {
            long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
            tooMany(ctx, req, seconds, "too many failed logins from your address: try again in " + seconds + " s", next);
            return true;
        }
        String token = value(form, "token");
        if (token != null && !token.isEmpty()) {
            finish(ctx, req, caller, auth.token(token), next);
            return true;
        }
        String name = value(form, "name");
        String password = value(form, "password");
        if (name == null || password == null) {
            Responses.redirect(ctx, req, basePath + "/login?error=" + enc("enter a name and password, or a token") + "&next=" + enc(next), null);
            return true;
        }
        checkPassword(ctx, req, caller, name, password, next);
        return true;
    }

    /**
     * One check in flight per address: a flood from one address costs everyone else at most the one hash
     * already running, instead of a place behind all of its queued guesses.
     */
    private void checkPassword(ChannelHandlerContext ctx, FullHttpRequest req, Caller caller, String name, String password,
                               String next) {
        InetAddress from = caller.address();
        if (!checking.add(from)) {
            tooMany(ctx, req, 1, "a login from your address is already being checked: wait for its answer", next);
            return;
        }
        try {
            passwordChecks.execute(() -> {
                Principal who;
                try {
                    who = auth.password(name, password.toCharArray());
                } catch (RuntimeException e) {
                    checking.remove(from);
                    ctx.executor().execute(() -> failed(ctx, req, e));
                    return;
                }
                // Freed before the answer goes out, so the browser's next attempt is never refused for it.
                checking.remove(from);
                ctx.executor().execute(() -> {
                    try {
                        finish(ctx, req, caller, who, next);
                    } catch (RuntimeException e) {
                        failed(ctx, req, e);
                    }
                });
            });
        } catch (RejectedExecutionException busy) {
            checking.remove(from);
            tooMany(ctx, req, 1, "too many logins at once: try again in a moment", next);
        }
    }

    /**
     * 429 with Retry-After, so a script knows when. A browser (the printed link, the form) would show that
     * JSON as raw text, so it goes back to the login form with the message instead.
     */
    private void tooMany(ChannelHandlerContext ctx, FullHttpRequest req, long seconds, String message, String next) {
        if (wantsPage(req)) {
            Responses.redirect(ctx, req, basePath + "/login?error=" + enc(message) + "&next=" + enc(next), null);
            return;
        }
        byte[] body = ("{\"error\":" + Json.quote(message) + "}").getBytes(StandardCharsets.UTF_8);
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.TOO_MANY_REQUESTS,
                Unpooled.wrappedBuffer(body));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json; charset=utf-8");
        res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        res.headers().set(HttpHeaderNames.RETRY_AFTER, seconds);
        res.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        if (HttpUtil.isKeepAlive(req)) {
            res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(res);
        } else {
            ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** Browsers navigating (a link, a form) ask for text/html first; fetch(), curl and scripts do not. */
    static boolean wantsPage(FullHttpRequest req) {
        String accept = req.headers().get(HttpHeaderNames.ACCEPT);
        return accept != null && accept.toLowerCase(java.util.Locale.ROOT).contains("text/html");
    }

    private void finish(ChannelHandlerContext ctx, FullHttpRequest req, Caller caller, Principal who, String next) {
        if (!who.known()) {
            guard.failed(caller.address(), "failed login");
            Responses.redirect(ctx, req, basePath + "/login?error=" + enc("wrong name, password or token") + "&next=" + enc(next), null);
            return;
        }
        Responses.redirect(ctx, req, basePath + next, cookie(auth.newSession(who), auth.sessionTtl().toSeconds(), caller.secure()));
    }

    /** Ends this browser's session (and its open sockets); {@code everywhere=1} from the admin ends every session. */
    void logout(ChannelHandlerContext ctx, FullHttpRequest req, Caller caller) {
        try {
            String everywhere = value(new QueryStringDecoder(req.content().toString(StandardCharsets.UTF_8), false).parameters(), "everywhere");
            if ("1".equals(everywhere) && caller.principal().may(dev.camgate.auth.Right.ADMIN, "*") && auth.enabled()) {
                LOG.info("the admin logged out every session");
                auth.sessions().revokeAll();
            } else if (caller.sessionId() != null) {
                auth.sessions().revoke(caller.sessionId());
            }
        } catch (RuntimeException e) {
            failed(ctx, req, e);
            return;
        }
        Responses.redirect(ctx, req, basePath + "/login", cookie("", 0, caller.secure()));
    }

    private String cookie(String value, long maxAge, boolean secure) {
        return Callers.SESSION_COOKIE + "=" + value + "; Path=" + (basePath.isEmpty() ? "/" : basePath)
                + "; Max-Age=" + maxAge + "; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
    }

    /**
     * Only a path inside camgate: never another site (an open redirect would help phishing), and only
     * characters a Location header may carry as they are, so building the redirect cannot fail.
     */
    static String safeNext(String next) {
        if (next == null || next.length() > 512 || !SAFE_NEXT.matcher(next).matches() || next.startsWith("//")) {
            return "/";
        }
        return next;
    }

    private static String value(Map<String, List<String>> form, String name) {
        List<String> v = form.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
