package dev.camgate.camera;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.camgate.testing.FakeCameraServer;
import dev.camgate.testing.TestHub;
import dev.camgate.testing.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** A camera configured with the other dialled type says which type to set, to the viewer and on the dashboard. */
class WrongCameraTypeTest {
    static FakeCameraServer uv4l;
    static FakeCameraServer momo;
    static TestHub hub;

    @BeforeAll
    static void start() {
        uv4l = FakeCameraServer.start("/stream/webrtc", t -> null);
        momo = FakeCameraServer.start("/ws", t -> null);
        hub = TestHub.start("""
                cameras:
                  - id: really-uv4l
                    type: momo
                    url: ws://127.0.0.1:%d/stream/webrtc
                    options: {answer_timeout: 5s, presence_interval: 1h}
                  - id: really-momo
                    type: uv4l
                    url: ws://127.0.0.1:%d/ws
                    options: {answer_timeout: 1s, presence_interval: 1h}
                """.formatted(uv4l.port(), momo.port()));
    }

    @AfterAll
    static void stop() {
        hub.close();
        uv4l.close();
        momo.close();
    }

    @Test
    void aMomoCameraThatSpeaksUv4lIsNamedAsUv4lAtOnce() {
        try (WsClient viewer = hub.client()) {
            viewer.register("really-uv4l");
            FakeCameraServer.Conn pi = session(uv4l);
            viewer.send("{\"type\":\"offer\",\"sdp\":\"v=0\"}");
            pi.next();
            pi.send("{\"what\":\"message\",\"data\":\"unknown request\"}");
            JsonNode bye = viewer.nextJson();
            assertEquals("offline: camera 'really-uv4l' (ws://127.0.0.1:" + uv4l.port() + "/stream/webrtc) is not a momo camera: "
                    + "this looks like a UV4L camera; set type: uv4l", bye.get("reason").asString());
        }
        JsonNode info = hub.getJson("/api/cameras/really-uv4l");
        assertEquals("offline", info.get("status").asString(), "not Online when no viewer can watch it");
        assertEquals("this looks like a UV4L camera; set type: uv4l", info.get("lastError").asString());
    }

    @Test
    void aUv4lCameraAtAMomoAddressThatStaysSilentIsNamedAsMomoAtTheTimeout() {
        try (WsClient viewer = hub.client()) {
            JsonNode reply = viewer.register("really-momo");
            session(momo).next(); // the UV4L call, which Momo does not understand and ignores
            JsonNode bye = reply.get("type").asString().equals("bye") ? reply : viewer.nextJson();
            assertEquals("offline: camera 'really-momo' sent no offer within 1 s; this looks like a Momo camera; set type: momo",
                    bye.get("reason").asString(), bye.toString());
        }
        assertEquals("this looks like a Momo camera; set type: momo", hub.getJson("/api/cameras/really-momo").get("lastError").asString());
    }

    /** The viewer's socket: the first presence probe opens and closes one of its own first. */
    static FakeCameraServer.Conn session(FakeCameraServer camera) {
        while (true) {
            FakeCameraServer.Conn c = camera.nextConnection();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            if (!c.isClosed()) {
                return c;
            }
        }
    }
}
