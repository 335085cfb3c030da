package dev.camgate.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camgate.testing.TestHub;
import dev.camgate.testing.WsClient;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Ayame's keep-alive: the hub pings from the start, and drops a client that stops answering. Timers shortened. */
class KeepAliveTest {
    static TestHub hub;

    @BeforeAll
    static void start() {
        hub = TestHub.start("ping_interval: 200ms\npong_timeout: 1s\n");
    }

    @AfterAll
    static void stop() {
        hub.close();
    }

    @Test
    void pingsStartBeforeRegisterAndKeepComing() {
        try (WsClient c = hub.client().autoPong(false)) {
            for (int i = 0; i < 3; i++) {
                assertEquals("{\"type\":\"ping\"}", c.nextText());
            }
        }
    }

    @Test
    void aClientThatAnswersPongsStaysConnected() {
        try (WsClient c = hub.client()) {
            c.register("keepalive-" + System.nanoTime());
            c.expectSilence(Duration.ofMillis(2500)); // well past the 1 s pong timeout
            assertTrue(c.isOpen());
        }
    }

    @Test
    void aClientThatNeverAnswersIsClosedAndItsPartnerGetsBye() {
        String room = "silent-" + System.nanoTime();
        try (WsClient quiet = hub.client().autoPong(false); WsClient partner = hub.client()) {
            assertEquals("ping", quiet.nextJson().get("type").asString());
            // register after the first ping so the register reply is the next thing we read
            JsonNode accept = quiet.register(room);
            while (accept.get("type").asString().equals("ping")) {
                accept = quiet.nextJson();
            }
            assertEquals("accept", accept.get("type").asString());
            partner.register(room);
            String error = null;
            WsClient.Event e;
            while (!((e = quiet.next()) instanceof WsClient.Closed)) {
                JsonNode m = ((WsClient.Text) e).json();
                if (m.get("type").asString().equals("error")) {
                    error = m.get("reason").asString();
                }
            }
            assertTrue(error != null && error.startsWith("pong timeout"), "the client is told why: " + error);
            assertEquals("bye", partner.nextJson().get("type").asString());
            assertEquals(1000, partner.awaitClose().code());
        }
    }
}
