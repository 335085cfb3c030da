package dev.camgate.signaling;

import static dev.camgate.testing.TestHub.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camgate.testing.TestHub;
import dev.camgate.testing.WsClient;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/**
 * Where Ayame just closes, camgate first says what was wrong. Each bad client gets its reason, its room's
 * other member gets bye, and a bystander room keeps relaying throughout.
 */
class BadInputTest {
    static TestHub hub;
    static WsClient bystanderA;
    static WsClient bystanderB;

    @BeforeAll
    static void start() {
        hub = TestHub.start(null);
        bystanderA = hub.client();
        bystanderB = hub.client();
        bystanderA.register("bystanders");
        bystanderB.register("bystanders");
    }

    @AfterAll
    static void stop() {
        bystanderA.close();
        bystanderB.close();
        hub.close();
    }

    /** The bystander room still relays, byte for byte. */
    static void bystandersStillTalk() {
        String msg = "{\"type\":\"offer\",\"sdp\":\"still here " + UUID.randomUUID() + "\"}";
        bystanderA.send(msg);
        assertEquals(msg, bystanderB.nextText());
    }

    @ParameterizedTest(name = "before register: {0}")
    @CsvSource(delimiter = '|', textBlock = """
            this is not json                                  | invalid: not JSON
            [1,2,3]                                           | invalid: expected a JSON object, got an array
            null                                              | invalid: expected a JSON object, got null
            {"roomId":"x"}                                    | invalid: message has no string 'type'
            {"type":42}                                       | invalid: message has no string 'type'
            {"type":"hello"}                                  | invalid: unknown message type 'hello'
            {"type":"register"}                               | invalid: register needs a non-empty string 'roomId'
            {"type":"register","roomId":""}                   | invalid: register needs a non-empty string 'roomId'
            {"type":"register","roomId":42}                   | invalid: 'roomId' must be a string, got a number
            {"type":"register","roomId":"r","clientId":7}     | invalid: 'clientId' must be a string, got a number
            {"type":"register","roomId":"r","standalone":"y"} | invalid: 'standalone' must be true or false
            {"type":"offer","sdp":"v=0"}                      | invalid: offer before register
            {"type":"candidate","ice":{"candidate":"","sdpMid":"0","sdpMLineIndex":0}} | invalid: candidate before register
            """)
    void badMessageBeforeRegisterGetsRejectWithReasonThenClose(String frame, String reasonStart) {
        try (WsClient c = hub.client()) {
            c.send(frame);
            JsonNode reply = c.nextJson();
            assertEquals("reject", reply.get("type").asString());
            assertTrue(reply.get("reason").asString().startsWith(reasonStart), "reason was: " + reply.get("reason"));
            assertEquals(1008, c.awaitClose().code());
        }
        bystandersStillTalk();
    }

    @ParameterizedTest(name = "after register: {0}")
    @CsvSource(delimiter = '|', textBlock = """
            not json at all                                                       | not JSON
            {"type":"unknown"}                                                    | unknown message type 'unknown'
            {"type":"register","roomId":"again"}                                  | a second register
            {"type":"offer"}                                                      | offer needs a non-empty string 'sdp'
            {"type":"answer","sdp":17}                                            | answer needs a non-empty string 'sdp'
            {"type":"candidate","ice":"candidate:1"}                              | candidate 'ice' must be an object
            {"type":"candidate","ice":{"sdpMid":"0","sdpMLineIndex":0}}           | candidate needs a string 'ice.candidate'
            {"type":"candidate","ice":{"candidate":"c","sdpMid":0,"sdpMLineIndex":0}}  | candidate needs a string 'ice.sdpMid'
            {"type":"candidate","ice":{"candidate":"c","sdpMid":"0","sdpMLineIndex":"0"}} | candidate needs a non-negative integer
            {"type":"candidate","ice":{"candidate":"c","sdpMid":"0","sdpMLineIndex":-1}}  | candidate needs a non-negative integer
            """)
    void badMessageAfterRegisterGetsErrorThePartnerGetsByeAndNothingIsForwarded(String frame, String reasonStart) {
        String room = "bad-" + UUID.randomUUID();
        try (WsClient bad = hub.client(); WsClient partner = hub.client()) {
            partner.register(room);
            bad.register(room);
            bad.send(frame);
            JsonNode reply = bad.nextJson();
            assertEquals("error", reply.get("type").asString());
            assertTrue(reply.get("reason").asString().startsWith(reasonStart), "reason was: " + reply.get("reason"));
            assertEquals(1008, bad.awaitClose().code());
            assertEquals("{\"type\":\"bye\"}", partner.nextText(), "the malformed message must never reach the partner");
            assertEquals(1000, partner.awaitClose().code());
        }
        bystandersStillTalk();
    }

