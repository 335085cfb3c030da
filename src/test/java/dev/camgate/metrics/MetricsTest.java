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
    void healthzSaysUpWithVersionUptimeAndCameras() {
        JsonNode health = hub.getJson("/healthz");
        assertEquals("up", health.get("status").asString());
        assertTrue(health.has("version") && health.get("uptimeSeconds").asLong() >= 0);
        assertEquals(1, health.get("cameras").get("total").asInt());
        assertEquals(0, health.get("cameras").get("online").asInt());
    }
}
