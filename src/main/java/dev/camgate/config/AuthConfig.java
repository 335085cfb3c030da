package dev.camgate.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Who may watch and publish. On unless {@code auth: none}: a hub reachable from a network must not show a
 * home camera to whoever finds the port.
 */
public record AuthConfig(
        @Doc("`on` (the default) or `none`. Writing `auth: none` is the same as `auth: {mode: none}`: nobody needs to log in; camgate warns at start if it listens beyond loopback.") String mode,
        @Doc("How long a login lasts before the browser must log in again.") Duration sessionTtl,
        @Doc("People who log in with a password: `name`, `password_hash` (from `camgate hash-password`; 10,000 to 2,000,000 PBKDF2 iterations), `rights`.") List<UserConfig> users,
        @Doc("Tokens for programs and shared screens (Bearer header, Ayame `signalingKey`, or login link): `name`, `token_hash` (from `camgate new-token`), `rights`.") List<TokenConfig> tokens,
        @Doc("Ayame's authn webhook: every signaling register is POSTed here and its answer decides (Ayame's format).") String authnWebhookUrl,
        @Doc("Ayame's disconnect webhook: POSTed once for every registered connection that ends.") String disconnectWebhookUrl,
        @Doc("How long a webhook may take to answer before the register is refused.") Duration webhookTimeout) {

    public AuthConfig {
        mode = mode == null || mode.isBlank() ? "on" : mode.strip().toLowerCase();
        if (!mode.equals("on") && !mode.equals("none")) {
            throw new BadSetting("mode", "auth mode must be 'on' or 'none', not '" + mode + "'");
        }
        sessionTtl = sessionTtl == null ? Duration.ofDays(30) : sessionTtl;
        if (sessionTtl.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new BadSetting("session_ttl", "session_ttl must be at least 1m");
        }
        users = users == null ? List.of() : List.copyOf(users);
        tokens = tokens == null ? List.of() : List.copyOf(tokens);
        Set<String> names = new HashSet<>();
        for (int i = 0; i < users.size(); i++) {
            UserConfig u = users.get(i);
            if (!names.add(u.name())) {
                throw new BadSetting(List.of("users", i, "name"), "user '" + u.name() + "' is listed twice");
            }
        }
        for (int i = 0; i < tokens.size(); i++) {
            TokenConfig t = tokens.get(i);
            if (!names.add(t.name())) {
                throw new BadSetting(List.of("tokens", i, "name"), "name '" + t.name() + "' is used by two users or tokens");
            }
        }
        authnWebhookUrl = webhook("authn_webhook_url", authnWebhookUrl);
        disconnectWebhookUrl = webhook("disconnect_webhook_url", disconnectWebhookUrl);
        webhookTimeout = webhookTimeout == null ? Duration.ofSeconds(5) : webhookTimeout;
    }

    /** {@code auth: none} in YAML. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static AuthConfig ofMode(String mode) {
        return new AuthConfig(mode, null, null, null, null, null, null);
    }

    public static AuthConfig defaults() {
        return ofMode(null);
    }

    public boolean enabled() {
        return mode.equals("on");
    }

    private static String webhook(String setting, String url) {
        if (url == null || url.isBlank()) {
            return null;
        }
        if (!url.startsWith("http://") && !url.startsWith("https://")) {
            throw new BadSetting(setting, setting + " must be an http:// or https:// URL, not '" + url + "'");
        }
        return url;
    }
}
