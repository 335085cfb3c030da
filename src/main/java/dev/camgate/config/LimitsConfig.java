package dev.camgate.config;

import java.time.Duration;

/** What one client may do before camgate slows it down or closes it; nobody else may feel one client's misbehaviour. */
public record LimitsConfig(
        @Doc("Open connections from one address; more are closed at once.") Integer connectionsPerIp,
        @Doc("Signaling registrations one address may start per second; more are refused after a delay.") Integer registrationsPerSecond,
        @Doc("Refused logins or registrations (wrong key, password or token) from one address, or for one room id from all addresses, before further attempts wait (even the right key) before they are checked.") Integer failuresBeforeBackoff,
        @Doc("Longest wait before an attempt from an address (or for a room) that keeps failing is checked (the delay doubles with each failure up to this).") Duration maxBackoff,
        @Doc("Open connections in all; 0 = the process's open-files limit less a reserve for cameras, recordings and the admin. More get a 503.") Integer maxConnections,
        @Doc("A request (the TLS handshake, headers and body) must arrive whole within this time of its first byte.") Duration requestTimeout,
        @Doc("A keep-alive HTTP connection that sends no request for this long is closed.") Duration idleTimeout,
        @Doc("A signaling WebSocket must send its register within this time of opening.") Duration registerTimeout,
        @Doc("Times camgate may dial one camera per minute, whatever its viewers do; more viewers wait for a free dial.") Integer cameraDialsPerMinute) {

    public LimitsConfig {
        connectionsPerIp = positive("connections_per_ip", connectionsPerIp, 256);
        registrationsPerSecond = positive("registrations_per_second", registrationsPerSecond, 20);
        failuresBeforeBackoff = positive("failures_before_backoff", failuresBeforeBackoff, 3);
        maxBackoff = within("max_backoff", maxBackoff, Duration.ofSeconds(30), Duration.ZERO, Duration.ofMinutes(10));
        maxConnections = maxConnections == null ? 0 : maxConnections;
        if (maxConnections < 0) {
            throw new BadSetting("max_connections", "max_connections must be 0 (automatic) or more, not " + maxConnections);
        }
        requestTimeout = within("request_timeout", requestTimeout, Duration.ofSeconds(10), Duration.ofMillis(100), Duration.ofMinutes(5));
        idleTimeout = within("idle_timeout", idleTimeout, Duration.ofSeconds(60), Duration.ofMillis(100), Duration.ofHours(1));
        registerTimeout = within("register_timeout", registerTimeout, Duration.ofSeconds(10), Duration.ofMillis(100), Duration.ofMinutes(5));
        cameraDialsPerMinute = positive("camera_dials_per_minute", cameraDialsPerMinute, 30);
    }

    public static LimitsConfig defaults() {
        return new LimitsConfig(null, null, null, null, null, null, null, null, null);
    }

    /** Per-address limits as given, the rest at their defaults. */
    public static LimitsConfig perAddress(Integer connectionsPerIp, Integer registrationsPerSecond, Integer failuresBeforeBackoff,
                                          Duration maxBackoff) {
        return new LimitsConfig(connectionsPerIp, registrationsPerSecond, failuresBeforeBackoff, maxBackoff, null, null, null, null, null);
    }

    private static int positive(String name, Integer value, int fallback) {
        if (value == null) {
            return fallback;
        }
        if (value < 1) {
            throw new BadSetting(name, name + " must be at least 1, not " + value);
        }
        return value;
    }

    private static Duration within(String name, Duration value, Duration fallback, Duration min, Duration max) {
        if (value == null) {
            return fallback;
        }
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new BadSetting(name, name + " must be between " + Durations.format(min) + " and " + Durations.format(max)
                    + ", not " + Durations.format(value));
        }
        return value;
    }
}
