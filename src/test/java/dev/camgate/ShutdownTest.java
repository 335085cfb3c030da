package dev.camgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camgate.testing.CamgateProcess;
import dev.camgate.testing.WsClient;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** camgate as a real process: SIGTERM during live sessions says bye to everyone and exits 0, promptly. */
class ShutdownTest {
    @Test
    void sigtermSaysByeToEverySessionAndExitsZero() throws Exception {
        try (CamgateProcess camgate = CamgateProcess.start()) {
            try (WsClient a = WsClient.connect(camgate.port); WsClient b = WsClient.connect(camgate.port)) {
                String key = "\"signalingKey\":\"" + camgate.adminToken() + "\"";
                assertEquals("accept", a.register("shutdown-room", key).get("type").asString());
                assertEquals("accept", b.register("shutdown-room", key).get("type").asString());
                camgate.process.destroy(); // SIGTERM
                for (WsClient client : new WsClient[] {a, b}) {
                    JsonNode bye = client.nextJson();
                    assertEquals("bye", bye.get("type").asString());
                    assertEquals("camgate is shutting down", bye.get("reason").asString());
                    assertEquals("ended", bye.get("code").asString());
                    assertEquals(1000, client.awaitClose().code());
                }
            }
            assertTrue(camgate.process.waitFor(10, TimeUnit.SECONDS), "camgate exits within 10 s of SIGTERM");
            assertEquals(0, camgate.process.exitValue(), "a requested stop exits 0");
        }
    }
}
