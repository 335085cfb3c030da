package dev.camgate.camera;

import static dev.camgate.testing.TestHub.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camgate.testing.TestHub;
import dev.camgate.testing.WsClient;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Cameras that dial in: a single-peer Ayame camera (Momo) and camgate's multi-viewer browser camera. */
class CameraRoomsTest {
    static TestHub hub;
    static final String MOMO_REGISTER = "\"clientId\":\"momo-random-id\",\"key\":\"garage-secret\","
            + "\"ayameClient\":\"WebRTC Native Client Momo 2025.1.3\",\"libwebrtc\":\"x\",\"environment\":\"[aarch64]\"";

    @BeforeAll
    static void start() {
        hub = TestHub.start("""
                cameras:
                  - id: garage
                    name: Garage door
                    type: ayame
                    key: garage-secret
                  - id: kitchen
                    type: browser
                    key: kitchen-secret
                    options: {max_viewers: 3}
                """);
    }

    @AfterAll
    static void stop() {
        hub.close();
    }

    static JsonNode camera(String id) {
        return hub.getJson("/api/cameras/" + id);
    }

    @Test
    void momoInAyameModeServesOneViewerAtATimeAndReRegistersAfterEach() {
        try (WsClient viewerEarly = hub.client()) {
            JsonNode reject = viewerEarly.register("garage");
            assertEquals("reject", reject.get("type").asString());
            assertTrue(reject.get("reason").asString().startsWith("offline: camera 'garage'"), reject.toString());
        }
        assertEquals("offline", camera("garage").get("status").asString());

        try (WsClient momo = hub.client(); WsClient viewer = hub.client(); WsClient second = hub.client()) {
            JsonNode accept = momo.register("garage", MOMO_REGISTER);
            assertFalse(accept.get("isExistUser").asBoolean(), "the camera waits for the viewer's offer");
            assertEquals("online", camera("garage").get("status").asString());

            assertTrue(viewer.register("garage").get("isExistUser").asBoolean(), "the viewer offers");
            JsonNode info = camera("garage");
            assertEquals("in-use", info.get("status").asString());
            assertEquals(1, info.get("viewers").asInt());
            assertEquals("Garage door", info.get("name").asString());

            String offer = "{\"type\":\"offer\",\"sdp\":\"v=0 viewer\"}";
            viewer.send(offer);
            assertEquals(offer, momo.nextText(), "byte-for-byte to Momo");
            String answer = "{\"type\":\"answer\",\"sdp\":\"v=0 momo\"}";
            momo.send(answer);
            assertEquals(answer, viewer.nextText());

            JsonNode busy = second.register("garage");
            assertEquals("reject", busy.get("type").asString());
            assertTrue(busy.get("reason").asString().startsWith("busy: camera 'garage'"), busy.toString());
            assertEquals("in-use", busy.get("code").asString(), "a one-viewer camera that is being watched");

            viewer.close();
            assertEquals("{\"type\":\"bye\"}", momo.nextText(), "Momo must drop its peer connection");
            assertEquals(1000, momo.awaitClose().code());
        }
        try (WsClient momoAgain = hub.client(); WsClient nextViewer = hub.client()) {
            momoAgain.register("garage", MOMO_REGISTER);
            assertTrue(nextViewer.register("garage").get("isExistUser").asBoolean(), "the next viewer gets in");
            momoAgain.close();
            assertEquals("bye", nextViewer.nextJson().get("type").asString(), "camera gone: the viewer's session ends");
            assertEquals(1000, nextViewer.awaitClose().code());
        }
        eventually("garage offline with a last-seen time", () -> {
            JsonNode info = camera("garage");
            return info.get("status").asString().equals("offline") && !info.get("lastSeen").isNull();
        });
    }

    @Test
    void aReconnectingCameraReplacesItsStaleConnection() {
        try (WsClient stale = hub.client(); WsClient fresh = hub.client()) {
            stale.register("garage", MOMO_REGISTER);
            assertEquals("accept", fresh.register("garage", MOMO_REGISTER).get("type").asString());
            assertEquals("bye", stale.nextJson().get("type").asString());
            assertEquals(1000, stale.awaitClose().code());
            assertEquals("online", camera("garage").get("status").asString());
        }
    }

