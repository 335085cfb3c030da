package dev.camgate.camera;

import static dev.camgate.testing.TestHub.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camgate.camera.dialout.DialledCamera;
import dev.camgate.testing.FakeCameraServer;
import dev.camgate.testing.MomoWire;
import dev.camgate.testing.TestHub;
import dev.camgate.testing.WsClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Cameras the hub dials (Momo p2p, UV4L), against fake cameras that speak their exact wire formats. */
class DialledCamerasTest {
    static FakeCameraServer momo;
    /** A second fake Momo just for the presence test: its probes every 200 ms must not mix with session sockets. */
    static FakeCameraServer watchedMomo;
    static FakeCameraServer uv4l;
    static ServerSocket silent;
    static List<Socket> silentClients = new ArrayList<>();
    static int closedPort;
    static TestHub hub;

    @BeforeAll
    static void start() throws IOException {
        momo = FakeCameraServer.start("/ws", MomoWire::check);
        watchedMomo = FakeCameraServer.start("/ws", MomoWire::check);
        uv4l = FakeCameraServer.start("/stream/webrtc", t -> null);
        silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (!silent.isClosed()) {
                try {
                    silentClients.add(silent.accept()); // accepts, never speaks
                } catch (IOException e) {
                    return;
                }
            }
        });
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        hub = TestHub.start("""
                cameras:
                  - id: pi-momo
                    type: momo
                    url: ws://127.0.0.1:%d/ws
                    options: {answer_timeout: 1s, presence_interval: 1h}
                  - id: watched-momo
                    type: momo
                    url: ws://127.0.0.1:%d/ws
                    options: {presence_interval: 200ms}
                  - id: pi-uv4l
                    type: uv4l
                    url: ws://127.0.0.1:%d/stream/webrtc
                    options: {vformat: 30, force_hw_vcodec: true, presence_interval: 200ms}
                  - id: gone
                    type: momo
                    url: ws://127.0.0.1:%d/ws
                    options: {presence_interval: 200ms}
                  - id: mute
                    type: momo
                    url: ws://127.0.0.1:%d/ws
                    options: {connect_timeout: 1s, presence_interval: 1h}
                """.formatted(momo.port(), watchedMomo.port(), uv4l.port(), closedPort, silent.getLocalPort()));
        // pi-momo is checked once at start and then never (presence_interval 1h): once that probe's socket is
        // gone, every socket the fake Momo sees is a viewer's, and sessionSocket cannot mistake a slow probe for one.
        TestHub.eventually("pi-momo's first presence check done", () -> momo.handshakes() >= 1 && momo.openConnections() == 0);
        drainProbes(momo);
    }

    @AfterAll
    static void stop() throws IOException {
        hub.close();
        momo.close();
        watchedMomo.close();
        uv4l.close();
        silent.close();
        for (Socket s : silentClients) {
            s.close();
        }
    }

    @AfterEach
    void nothingMalformedReachedMomo() {
        assertEquals(List.of(), momo.violations, "Momo must only ever receive well-formed messages");
    }

    static DialledCamera camera(String id) {
        return (DialledCamera) hub.hub().cameras().find(id);
    }

    /** The next socket that stays open for a viewer, skipping presence probes (which close at once). */
    static FakeCameraServer.Conn sessionSocket(FakeCameraServer server) {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            if (System.nanoTime() > end) {
                throw new AssertionError("the hub opened no session socket to the camera within 10 s");
            }
            FakeCameraServer.Conn c = server.nextConnection();
            try {
                Thread.sleep(150);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            if (!c.isClosed()) {
                return c;
            }
        }
    }

    static void drainProbes(FakeCameraServer server) {
        server.connections.removeIf(FakeCameraServer.Conn::isClosed);
    }

    @Test
    void momoViewerOffersHeldCandidatesFollowTheOfferAndHangUpClosesTheSocket() {
        drainProbes(momo);
        try (WsClient viewer = hub.client()) {
            JsonNode accept = viewer.register("pi-momo");
            assertTrue(accept.get("isExistUser").asBoolean(), "the viewer offers to Momo");
            FakeCameraServer.Conn pi = sessionSocket(momo);
            viewer.send("{\"type\":\"candidate\",\"ice\":{\"candidate\":\"candidate:1 1 udp 1 127.0.0.1 5000 typ host\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0,\"usernameFragment\":\"abc\"},\"extra\":1}");
            pi.expectNothing(Duration.ofMillis(300));
            viewer.send("{\"type\":\"offer\",\"sdp\":\"v=0\\r\\nviewer\",\"junk\":{\"a\":1}}");
            assertEquals("{\"type\":\"offer\",\"sdp\":\"v=0\\r\\nviewer\"}", pi.next(), "rebuilt from checked fields only");
            assertEquals("{\"type\":\"candidate\",\"ice\":{\"candidate\":\"candidate:1 1 udp 1 127.0.0.1 5000 typ host\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0}}",
                    pi.next(), "the held candidate, after the offer");
            pi.send("{\"type\":\"answer\",\"sdp\":\"v=0\\r\\nmomo\"}");
            assertEquals("{\"type\":\"answer\",\"sdp\":\"v=0\\r\\nmomo\"}", viewer.nextText());
            pi.send("{\"type\":\"candidate\",\"ice\":{\"candidate\":\"candidate:2\",\"sdpMLineIndex\":0,\"sdpMid\":\"0\"}}");
            JsonNode cand = viewer.nextJson();
            assertEquals("candidate:2", cand.get("ice").get("candidate").asString());
            assertEquals(1, camera("pi-momo").openLinks());
            assertEquals("online", hub.getJson("/api/cameras/pi-momo").get("status").asString());
            assertEquals(1, hub.getJson("/api/cameras/pi-momo").get("viewers").asInt());
            viewer.close();
            assertEquals("{\"type\":\"close\"}", pi.next(), "camgate says close before closing");
            eventually("the upstream socket closed", pi::isClosed);
        }
        eventually("no upstream socket left", () -> camera("pi-momo").openLinks() == 0);
    }

    @Test
    void threeMomoViewersGetThreeSocketsAndMalformedInputNeverReachesMomo() {
        drainProbes(momo);
        List<WsClient> viewers = new ArrayList<>();
        List<FakeCameraServer.Conn> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                WsClient v = hub.client();
                viewers.add(v);
                assertEquals("accept", v.register("pi-momo").get("type").asString());
                sockets.add(sessionSocket(momo));
            }
            assertEquals(3, camera("pi-momo").openLinks());
            WsClient bad = viewers.get(1);
            bad.send("{\"type\":\"candidate\",\"ice\":{\"candidate\":\"c\",\"sdpMid\":0,\"sdpMLineIndex\":0}}");
            assertEquals("error", bad.nextJson().get("type").asString());
            assertEquals("{\"type\":\"close\"}", sockets.get(1).next(), "its session ends; the bad message is not forwarded");
            viewers.get(0).send("{\"type\":\"offer\",\"sdp\":\"v=0 first\"}");
            assertEquals("{\"type\":\"offer\",\"sdp\":\"v=0 first\"}", sockets.get(0).next(), "the other viewers carry on");
        } finally {
            viewers.forEach(WsClient::close);
        }
        eventually("no upstream socket left", () -> camera("pi-momo").openLinks() == 0);
    }

    @Test
    void momoClosingMidCallGivesTheViewerByeAndSilenceAfterTheOfferEndsTheSession() {
        drainProbes(momo);
        try (WsClient viewer = hub.client()) {
            viewer.register("pi-momo");
            sessionSocket(momo).drop();
            JsonNode bye = viewer.nextJson();
            assertEquals("bye", bye.get("type").asString());
            assertEquals("The camera closed the connection.", bye.get("reason").asString());
            assertEquals("ended", bye.get("code").asString());
            assertEquals(1000, viewer.awaitClose().code());
        }
        try (WsClient viewer = hub.client()) {
            viewer.register("pi-momo");
            FakeCameraServer.Conn pi = sessionSocket(momo);
            viewer.send("{\"type\":\"offer\",\"sdp\":\"v=0\"}");
            pi.next();
            JsonNode bye = viewer.nextJson(); // Momo never answers: answer_timeout is 1 s here
            assertEquals("offline: camera 'pi-momo' sent no answer within 1 s", bye.get("reason").asString());
            assertEquals("{\"type\":\"close\"}", pi.next());
        }
    }

    @Test
    void anUnreachableCameraIsRefusedInWordsAndShownOffline() {
        try (WsClient viewer = hub.client()) {
            JsonNode reject = viewer.register("gone");
            assertEquals("reject", reject.get("type").asString());
            assertEquals("offline: camera 'gone' (ws://127.0.0.1:" + closedPort + "/ws) is unreachable: "
                    + "connection refused (is the camera's signaling server running?)", reject.get("reason").asString());
        }
        JsonNode info = hub.getJson("/api/cameras/gone");
        assertEquals("offline", info.get("status").asString());
        assertTrue(info.get("lastError").asString().startsWith("connection refused"), info.toString());
        assertEquals(0, camera("gone").openLinks());
    }

    @Test
    void aCameraThatAcceptsButNeverAnswersIsRefusedWithinTheConnectTimeout() {
        try (WsClient viewer = hub.client()) {
            JsonNode reject = viewer.register("mute");
            assertEquals("reject", reject.get("type").asString());
            assertTrue(reject.get("reason").asString().startsWith("offline: camera 'mute' (ws://127.0.0.1:"), reject.toString());
            assertTrue(reject.get("reason").asString().endsWith("no answer within 1 s")
                    || reject.get("reason").asString().contains("did not complete the WebSocket handshake"), reject.toString());
        }
    }

    @Test
    void uv4lOffersAfterCallAndEveryMessageIsTranslatedBothWays() {
        drainProbes(uv4l);
        try (WsClient viewer = hub.client(); WsClient second = hub.client()) {
            JsonNode accept = viewer.register("pi-uv4l");
            assertFalse(accept.get("isExistUser").asBoolean(), "UV4L offers; the viewer answers");
            FakeCameraServer.Conn pi = sessionSocket(uv4l);
            assertEquals("{\"what\":\"call\",\"options\":{\"force_hw_vcodec\":true,\"vformat\":30,\"trickle_ice\":true}}", pi.next());
            assertTrue(second.register("pi-uv4l").get("reason").asString().startsWith("busy: camera 'pi-uv4l'"), "UV4L serves one session");
            assertEquals("in-use", hub.getJson("/api/cameras/pi-uv4l").get("status").asString());

            pi.send("{\"what\":\"offer\",\"data\":\"{\\\"type\\\":\\\"offer\\\",\\\"sdp\\\":\\\"v=0\\\\r\\\\nuv4l\\\"}\"}");
            assertEquals("{\"type\":\"offer\",\"sdp\":\"v=0\\r\\nuv4l\"}", viewer.nextText());
            pi.send("{\"what\":\"iceCandidate\",\"data\":\"{\\\"sdpMLineIndex\\\":0,\\\"sdpMid\\\":\\\"video\\\",\\\"candidate\\\":\\\"candidate:1\\\"}\"}");
            pi.send("{\"what\":\"iceCandidate\",\"data\":\"\"}");
            pi.send("{\"what\":\"iceCandidate\"}");
            pi.send("{\"what\":\"iceCandidates\",\"data\":\"[{\\\"sdpMLineIndex\\\":0,\\\"candidate\\\":\\\"candidate:2\\\"},\\\"{\\\\\\\"sdpMLineIndex\\\\\\\":1,\\\\\\\"candidate\\\\\\\":\\\\\\\"candidate:3\\\\\\\"}\\\"]\"}");
            pi.send("{\"what\":\"message\",\"data\":\"resolution changed\"}");
            assertEquals("{\"type\":\"candidate\",\"ice\":{\"candidate\":\"candidate:1\",\"sdpMid\":\"video\",\"sdpMLineIndex\":0}}", viewer.nextText());
            assertEquals("{\"type\":\"candidate\",\"ice\":{\"candidate\":\"candidate:2\",\"sdpMLineIndex\":0}}", viewer.nextText(),
                    "end-of-candidates messages are not forwarded; list elements may be objects");
            assertEquals("{\"type\":\"candidate\",\"ice\":{\"candidate\":\"candidate:3\",\"sdpMLineIndex\":1}}", viewer.nextText(),
                    "... or JSON strings");
            assertEquals("{\"type\":\"notice\",\"text\":\"Camera says: resolution changed\"}", viewer.nextText());

            viewer.send("{\"type\":\"answer\",\"sdp\":\"v=0 viewer\"}");
            JsonNode answer = WsClient.JSON.readTree(pi.next());
            assertEquals("answer", answer.get("what").asString());
            assertEquals("{\"type\":\"answer\",\"sdp\":\"v=0 viewer\"}", answer.get("data").asString(), "double-encoded");
            viewer.send("{\"type\":\"candidate\",\"ice\":{\"candidate\":\"candidate:9\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0}}");
            JsonNode add = WsClient.JSON.readTree(pi.next());
            assertEquals("addIceCandidate", add.get("what").asString());
            assertEquals("{\"sdpMLineIndex\":0,\"sdpMid\":\"0\",\"candidate\":\"candidate:9\"}", add.get("data").asString());

            viewer.close();
            assertEquals("{\"what\":\"hangup\"}", pi.next(), "camgate always hangs up before closing");
            eventually("the upstream socket closed", pi::isClosed);
        }
        eventually("UV4L free again", () -> hub.getJson("/api/cameras/pi-uv4l").get("status").asString().equals("online"));
    }

    @Test
    void uv4lHangingUpEndsTheViewersSession() {
        drainProbes(uv4l);
        try (WsClient viewer = hub.client()) {
            viewer.register("pi-uv4l");
            FakeCameraServer.Conn pi = sessionSocket(uv4l);
            pi.next(); // call
            pi.send("{\"what\":\"hangup\"}");
            JsonNode bye = viewer.nextJson();
            assertEquals("bye", bye.get("type").asString());
            assertEquals("The camera hung up.", bye.get("reason").asString());
            assertEquals("ended", bye.get("code").asString());
        }
    }

    @Test
    void theBlogPageProtocolOnWsAndRootReachesMomoThroughCamgate() {
        for (String path : List.of("/ws?camera=pi-momo", "/?camera=pi-momo")) {
            drainProbes(momo);
            try (WsClient page = WsClient.connect(hub.port(), path)) {
                // The page sends no register: its offer comes first, as with Momo itself.
                page.send("{\"type\":\"offer\",\"sdp\":\"v=0 blog\"}");
                page.send("{\"type\":\"candidate\",\"ice\":{\"candidate\":\"candidate:1\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0,\"usernameFragment\":\"u\"}}");
                FakeCameraServer.Conn pi = sessionSocket(momo);
                assertEquals("{\"type\":\"offer\",\"sdp\":\"v=0 blog\"}", pi.next());
                assertEquals("{\"type\":\"candidate\",\"ice\":{\"candidate\":\"candidate:1\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0}}", pi.next());
                pi.send("{\"type\":\"answer\",\"sdp\":\"v=0 momo\"}");
                assertEquals("{\"type\":\"answer\",\"sdp\":\"v=0 momo\"}", page.nextText());
                page.send("{\"type\":\"close\"}");
                assertEquals("{\"type\":\"close\"}", pi.next(), "hang-up reaches Momo as close");
                eventually("the upstream socket closed", pi::isClosed);
                assertTrue(page.isOpen(), "the page's socket stays open for its next call, as with Momo");
            }
        }
        eventually("no upstream socket left", () -> camera("pi-momo").openLinks() == 0);
    }

    @Test
    void presenceFollowsTheCameraWithoutDisturbingIt() throws InterruptedException {
        eventually("the Momo camera online", () -> hub.getJson("/api/cameras/watched-momo").get("status").asString().equals("online"));
        eventually("the refused camera offline with its reason", () -> {
            JsonNode gone = hub.getJson("/api/cameras/gone");
            return gone.get("status").asString().equals("offline") && gone.get("lastError").asString().startsWith("connection refused");
        });
        int before = uv4l.handshakes();
        Thread.sleep(1000); // five presence intervals: none of them may open a WebSocket
        assertEquals(before, uv4l.handshakes(), "UV4L is probed with a TCP connect, never a WebSocket of its own");
    }
}
