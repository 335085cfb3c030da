package dev.camgate.config;

import java.time.Duration;

/** What one address may do before camgate slows it down; nobody else may feel one client's misbehaviour. */
public record LimitsConfig(
        @Doc("Open connections from one address; more are closed at once.") Integer connectionsPerIp,
        @Doc("Signaling registrations one address may start per second; more are refused after a delay.") Integer registrationsPerSecond,
        @Doc("Refused logins or registrations (wrong key, password or token) from one address before its answers slow down.") Integer failuresBeforeBackoff,
        @Doc("Longest delay before a refusal is sent to an address that keeps failing (the delay doubles with each failure up to this).") Duration maxBackoff) {

    public LimitsConfig {
        connectionsPerIp = positive("connections_per_ip", connectionsPerIp, 256);
        registrationsPerSecond = positive("registrations_per_second", registrationsPerSecond, 20);
        failuresBeforeBackoff = positive("failures_before_backoff", failuresBeforeBackoff, 3);
        maxBackoff = maxBackoff == null ? Duration.ofSeconds(30) : maxBackoff;
        if (maxBackoff.isNegative() || maxBackoff.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new IllegalArgumentException("max_backoff must be between 0s and 10m");
        }
    }

    public static LimitsConfig defaults() {
        return new LimitsConfig(null, null, null, null);
    }

    private static int positive(String name, Integer value, int fallback) {
        if (value == null) {
            return fallback;
        }
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, not " + value);
        }
        return value;
    }
}
