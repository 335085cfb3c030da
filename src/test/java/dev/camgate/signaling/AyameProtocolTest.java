package dev.camgate.signaling;

import static dev.camgate.testing.TestHub.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camgate.testing.TestHub;
import dev.camgate.testing.WsClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The Ayame server contract (docs/protocol.md §U1) as a plain WebSocket client sees it. */
class AyameProtocolTest {
    static TestHub hub;

    @BeforeAll
    static void start() {
        hub = TestHub.start("""
                ice_servers:
                  - urls: stun:stun.example.org:3478
                  - urls: [turn:turn.example.org:3478?transport=udp, turn:turn.example.org:3478?transport=tcp]
                    username: u
                    credential: p
                """);
    }

    @AfterAll
    static void stop() {
        hub.close();
    }

    static String room() {
        return "room-" + UUID.randomUUID();
    }

    @Test
    void firstMemberWaitsSecondOffersThirdIsRefused() {
        String room = room();
        try (WsClient a = hub.client(); WsClient b = hub.client(); WsClient c = hub.client()) {
            JsonNode acceptA = a.register(room);
            assertEquals("accept", acceptA.get("type").asString());
            assertFalse(acceptA.get("isExistUser").asBoolean());
            assertFalse(acceptA.get("isExistClient").asBoolean());
            assertEquals(26, acceptA.get("connectionId").asString().length(), "connectionId is a ULID");

            JsonNode acceptB = b.register(room, "\"clientId\":\"same-id\"");
            assertTrue(acceptB.get("isExistUser").asBoolean(), "Momo and the Web SDK read only isExistUser");
            assertTrue(acceptB.get("isExistClient").asBoolean());
            assertFalse(acceptA.get("connectionId").asString().equals(acceptB.get("connectionId").asString()));

            JsonNode rejectC = c.register(room);
            assertEquals("reject", rejectC.get("type").asString());
            assertEquals("full", rejectC.get("reason").asString());
            assertEquals("full", rejectC.get("code").asString(), "camgate's code rides along; Ayame clients ignore it");
            assertEquals(1000, c.awaitClose().code());
        }
    }

    @Test
    void acceptCarriesConfiguredIceServersWithUrlsAlwaysAnArray() {
        try (WsClient a = hub.client()) {
            JsonNode servers = a.register(room()).get("iceServers");
            assertEquals(2, servers.size());
            assertTrue(servers.get(0).get("urls").isArray(), "Momo throws on a string-valued urls");
            assertEquals("stun:stun.example.org:3478", servers.get(0).get("urls").get(0).asString());
            assertEquals(2, servers.get(1).get("urls").size());
            assertEquals("u", servers.get(1).get("username").asString());
            assertEquals("p", servers.get(1).get("credential").asString());
            assertFalse(servers.get(0).has("username"), "absent fields are left out, not null");
        }
    }

    @Test
    void everyOptionalRegisterFieldIsAccepted() {
        String room = room();
        try (WsClient momo = hub.client(); WsClient sdk = hub.client()) {
            JsonNode accept = momo.register(room, """
                    "clientId":"abcdefghijklmnopqrstuvwxyz012345","key":"legacy",
                    "ayameClient":"WebRTC Native Client Momo 2025.1.3 (abc)","libwebrtc":"Shiguredo-Build M136",
                    "environment":"[aarch64] Raspberry Pi OS\"""");
            assertEquals("accept", accept.get("type").asString());
            accept = sdk.register(room, "\"signalingKey\":\"k\",\"authnMetadata\":{\"any\":[1,2]},\"standalone\":false");
            assertEquals("accept", accept.get("type").asString());
        }
    }

    @Test
    void offerAnswerCandidateAreForwardedByteForByteAndInOrder() {
        String room = room();
        try (WsClient a = hub.client(); WsClient b = hub.client()) {
            a.register(room);
            b.register(room);
            // Odd spacing, key order, unicode escapes and extra fields must all survive untouched.
            String offer = "{ \"sdp\" : \"v=0\\r\\no=- 1 2 IN IP4 127.0.0.1\\r\\n\\u00e9\", \"type\":\"offer\", \"extra\":[1,{\"x\":null}] }";
            b.send(offer);
            assertEquals(offer, a.nextText());
            String answer = "{\"type\":\"answer\",\"sdp\":\"v=0\\r\\n日本語\"}";
            a.send(answer);
            assertEquals(answer, b.nextText());
            List<String> sent = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                String cand = "{\"type\":\"candidate\",\"ice\":{\"candidate\":\"candidate:" + i
                        + " 1 udp 2122260223 127.0.0.1 5000" + i + " typ host\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0,\"usernameFragment\":\"u\"}}";
                sent.add(cand);
                b.send(cand);
            }
            for (String cand : sent) {
                assertEquals(cand, a.nextText());
            }
        }
    }

    @Test
    void remainingMemberGetsByeAndClose1000() {
        String room = room();
        try (WsClient a = hub.client(); WsClient b = hub.client()) {
            a.register(room);
            b.register(room);
            b.close();
            assertEquals("bye", a.nextJson().get("type").asString());
            assertEquals(1000, a.awaitClose().code());
        }
        eventually("the room is gone", () -> !roomInUse(room));
    }

    @Test
    void aRoomIsFreeAgainAfterItsMembersLeave() {
        String room = room();
        try (WsClient a = hub.client(); WsClient b = hub.client()) {
            a.register(room);
            b.register(room);
        }
        eventually("the room is gone", () -> !roomInUse(room));
        try (WsClient c = hub.client()) {
            assertFalse(c.register(room).get("isExistUser").asBoolean(), "a fresh room: the first member waits");
        }
    }

    @Test
    void messagesUpToOneMebibyteAreRelayed() {
        String room = room();
        try (WsClient a = hub.client(); WsClient b = hub.client()) {
            a.register(room);
            b.register(room);
            String prefix = "{\"type\":\"offer\",\"sdp\":\"";
            String big = prefix + "x".repeat(1024 * 1024 - prefix.length() - 2) + "\"}";
            assertEquals(1024 * 1024, big.length());
            b.send(big);
            assertEquals(big, a.nextText());
        }
    }

    @Test
    void okEndpointAnswers200() {
        assertEquals(200, hub.get("/.ok").statusCode());
        assertEquals(400, hub.get("/signaling").statusCode(), "a plain GET to /signaling is refused, as in Ayame");
    }

    /**
     * Asked of the hub, not by joining: a probe that registers becomes the room's first member, and the hub
     * hears of its leaving only a moment after its socket closes, so the next member would find it there.
     */
    private static boolean roomInUse(String room) {
        return hub.hub().rooms().isPlainRoomInUse(room);
    }
}
