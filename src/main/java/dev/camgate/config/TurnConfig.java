package dev.camgate.config;

import com.fasterxml.jackson.annotation.JsonFormat;
import java.time.Duration;
import java.util.List;

/**
 * A TURN server that shares a secret with camgate (coturn's use-auth-secret / static-auth-secret, the "TURN
 * REST API" scheme): camgate gives each authorised client its own short-lived username and password, and the
 * secret itself never leaves the hub.
 */
public record TurnConfig(
        @Doc("The shared secret: the same string as coturn's static-auth-secret.") String secret,
        @Doc("The TURN server's addresses, e.g. [\"turn:turn.example.org:3478?transport=udp\", \"turn:turn.example.org:3478?transport=tcp\"].") @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> urls,
        @Doc("How long a handed-out credential stays valid.") Duration ttl) {

    public TurnConfig {
        urls = urls == null ? List.of() : List.copyOf(urls);
        ttl = ttl == null ? Duration.ofHours(12) : ttl;
        boolean any = secret != null || !urls.isEmpty();
        if (any && (secret == null || secret.length() < 16)) {
            throw new BadSetting(secret == null ? "urls" : "secret", "turn.secret must be at least 16 characters (the same as coturn's static-auth-secret)");
        }
        if (any && urls.isEmpty()) {
            throw new BadSetting("secret", "turn.urls must list the TURN server, e.g. [\"turn:turn.example.org:3478\"]");
        }
        for (String url : urls) {
            if (!url.startsWith("turn:") && !url.startsWith("turns:")) {
                throw new BadSetting("urls", "turn url '" + url + "' must start with turn: or turns:");
            }
        }
        if (ttl.compareTo(Duration.ofMinutes(1)) < 0 || ttl.compareTo(Duration.ofDays(7)) > 0) {
            throw new BadSetting("ttl", "turn.ttl must be between 1m and 7d");
        }
    }

    public static TurnConfig off() {
        return new TurnConfig(null, null, null);
    }

    public boolean enabled() {
        return secret != null;
    }

    @Override
    public String toString() {
        return "TurnConfig[urls=" + urls + ", ttl=" + ttl + "]"; // never the secret, not even in a log
    }
}
