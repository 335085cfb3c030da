package dev.camgate.config;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything camgate is told at start. Immutable; defaults apply to any field the file leaves out, so a
 * missing file and an empty file mean the same thing.
 */
public record Config(
        @Doc("Address to listen on; 0.0.0.0 is every interface. Flag --listen, env CAMGATE_LISTEN.") String listen,
        @Doc("Port for pages, API and signaling. Flag --port, env CAMGATE_PORT.") Integer port,
        @Doc("How often every client gets {\"type\":\"ping\"}; below 30s, because Momo reconnects after 30s without one.") Duration pingInterval,
        @Doc("A client that answers no ping for this long is disconnected.") Duration pongTimeout,
        @Doc("Largest signaling message accepted, in bytes (4096 to 16777216).") Integer maxMessageBytes,
        @Doc("STUN/TURN servers given to every client: `urls` (one or a list), optional `username`, `credential`.") List<IceServer> iceServers,
        @Doc("Let browsers publish cameras that are not in this file, from /publish.") Boolean adhocCameras,
        @Doc("trace, debug, info, warn or error. Flag --log-level, env CAMGATE_LOG_LEVEL.") String logLevel,
        @Doc("Serve /metrics on this port instead of the main one (like Ayame's 4000), so it can be firewalled apart; 0 = the main port.") Integer metricsPort,
        @Doc("Where camgate keeps what it creates: the admin token, the session key, a self-signed certificate. Flag --state-dir, env CAMGATE_STATE_DIR; default $XDG_STATE_HOME/camgate or ~/.local/state/camgate.") String stateDir,
        @Doc("Who may watch and publish: see [auth](#auth).") AuthConfig auth,
        @Doc("HTTPS and WSS on the same port: see [tls](#tls).") TlsConfig tls,
        @Doc("Reverse proxy, base path and allowed origins: see [web](#web).") WebConfig web,
        @Doc("Per-address limits against floods and guessing: see [limits](#limits).") LimitsConfig limits,
        @Doc("A TURN server sharing a secret with camgate, for short-lived credentials: see [turn](#turn).") TurnConfig turn,
        @Doc("The UDP port relayed cameras use: see [media](#media).") MediaConfig media,
        @Doc("Where recordings go and how long they stay: see [recording](#recording).") RecordingConfig recording,
        @Doc("The cameras: see below.") List<CameraConfig> cameras) {

    public static final int DEFAULT_PORT = 41337;
    /** Momo in ayame mode reconnects when it sees no ping for 30 s (docs/protocol.md §U1). */
    static final Duration MOMO_WATCHDOG = Duration.ofSeconds(30);

    public Config {
        listen = listen == null || listen.isBlank() ? "0.0.0.0" : listen;
        port = port == null ? DEFAULT_PORT : port;
        if (port < 0 || port > 65535) {
            throw new BadSetting("port", "port " + port + " is not between 0 and 65535");
        }
        pingInterval = pingInterval == null ? Duration.ofSeconds(5) : pingInterval;
        if (pingInterval.isNegative() || pingInterval.isZero() || pingInterval.compareTo(MOMO_WATCHDOG) >= 0) {
            throw new BadSetting("ping_interval", "ping_interval must be above 0 and below 30s (Momo reconnects after 30s without a ping), not "
                    + Durations.format(pingInterval));
        }
        pongTimeout = pongTimeout == null ? Duration.ofSeconds(60) : pongTimeout;
        if (pongTimeout.compareTo(pingInterval) <= 0) {
            throw new BadSetting("pong_timeout", "pong_timeout (" + Durations.format(pongTimeout)
                    + ") must be longer than ping_interval (" + Durations.format(pingInterval) + ")");
        }
        maxMessageBytes = maxMessageBytes == null ? 1024 * 1024 : maxMessageBytes;
        if (maxMessageBytes < 4096 || maxMessageBytes > 16 * 1024 * 1024) {
            throw new BadSetting("max_message_bytes", "max_message_bytes must be between 4096 and 16777216, not " + maxMessageBytes);
        }
        iceServers = iceServers == null ? List.of() : List.copyOf(iceServers);
        adhocCameras = adhocCameras == null ? Boolean.TRUE : adhocCameras;
        logLevel = logLevel == null || logLevel.isBlank() ? "info" : logLevel.toLowerCase();
        if (!Set.of("trace", "debug", "info", "warn", "error", "off").contains(logLevel)) {
            throw new BadSetting("log_level", "log_level '" + logLevel + "' must be one of trace, debug, info, warn, error, off");
        }
        metricsPort = metricsPort == null ? 0 : metricsPort;
        if (metricsPort < 0 || metricsPort > 65535) {
            throw new BadSetting("metrics_port", "metrics_port " + metricsPort + " is not between 0 and 65535");
        }
        stateDir = stateDir == null || stateDir.isBlank() ? null : stateDir;
        auth = auth == null ? AuthConfig.defaults() : auth;
        tls = tls == null ? TlsConfig.off() : tls;
        web = web == null ? WebConfig.defaults() : web;
        limits = limits == null ? LimitsConfig.defaults() : limits;
        turn = turn == null ? TurnConfig.off() : turn;
        media = media == null ? MediaConfig.defaults() : media;
        recording = recording == null ? RecordingConfig.defaults() : recording;
        cameras = cameras == null ? List.of() : List.copyOf(cameras);
        Map<String, String> idsByKey = new HashMap<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < cameras.size(); i++) {
            CameraConfig camera = cameras.get(i);
            if (!ids.add(camera.id())) {
                throw new BadSetting(List.of("cameras", i, "id"), "camera id '" + camera.id() + "' is used twice");
            }
            // A shared key lets one camera pose as the other; the message names both and never the key.
            String other = camera.key() == null ? null : idsByKey.putIfAbsent(camera.key(), camera.id());
            if (other != null) {
                throw new BadSetting(List.of("cameras", i, "key"), "cameras '" + other + "' and '" + camera.id()
                        + "' have the same key; give each camera its own, or either could pose as the other");
            }
        }
    }

    /** Every setting at its default: what a missing or empty file means. */
    public static Config defaults() {
        return Records.ofNulls(Config.class);
    }

    public static Config parseYaml(String yaml, String sourceName) {
        return ConfigLoader.parse(yaml, sourceName);
    }

    public Config withPort(int newPort) {
        return with("port", newPort);
    }

    public Config withListen(String newListen) {
        return with("listen", newListen);
    }

    public Config withLogLevel(String newLevel) {
        return with("logLevel", newLevel);
    }

    /** Both at once: each is checked against the other. */
    public Config withTimers(Duration newPingInterval, Duration newPongTimeout) {
        Map<String, Object> timers = new HashMap<>();
        timers.put("pingInterval", newPingInterval);
        timers.put("pongTimeout", newPongTimeout);
        return Records.with(this, timers);
    }

    public Config withStateDir(String newStateDir) {
        return with("stateDir", newStateDir);
    }

    public Config withAuth(AuthConfig newAuth) {
        return with("auth", newAuth);
    }

    public Config withLimits(LimitsConfig newLimits) {
        return with("limits", newLimits);
    }

    /** A copy with one setting changed (null: its default), through the constructor's checks. */
    private Config with(String component, Object value) {
        return Records.with(this, java.util.Collections.singletonMap(component, value));
    }

    /** True when only this machine can connect: then running without auth is a choice that hurts nobody. */
    public boolean loopbackOnly() {
        return listen.equals("localhost") || listen.startsWith("127.") || listen.equals("::1");
    }

    /**
     * $HOME when set, as the shell and the README mean by ~; Java's user.home comes from the passwd entry
     * instead, which ignores HOME=/somewhere (systemd's, a test's, sudo's).
     */
    public static String homeDirectory() {
        String home = System.getenv("HOME");
        return home != null && !home.isBlank() ? home : System.getProperty("user.home");
    }

    /** The state directory to use: the configured one, else the XDG state directory (it survives restarts, unlike /tmp). */
    /** Where recordings go: {@code recording.path}, else {@code recordings} in the state directory. */
    public java.nio.file.Path recordingDirectory() {
        return java.nio.file.Path.of(recording.path() != null ? recording.path() : stateDirectory() + "/recordings");
    }

    public String stateDirectory() {
        if (stateDir != null) {
            return stateDir;
        }
        String env = System.getenv("CAMGATE_STATE_DIR");
        if (env != null && !env.isBlank()) {
            return env;
        }
        String xdg = System.getenv("XDG_STATE_HOME");
        String base = xdg != null && !xdg.isBlank() ? xdg : homeDirectory() + "/.local/state";
        return base + "/camgate";
    }
}
