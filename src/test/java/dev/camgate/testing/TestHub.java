package dev.camgate.testing;

import dev.camgate.Hub;
import dev.camgate.config.AuthConfig;
import dev.camgate.config.Config;
import dev.camgate.config.LimitsConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import tools.jackson.databind.JsonNode;

/** A hub on an ephemeral loopback port, for one test class. */
public final class TestHub implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** One state directory for the test run: the admin token and session key, as a real install keeps them. */
    public static final java.nio.file.Path STATE = tempState();
    private final Hub hub;

    private TestHub(Hub hub) {
        this.hub = hub;
    }

    public static TestHub start(String yaml) {
        return startOn(0, yaml);
    }

    /**
     * A hub on a given port, e.g. to restart one where clients expect it. Unless the YAML says otherwise, it
     * runs with {@code auth: none} and without per-address limits (every test client comes from 127.0.0.1):
     * tests of those features configure them, everything else tests what it is about.
     */
    public static TestHub startOn(int port, String yaml) {
        return startOn(port, yaml, java.time.Clock.systemUTC());
    }

    /** A hub on a clock the test controls (e.g. a {@link MovableClock}). */
    public static TestHub start(String yaml, java.time.Clock clock) {
        return startOn(0, yaml, clock);
    }

    private static TestHub startOn(int port, String yaml, java.time.Clock clock) {
        Config config = (yaml == null ? Config.defaults() : Config.parseYaml(yaml, "test.yaml")).withPort(port).withListen("127.0.0.1");
        if (config.stateDir() == null) {
            config = config.withStateDir(STATE.toString());
        }
        if (yaml == null || !yaml.contains("auth:")) {
            config = config.withAuth(AuthConfig.ofMode("none"));
        }
        if (yaml == null || !yaml.contains("limits:")) {
            config = config.withLimits(new LimitsConfig(100_000, 100_000, 100_000, java.time.Duration.ZERO, null, null, null, null, 100_000));
        }
        try {
            return new TestHub(Hub.start(config, clock));
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static java.nio.file.Path tempState() {
        try {
            java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("camgate-test-state");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public Hub hub() {
        return hub;
    }

    public int port() {
        return hub.port();
    }

    /** The UDP port relayed video uses; the hub must relay some camera. */
    public int mediaPort() {
        if (hub.media() == null) {
            throw new IllegalStateException("this hub relays no camera, so it has no media port");
        }
        return hub.media().port();
    }

    public WsClient client() {
        return WsClient.connect(port());
    }

    public HttpResponse<String> get(String path) {
        return get(path, java.util.Map.of());
    }

    /** GET with these headers; redirects are not followed, so a test sees them. */
    public HttpResponse<String> get(String path, java.util.Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path)).timeout(Duration.ofSeconds(10));
        headers.forEach(b::header);
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError("GET " + path + " failed", e);
        }
    }

    /** GET with {@code Authorization: Bearer token}, for hubs with auth on. */
    public JsonNode getJson(String path, String token) {
        try {
            return WsClient.JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path))
                    .header("Authorization", "Bearer " + token)
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body());
        } catch (Exception e) {
            throw new AssertionError("GET " + path + " failed", e);
        }
    }

    public JsonNode getJson(String path) {
        return WsClient.JSON.readTree(get(path).body());
    }

    /** Polls until the condition holds, or fails with the message after 10 s. */
    public static void eventually(String what, BooleanSupplier condition) {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    @Override
    public void close() {
        hub.close();
    }
}
