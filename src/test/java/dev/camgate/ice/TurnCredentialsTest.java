package dev.camgate.ice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camgate.auth.Tokens;
import dev.camgate.testing.TestHub;
import dev.camgate.testing.WsClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * ICE servers reach every authorised client in the shape Momo and the Ayame Web SDK parse (urls always an
 * array), with a TURN credential of its own (coturn's use-auth-secret scheme), and never the secret itself.
 */
class TurnCredentialsTest {
    static final String SECRET = "the-shared-turn-secret-1";
    static final String TOKEN = Tokens.random();
    static TestHub hub;

    @BeforeAll
    static void start() {
        hub = TestHub.start("""
                auth:
                  tokens: [{name: porch-app, token_hash: "%s", rights: {porch: view, "open-room": publish}}]
                ice_servers:
                  - urls: stun:stun.example.org:3478
                turn:
                  secret: %s
                  urls: ["turn:turn.example.org:3478?transport=udp", "turn:turn.example.org:3478?transport=tcp"]
                  ttl: 1h
                cameras:
                  - id: porch
                    type: browser
                    key: porch-camera-key
                    ice_servers:
                      - urls: [stun:porch-stun.example.org:3478]
                """.formatted(Tokens.hash(TOKEN), SECRET));
    }

    @AfterAll
    static void stop() {
        hub.close();
    }

    @Test
    void aViewerOfACameraGetsTheCamerasServersAndItsOwnTurnCredential() {
        try (WsClient camera = hub.client(); WsClient viewer = hub.client()) {
            camera.register("porch", "\"key\":\"porch-camera-key\",\"camgate\":{\"role\":\"camera\",\"multiViewer\":true}");
            JsonNode accept = viewer.register("porch", "\"signalingKey\":\"" + TOKEN + "\"");
            JsonNode ice = accept.get("iceServers");
            assertEquals(2, ice.size(), ice.toString());
            assertEquals("[\"stun:porch-stun.example.org:3478\"]", ice.get(0).get("urls").toString(), "the camera's own, instead of the global");
            assertTurnCredential(ice.get(1), "porch-app");
            assertFalse(accept.toString().contains(SECRET));
        }
    }

    @Test
    void aPlainRoomGetsTheGlobalServersAsArraysPlusTurn() {
        try (WsClient c = hub.client()) {
            JsonNode ice = c.register("open-room", "\"key\":\"" + TOKEN + "\"").get("iceServers");
            assertTrue(ice.get(0).get("urls").isArray(), "Momo throws on a string urls");
            assertEquals("stun:stun.example.org:3478", ice.get(0).get("urls").get(0).asString());
            assertNull(ice.get(0).get("username"), "no empty username for STUN");
            assertTurnCredential(ice.get(1), "porch-app");
        }
    }

    @Test
    void nobodyUnauthorisedGetsACredential() throws Exception {
        try (WsClient c = hub.client()) {
            JsonNode reject = c.register("porch", "");
            assertEquals("reject", reject.get("type").asString());
            assertNull(reject.get("iceServers"));
        }
        HttpClient http = HttpClient.newHttpClient();
        URI config = URI.create("http://127.0.0.1:" + hub.port() + "/api/client-config");
        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(config).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, anonymous.statusCode());
        assertFalse(anonymous.body().contains("turn:"));
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(config).header("Authorization", "Bearer " + TOKEN).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode body = WsClient.JSON.readTree(page.body());
        assertTurnCredential(body.get("iceServers").get(1), "porch-app");
        assertTrue(body.get("turn").asBoolean());
        assertFalse(page.body().contains(SECRET), "the secret never leaves the hub");
    }

    /** What coturn checks: username "<expiry>:<who>", password base64(HMAC-SHA1(secret, username)), not yet expired. */
    static void assertTurnCredential(JsonNode server, String who) {
        assertEquals("[\"turn:turn.example.org:3478?transport=udp\",\"turn:turn.example.org:3478?transport=tcp\"]", server.get("urls").toString());
        String username = server.get("username").asString();
        assertTrue(username.matches("\\d+:" + who), username);
        long expiry = Long.parseLong(username.substring(0, username.indexOf(':')));
        long inAnHour = Instant.now().plusSeconds(3600).getEpochSecond();
        assertTrue(Math.abs(expiry - inAnHour) < 120, "expires after turn.ttl: " + expiry + " vs " + inAnHour);
        assertEquals(hmacSha1(SECRET, username), server.get("credential").asString());
    }

    static String hmacSha1(String secret, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
