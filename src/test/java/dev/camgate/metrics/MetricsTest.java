package dev.camgate.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camgate.testing.TestHub;
import dev.camgate.testing.WsClient;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class MetricsTest {
    static TestHub hub;

    @BeforeAll
    static void start() {
        hub = TestHub.start("""
                cameras:
                  - {id: garage, type: ayame, key: garage-secret}
                """);
    }

    @AfterAll
    static void stop() {
        hub.close();
    }

    static Map<String, Double> scrape() {
        var response = hub.get("/metrics");
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("content-type").orElse("").startsWith("text/plain; version=0.0.4"));
        return PrometheusText.parse(response.body());
    }

    @Test
    void countersMoveWithTraffic() {
        Map<String, Double> before = scrape();
        try (WsClient a = hub.client(); WsClient b = hub.client(); WsClient c = hub.client(); WsClient offline = hub.client()) {
            a.register("metrics-room");
            b.register("metrics-room");
            c.register("metrics-room"); // full
            offline.register("garage"); // camera offline
            for (int i = 0; i < 5; i++) {
                b.send("{\"type\":\"offer\",\"sdp\":\"v=0 " + i + "\"}");
                a.nextText();
            }
            Map<String, Double> during = scrape();
            assertEquals(5.0, during.get("camgate_messages_relayed_total") - before.getOrDefault("camgate_messages_relayed_total", 0.0));
            assertEquals(1.0, during.get("camgate_rooms"));
            assertTrue(during.get("camgate_connections{kind=\"signaling\"}") >= 2.0);
            assertEquals(5.0, during.get("camgate_relay_seconds_count") - before.getOrDefault("camgate_relay_seconds_count", 0.0));
            assertEquals(1.0, during.get("camgate_rejects_total{reason=\"full\"}") - before.getOrDefault("camgate_rejects_total{reason=\"full\"}", 0.0));
            assertEquals(1.0, during.get("camgate_rejects_total{reason=\"offline\"}") - before.getOrDefault("camgate_rejects_total{reason=\"offline\"}", 0.0));
            assertEquals(1.0, during.get("camgate_cameras{status=\"offline\"}"));
            assertTrue(during.get("camgate_jvm_memory_bytes{area=\"heap\",kind=\"used\"}") > 0);
        }
    }

    @Test
    void metricsCanLiveOnTheirOwnPort() throws Exception {
        int metricsPort;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            metricsPort = free.getLocalPort();
        }
        try (TestHub separate = TestHub.start("metrics_port: " + metricsPort + "\n")) {
            assertEquals(404, separate.get("/metrics").statusCode(), "not on the main port any more");
            var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + metricsPort + "/metrics")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode());
            assertTrue(PrometheusText.parse(response.body()).containsKey("camgate_rooms"));
        }
    }

    @Test
    void healthzSaysUpWithVersionUptimeAndCameras() {
        JsonNode health = hub.getJson("/healthz");
        assertEquals("up", health.get("status").asString());
        assertTrue(health.has("version") && health.get("uptimeSeconds").asLong() >= 0);
        assertEquals(1, health.get("cameras").get("total").asInt());
        assertEquals(0, health.get("cameras").get("online").asInt());
    }
}
