package dev.camgate.testing;

import dev.camgate.Hub;
import dev.camgate.config.Config;
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
    private final Hub hub;

    private TestHub(Hub hub) {
        this.hub = hub;
    }

    public static TestHub start(String yaml) {
        return startOn(0, yaml);
    }

    /** A hub on a given port, e.g. to restart one where clients expect it. */
    public static TestHub startOn(int port, String yaml) {
        Config config = (yaml == null ? Config.defaults() : Config.parseYaml(yaml, "test.yaml")).withPort(port).withListen("127.0.0.1");
        try {
            return new TestHub(Hub.start(config));
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    public Hub hub() {
        return hub;
    }

    public int port() {
        return hub.port();
    }

    public WsClient client() {
        return WsClient.connect(port());
    }

    public HttpResponse<String> get(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
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
