package dev.camgate.auth;

import dev.camgate.config.AuthConfig;
import dev.camgate.config.TokenConfig;
import dev.camgate.config.UserConfig;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Turns what a client presents (admin token, configured token, name and password, session cookie) into a
 * {@link Principal}. A session is a signed cookie that names a session id, and is good while that id is in
 * {@link Sessions} (which logout and expiry remove, and which survives a restart). Deleting the state
 * directory's session-key logs everybody out too.
 */
public final class Authenticator implements AutoCloseable {
    public static final String ADMIN_TOKEN_FILE = "admin-token";
    static final String SESSIONS_FILE = "sessions";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private final boolean enabled;
    private final String adminToken;
    private final byte[] adminTokenHash;
    private final byte[] sessionKey;
    private final Duration sessionTtl;
    private final Map<String, Principal> tokensByHash = new HashMap<>();
    private final Map<String, Principal> tokensByName = new HashMap<>();
    private final Map<String, UserConfig> users = new HashMap<>();
    private final Map<String, Principal> userPrincipals = new HashMap<>();
    private final Clock clock;
    private final Sessions sessions;

    /** What a session cookie proved: who, and the session id to log out or watch (null if nothing). */
    public record Verified(Principal principal, String sessionId) {
        static final Verified NOTHING = new Verified(Principal.NOBODY, null);
    }

    private Authenticator(AuthConfig config, String adminToken, byte[] sessionKey, Clock clock, Sessions sessions) {
        this.enabled = config.enabled();
        this.adminToken = adminToken;
        this.adminTokenHash = adminToken == null ? null : Tokens.sha256(adminToken.getBytes(StandardCharsets.UTF_8));
        this.sessionKey = sessionKey;
        this.sessionTtl = config.sessionTtl();
        this.clock = clock;
        this.sessions = sessions;
        for (TokenConfig t : config.tokens()) {
            Principal p = Principal.of(t.name(), t.rights());
            tokensByHash.put(t.tokenHash(), p);
            tokensByName.put(t.name(), p);
        }
        for (UserConfig u : config.users()) {
            users.put(u.name(), u);
            userPrincipals.put(u.name(), Principal.of(u.name(), u.rights()));
        }
    }

    /** Reads (or on first start creates) the admin token and session key in the state directory. */
    public static Authenticator create(AuthConfig config, StateDir state, Clock clock) {
        if (!config.enabled()) {
            return new Authenticator(config, null, null, clock, Sessions.open(clock, null));
        }
        String admin = state.secret(ADMIN_TOKEN_FILE, Tokens::random);
        byte[] key = B64D.decode(state.secret("session-key", Tokens::random));
        return new Authenticator(config, admin, key, clock, Sessions.open(clock, state.resolve(SESSIONS_FILE)));
    }

    public boolean enabled() {
        return enabled;
    }

    /** The token in the login URL printed at start; null when auth is off. */
    public String adminToken() {
        return adminToken;
    }

    public Duration sessionTtl() {
        return sessionTtl;
    }

    /** The admin token or a configured token; {@link Principal#NOBODY} for anything else (or null). */
    public Principal token(String token) {
        if (!enabled) {
            return Principal.EVERYONE;
        }
        if (token == null || token.isEmpty() || token.length() > 512) {
            return Principal.NOBODY;
        }
        byte[] hash = Tokens.sha256(token.getBytes(StandardCharsets.UTF_8));
        if (MessageDigest.isEqual(hash, adminTokenHash)) {
            return Principal.ADMIN;
        }
        Principal p = tokensByHash.get("sha256$" + B64.encodeToString(hash));
        return p == null ? Principal.NOBODY : p;
    }

    /** Slow on purpose (PBKDF2): never call it on an event loop. */
    public Principal password(String name, char[] password) {
        UserConfig user = name == null ? null : users.get(name);
        if (user == null) {
            // Same work for an unknown name, so timing does not tell which names exist.
            Passwords.verify(Passwords.DUMMY, password);
            return Principal.NOBODY;
        }
        return Passwords.verify(user.passwordHash(), password) ? userPrincipals.get(name) : Principal.NOBODY;
    }

    /** A cookie value that proves who this is until the session TTL runs out or it is logged out. */
    public String newSession(Principal who) {
        String kind = who == Principal.ADMIN ? "a:" : tokensByName.get(who.name()) == who ? "t:" : "u:";
        long expires = clock.instant().plus(sessionTtl).getEpochSecond();
        String payload = kind + who.name() + "|" + expires + "|" + sessions.open(expires);
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        return B64.encodeToString(bytes) + "." + B64.encodeToString(mac(bytes));
    }

    public Sessions sessions() {
        return sessions;
    }

    /** Who the cookie says, if its signature is ours, its session is live, and that user or token still exists. */
    public Principal session(String cookie) {
        return verify(cookie).principal();
    }

    public Verified verify(String cookie) {
        if (!enabled) {
            return new Verified(Principal.EVERYONE, null);
        }
        if (cookie == null || cookie.length() > 512) {
            return Verified.NOTHING;
        }
        int dot = cookie.indexOf('.');
        if (dot < 0) {
            return Verified.NOTHING;
        }
        byte[] payload;
        byte[] sig;
        try {
            payload = B64D.decode(cookie.substring(0, dot));
            sig = B64D.decode(cookie.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            return Verified.NOTHING;
        }
        if (!MessageDigest.isEqual(sig, mac(payload))) {
            return Verified.NOTHING;
        }
        // kind:name|expires|session id; a name may hold '|', so both are found from the end.
        String text = new String(payload, StandardCharsets.UTF_8);
        int idBar = text.lastIndexOf('|');
        int bar = idBar <= 0 ? -1 : text.lastIndexOf('|', idBar - 1);
        if (bar < 0) {
            return Verified.NOTHING; // a cookie from before session ids: log in again
        }
        long expires;
        try {
            expires = Long.parseLong(text.substring(bar + 1, idBar));
        } catch (RuntimeException e) {
            return Verified.NOTHING;
        }
        String id = text.substring(idBar + 1);
        if (clock.instant().getEpochSecond() >= expires || !sessions.live(id)) {
            return Verified.NOTHING;
        }
        String who = text.substring(0, bar);
        Principal p = switch (who.length() < 2 ? "" : who.substring(0, 2)) {
            case "a:" -> Principal.ADMIN;
            case "t:" -> tokensByName.get(who.substring(2));
            case "u:" -> userPrincipals.get(who.substring(2));
            default -> null;
        };
        return p == null ? Verified.NOTHING : new Verified(p, id);
    }

    @Override
    public void close() {
        sessions.close();
    }

    private byte[] mac(byte[] payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(sessionKey, "HmacSHA256"));
            return mac.doFinal(payload);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