    @Test
    void aBrowserCameraServesSeveralViewersToldApartByViewerId() {
        try (WsClient cam = hub.client()) {
            JsonNode accept = cam.register("kitchen",
                    "\"key\":\"kitchen-secret\",\"camgate\":{\"role\":\"camera\",\"multiViewer\":true}");
            assertTrue(accept.get("camgate").get("multiViewer").asBoolean());
            List<WsClient> viewers = new ArrayList<>();
            try {
                Set<String> ids = new HashSet<>();
                for (int i = 0; i < 3; i++) {
                    WsClient v = hub.client();
                    viewers.add(v);
                    assertTrue(v.register("kitchen").get("isExistUser").asBoolean());
                    // A viewer cannot pick its viewerId: the hub overwrites it.
                    v.send("{\"type\":\"offer\",\"sdp\":\"v=0 from " + i + "\",\"viewerId\":\"spoofed\"}");
                    JsonNode atCamera = cam.nextJson();
                    assertEquals("v=0 from " + i, atCamera.get("sdp").asString());
                    String id = atCamera.get("viewerId").asString();
                    assertNotEquals("spoofed", id);
                    ids.add(id);
                    String answer = "{\"type\":\"answer\",\"sdp\":\"v=0 for " + i + "\",\"viewerId\":\"" + id + "\"}";
                    cam.send(answer);
                    assertEquals(answer, v.nextText(), "each answer reaches only its viewer");
                }
                assertEquals(3, ids.size());
                assertEquals(3, camera("kitchen").get("viewers").asInt());
                assertEquals("in-use", camera("kitchen").get("status").asString(), "max_viewers reached");
                try (WsClient fourth = hub.client()) {
                    assertTrue(fourth.register("kitchen").get("reason").asString().startsWith("busy:"));
                }

                WsClient leaving = viewers.remove(0);
                leaving.close();
                JsonNode bye = cam.nextJson();
                assertEquals("bye", bye.get("type").asString());
                assertTrue(ids.contains(bye.get("viewerId").asString()));
                assertTrue(cam.isOpen(), "the camera stays for its other viewers");

                cam.send("{\"type\":\"candidate\",\"ice\":{\"candidate\":\"c\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0}}");
                JsonNode error = cam.nextJson();
                assertEquals("error", error.get("type").asString());
                assertTrue(error.get("reason").asString().contains("viewerId"), error.toString());
                for (WsClient v : viewers) {
                    assertEquals("bye", v.nextJson().get("type").asString(), "camera gone: every viewer gets bye");
                }
            } finally {
                viewers.forEach(WsClient::close);
            }
        }
    }

    @Test
    void aBrowserCameraMustUseTheExtensionAndTheRightKey() {
        try (WsClient plain = hub.client(); WsClient wrongKey = hub.client()) {
            JsonNode r = plain.register("kitchen", "\"key\":\"kitchen-secret\"");
            assertTrue(r.get("reason").asString().startsWith("invalid: camera 'kitchen' is a browser camera"), r.toString());
            r = wrongKey.register("kitchen", "\"key\":\"nope-nope\",\"camgate\":{\"role\":\"camera\",\"multiViewer\":true}");
            assertEquals("key: wrong key for camera 'kitchen'", r.get("reason").asString());
        }
    }

    @Test
    void anAdhocBrowserCameraExistsWhileConnected() {
        String ext = "\"camgate\":{\"role\":\"camera\",\"multiViewer\":true,\"name\":\"Old phone\"}";
        try (WsClient cam = hub.client(); WsClient thief = hub.client()) {
            assertEquals("accept", cam.register("phone-1", "\"key\":\"phone-key-123\"," + ext).get("type").asString());
            JsonNode info = camera("phone-1");
            assertEquals("Old phone", info.get("name").asString());
            assertTrue(info.get("adhoc").asBoolean());
            assertEquals("browser", info.get("type").asString());
            assertTrue(hub.getJson("/api/cameras").get("cameras").toString().contains("phone-1"));
            JsonNode r = thief.register("phone-1", "\"key\":\"another-key\"," + ext);
            assertTrue(r.get("reason").asString().startsWith("key:"), r.toString());
            assertEquals("wrong-key", r.get("code").asString());
        }
        eventually("the ad-hoc camera is gone", () -> hub.get("/api/cameras/phone-1").statusCode() == 404);
        try (WsClient again = hub.client()) {
            assertEquals("accept", again.register("phone-1", "\"key\":\"another-key\"," + ext).get("type").asString(),
                    "once it left, the id is free for anyone");
        }
    }

    @Test
    void aCamgateViewerOfAnUnknownIdIsToldTheCameraIsOfflineNotPutInARoom() {
        try (WsClient viewer = hub.client(); WsClient ayame = hub.client()) {
            JsonNode r = viewer.register("not-yet-published", "\"camgate\":{\"role\":\"viewer\"}");
            assertEquals("offline: camera 'not-yet-published' is not connected", r.get("reason").asString());
            assertEquals("not-connected", r.get("code").asString(), "what the viewer page matches on");
            assertFalse(ayame.register("not-yet-published").get("isExistUser").asBoolean(),
                    "a plain Ayame client still gets an Ayame room of two");
        }
    }

    @Test
    void apiListsConfiguredCamerasWithTheirShape() {
        JsonNode list = hub.getJson("/api/cameras").get("cameras");
        assertEquals("garage", list.get(0).get("id").asString());
        assertEquals("kitchen", list.get(1).get("id").asString());
        JsonNode kitchen = list.get(1);
        for (String field : List.of("id", "name", "type", "status", "viewers", "multiViewer", "adhoc", "lastSeen", "lastError")) {
            assertTrue(kitchen.has(field), "camera JSON has " + field + ": " + kitchen);
        }
        assertEquals(404, hub.get("/api/cameras/nope").statusCode());
    }
}
