package dev.camgate.config;

import com.fasterxml.jackson.annotation.JsonFormat;
import java.util.List;

/** How camgate sits on the web: behind a proxy, under a path, which pages may open its WebSockets. */
public record WebConfig(
        @Doc("Serve everything under this path (for example /camgate behind a reverse proxy); empty = the root.") String basePath,
        @Doc("Addresses of reverse proxies whose X-Forwarded-For/-Proto/-Host headers are believed; from anyone else they are ignored.") @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> trustedProxies,
        @Doc("Pages on other origins (like https://example.org) allowed to open camgate's WebSockets from a browser; camgate's own origin always is. \"*\" allows any; \"null\" allows pages opened from a file.") @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> allowedOrigins,
        @Doc("Host names camgate answers to besides IP addresses, localhost and this machine's own name (a page on any other name is refused, which stops DNS rebinding); \"*\" accepts any name.") @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> hostnames,
        @Doc("Accept logins and API requests over plain http from internet addresses (anything but loopback, private, CGNAT, ULA and link-local). Off, because the token, password and cookie would cross the internet readable by anyone on the way: turn on `tls` or put camgate behind an HTTPS proxy instead.") Boolean allowPlainHttpFromInternet) {

    public WebConfig {
        basePath = basePath == null ? "" : basePath.strip();
        while (basePath.endsWith("/")) {
            basePath = basePath.substring(0, basePath.length() - 1);
        }
        if (!basePath.isEmpty() && !basePath.matches("(/[A-Za-z0-9._~-]+)+")) {
            throw new BadSetting("base_path", "base_path '" + basePath + "' must look like /camgate (letters, digits, . _ ~ -)");
        }
        trustedProxies = trustedProxies == null ? List.of() : List.copyOf(trustedProxies);
        for (int i = 0; i < trustedProxies.size(); i++) {
            try {
                Cidr.parse(trustedProxies.get(i));
            } catch (IllegalArgumentException e) {
                throw new BadSetting(List.of("trusted_proxies", i), "trusted proxy " + e.getMessage());
            }
        }
        allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
        for (int i = 0; i < allowedOrigins.size(); i++) {
            String origin = allowedOrigins.get(i);
            if (!origin.equals("*") && !origin.equals("null") && !origin.matches("https?://[^/\\s]+")) {
                throw new BadSetting(List.of("allowed_origins", i), "allowed origin '" + origin
                        + "' must look like https://example.org (scheme and host, no path), or be \"null\" (pages opened from a file)");
            }
        }
        allowPlainHttpFromInternet = Boolean.TRUE.equals(allowPlainHttpFromInternet);
        hostnames = hostnames == null ? List.of() : hostnames.stream().map(h -> h.strip().toLowerCase(java.util.Locale.ROOT)).toList();
        for (int i = 0; i < hostnames.size(); i++) {
            String host = hostnames.get(i);
            if (!host.equals("*") && !host.matches("(\\*\\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*\\.?")) {
                throw new BadSetting(List.of("hostnames", i), "host name '" + host + "' must be a DNS name like cams.example.org (or *.example.org, or \"*\"), without scheme or port");
            }
        }
    }

    public static WebConfig defaults() {
        return new WebConfig(null, null, null, null, null);
    }
}