    @Test
    void oversizedFrameIsRefusedWithAReasonAndClose1009() {
        String room = "big-" + UUID.randomUUID();
        try (WsClient bad = hub.client(); WsClient partner = hub.client()) {
            partner.register(room);
            bad.register(room);
            bad.send("{\"type\":\"offer\",\"sdp\":\"" + "x".repeat(1024 * 1024) + "\"}");
            JsonNode reply = bad.nextJson();
            assertEquals("error", reply.get("type").asString());
            assertTrue(reply.get("reason").asString().contains("larger than 1048576 bytes"), reply.toString());
            assertEquals(1009, bad.awaitClose().code());
            assertEquals("bye", partner.nextJson().get("type").asString());
        }
        bystandersStillTalk();
    }

    @Test
    void aCandidateWithoutIceIsTheEndOfCandidatesAndIsNotForwarded() {
        String room = "eoc-" + UUID.randomUUID();
        try (WsClient a = hub.client(); WsClient b = hub.client()) {
            a.register(room);
            b.register(room);
            b.send("{\"type\":\"candidate\"}");
            b.send("{\"type\":\"candidate\",\"ice\":null}");
            String marker = "{\"type\":\"offer\",\"sdp\":\"after\"}";
            b.send(marker);
            assertEquals(marker, a.nextText(), "end-of-candidates messages are dropped, the connection stays");
        }
    }

    @Test
    void aThousandConnectionsInBurstsLeaveNothingBehind() throws Exception {
        int bursts = 10;
        int pairsPerBurst = 50;
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            for (int burst = 0; burst < bursts; burst++) {
                List<Future<?>> work = new ArrayList<>();
                for (int p = 0; p < pairsPerBurst; p++) {
                    String room = "burst-" + burst + "-" + p;
                    boolean misbehave = p % 5 == 0;
                    work.add(pool.submit(() -> pair(room, misbehave)));
                }
                for (Future<?> f : work) {
                    f.get();
                }
                bystandersStillTalk();
            }
        } finally {
            pool.shutdownNow();
        }
        eventually("every burst room is gone", () -> hub.hub().rooms().plainRoomCount() == 1);
        eventually("only the two bystanders are connected", () -> hub.hub().stats().openConnections() == 2);
    }

    /** Two clients meet, relay one message, and leave; a misbehaving one sends garbage instead. */
    private static void pair(String room, boolean misbehave) {
        try (WsClient a = hub.client(); WsClient b = hub.client()) {
            a.register(room);
            b.register(room);
            if (misbehave) {
                b.send("{\"type\":");
                assertEquals("error", b.nextJson().get("type").asString());
                assertEquals("bye", a.nextJson().get("type").asString());
            } else {
                String offer = "{\"type\":\"offer\",\"sdp\":\"" + room + "\"}";
                b.send(offer);
                assertEquals(offer, a.nextText());
            }
        }
    }

    @Test
    void binaryFramesAreRefusedInWords() throws Exception {
        try (WsClient c = hub.client()) {
            var field = WsClient.class.getDeclaredField("socket");
            field.setAccessible(true);
            var socket = (java.net.http.WebSocket) field.get(c);
            socket.sendBinary(java.nio.ByteBuffer.wrap(new byte[] {1, 2, 3}), true).join();
            JsonNode reply = c.nextJson();
            assertEquals("reject", reply.get("type").asString());
            assertTrue(reply.get("reason").asString().contains("binary frames"), reply.toString());
            assertEquals(1003, c.awaitClose().code());
        }
    }

}
