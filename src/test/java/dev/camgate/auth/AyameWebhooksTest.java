package dev.camgate.auth;

import static dev.camgate.testing.TestHub.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.camgate.testing.TestHub;
import dev.camgate.testing.WsClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Ayame's authn and disconnect webhooks (docs/protocol.md §U2) as a client and a webhook server see
 * them: the webhook's yes admits to a plain room and its iceServers/authzMetadata reach the client, its no
 * is the reject reason, any bad answer is "InternalServerError" without hurting the hub, every connection
 * that ends is reported, and a configured camera's key is still checked whatever the webhook says.
 */
class AyameWebhooksTest {
    static final String ROOM = "webhook-room";
    static final String ICE = "[{\"urls\":[\"turn:127.0.0.1:3478\"],\"username\":\"u\",\"credential\":\"c\"}]";
    static final String ALLOWED = "{\"allowed\":true,\"iceServers\":" + ICE + ",\"authzMetadata\":{\"plan\":\"home\"}}";

    FakeWebhook webhook;
    final List<TestHub> hubs = new ArrayList<>();

    @BeforeEach
    void startWebhook() throws IOException {
        webhook = new FakeWebhook();
    }

    @AfterEach
    void stop() {
        hubs.forEach(TestHub::close);
        webhook.close();
    }

    /** A hub with auth on whose webhooks are the fake server's; extra YAML goes at the top level. */
    TestHub hub(String timeout, String extra) {
        return hubWithAuthn("http://127.0.0.1:" + webhook.port() + "/authn", timeout, extra);
    }

    TestHub hubWithAuthn(String authnUrl, String timeout, String extra) {
        TestHub hub = TestHub.start("""
                auth:
                  authn_webhook_url: %s
                  disconnect_webhook_url: http://127.0.0.1:%d/disconnect
                  webhook_timeout: %s
                %s""".formatted(authnUrl, webhook.port(), timeout, extra));
        hubs.add(hub);
        return hub;
    }

    static JsonNode json(String text) {
        return WsClient.JSON.readTree(text);
    }

    static void assertRejected(String reason, JsonNode reply, WsClient client) {
        assertEquals("reject", reply.get("type").asString(), reply.toString());
        assertEquals(reason, reply.get("reason").asString());
        assertEquals(1000, client.awaitClose().code(), "a reject closes the connection");
    }

    @Test
    void allowedAdmitsToPlainRoomWithWebhooksIceServersAndAuthzMetadata() {
        webhook.answer(200, ALLOWED);
        TestHub hub = hub("5s", "");
        try (WsClient a = hub.client(); WsClient b = hub.client()) {
            String fields = "\"signalingKey\":\"sk-1\",\"authnMetadata\":{\"who\":\"test\"},\"clientId\":";
            JsonNode acceptA = a.register(ROOM, fields + "\"client-a\"");
            JsonNode acceptB = b.register(ROOM, fields + "\"client-b\"");
            for (JsonNode accept : List.of(acceptA, acceptB)) {
                assertEquals("accept", accept.get("type").asString(), accept.toString());
                assertEquals(json(ICE), accept.get("iceServers"), "the webhook's servers replace the configured ones");
                assertTrue(accept.get("iceServers").get(0).get("urls").isArray(), "Momo throws on a string-valued urls");
                assertEquals(json("{\"plan\":\"home\"}"), accept.get("authzMetadata"));
            }
            assertTrue(acceptB.get("isExistUser").asBoolean());

            List<JsonNode> calls = webhook.bodies("/authn");
            assertEquals(2, calls.size(), "one authn call per register: " + calls);
            for (int i = 0; i < 2; i++) {
                JsonNode call = calls.get(i);
                JsonNode accept = i == 0 ? acceptA : acceptB;
                assertEquals(ROOM, call.get("roomId").asString());
                assertEquals(i == 0 ? "client-a" : "client-b", call.get("clientId").asString());
                String connectionId = call.get("connectionId").asString();
                assertFalse(connectionId.isEmpty());
                assertEquals(accept.get("connectionId").asString(), connectionId);
                assertEquals("sk-1", call.get("signalingKey").asString());
                assertEquals(json("{\"who\":\"test\"}"), call.get("authnMetadata"));
            }

            String offer = "{\"type\":\"offer\",\"sdp\":\"v=0\\r\\n\"}";
            b.send(offer);
            assertEquals(offer, a.nextText(), "the room relays as a plain Ayame room");
        }
    }

    @Test
    void refusedGivesTheWebhooksReasonAndCloses() {
        webhook.answer(200, "{\"allowed\":false,\"reason\":\"no entry\"}");
        TestHub hub = hub("5s", "");
        try (WsClient a = hub.client()) {
            assertRejected("no entry", a.register(ROOM, "\"clientId\":\"c\""), a);
        }
    }

    @Test
    void everyBadAnswerIsInternalServerErrorAndTheHubKeepsServing() {
        TestHub hub = hub("300ms", "");
        record Bad(String what, int status, String body, long delayMillis, boolean trickle) {
            Bad(String what, int status, String body, long delayMillis) {
                this(what, status, body, delayMillis, false);
            }
        }
        List<Bad> bad = List.of(
                new Bad("HTTP 500", 500, ALLOWED, 0),
                new Bad("no allowed", 200, "{}", 0),
                new Bad("allowed not a boolean", 200, "{\"allowed\":\"yes\"}", 0),
                new Bad("not JSON", 200, "<html>allowed: true", 0),
                new Bad("slower than webhook_timeout", 200, ALLOWED, 2000),
                new Bad("headers at once, body slower than webhook_timeout", 200, ALLOWED, 2000, true),
                new Bad("an answer too big to be one", 200, "{\"allowed\":true,\"pad\":\"" + "x".repeat(200_000) + "\"}", 0));
        for (Bad b : bad) {
            webhook.answer(b.status(), b.body(), b.delayMillis(), b.trickle());
            int before = webhook.bodies("/authn").size();
            long start = System.nanoTime();
            try (WsClient c = hub.client()) {
                JsonNode reply = c.register(ROOM, "\"clientId\":\"bad\"");
                assertEquals("reject", reply.get("type").asString(), b.what() + ": " + reply);
                assertEquals("InternalServerError", reply.get("reason").asString(), b.what());
                assertEquals(1000, c.awaitClose().code(), b.what());
            }
            assertEquals(before + 1, webhook.bodies("/authn").size(), b.what() + ": the webhook was asked");
            if (b.delayMillis() > 0) {
                assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 1800,
                        "the register is refused at webhook_timeout, not when the slow answer comes");
            }
        }

        // Nothing listens here: connection refused.
        TestHub unreachable = hubWithAuthn("http://127.0.0.1:" + closedPort() + "/authn", "300ms", "");
        try (WsClient c = unreachable.client()) {
            assertRejected("InternalServerError", c.register(ROOM, "\"clientId\":\"bad\""), c);
        }

        webhook.answer(200, ALLOWED);
        try (WsClient a = hub.client(); WsClient b = hub.client()) {
            assertEquals("accept", a.register(ROOM, "\"clientId\":\"a\"").get("type").asString());
            assertEquals("accept", b.register(ROOM, "\"clientId\":\"b\"").get("type").asString());
        }
    }

    @Test
    void disconnectWebhookReportsTheEndedConnection() {
        webhook.answer(200, ALLOWED);
        TestHub hub = hub("5s", "");
        String connectionId;
        try (WsClient a = hub.client()) {
            JsonNode accept = a.register(ROOM, "\"clientId\":\"client-d\"");
            assertEquals("accept", accept.get("type").asString(), accept.toString());
            connectionId = accept.get("connectionId").asString();
            assertTrue(webhook.bodies("/disconnect").stream().noneMatch(d -> connectionId.equals(d.get("connectionId").asString())),
                    "no disconnect while the connection is open");
        }
        JsonNode expected = json("{\"roomId\":\"" + ROOM + "\",\"clientId\":\"client-d\",\"connectionId\":\"" + connectionId + "\"}");
        eventually("the disconnect webhook is called", () -> webhook.bodies("/disconnect").contains(expected));
        sleep(300);
        assertEquals(1, webhook.bodies("/disconnect").stream().filter(expected::equals).count(), "reported once");
    }

    @Test
    void configuredCameraKeyIsCheckedEvenWhenTheWebhookAllows() {
        webhook.answer(200, ALLOWED);
        TestHub hub = hub("5s", """
                cameras:
                  - {id: porch, type: ayame, key: porch-camera-key-1}
                """);
        try (WsClient c = hub.client()) {
            JsonNode reply = c.register("porch", "\"key\":\"wrong-key-123\",\"camgate\":{\"role\":\"camera\"}");
            assertEquals("reject", reply.get("type").asString(), reply.toString());
            assertTrue(reply.get("reason").asString().startsWith("key:"), reply.toString());
            assertEquals(1000, c.awaitClose().code());
        }
        assertTrue(webhook.bodies("/authn").stream().anyMatch(call -> call.get("roomId").asString().equals("porch")),
                "the webhook was asked and allowed it");
    }

    /**
     * The blog's page on /ws sends no register, yet each of its calls is a register as far as the webhook is
     * concerned: asked for the camera, with the connection's id, and its no ends the call (Momo's close, then
     * the reason in the close frame). The connection's end is reported too.
     */
    @Test
    void theAuthnWebhookDecidesTheBlogPagesCallsOnWsToo() {
        webhook.answer(200, "{\"allowed\":false,\"reason\":\"no entry\"}");
        TestHub hub = hub("5s", """
                cameras:
                  - {id: porch, type: ayame, key: porch-camera-key-1}
                """);
        try (WsClient page = WsClient.connect(hub.port(), "/ws?camera=porch",
                java.util.Map.of("Authorization", "Bearer " + hub.hub().adminToken()))) {
            page.send("{\"type\":\"offer\",\"sdp\":\"v=0 blog\"}");
            assertEquals("{\"type\":\"close\"}", page.nextText());
            assertEquals("no entry", page.awaitClose().reason(), "the webhook's words, not the camera's");
        }
        List<JsonNode> calls = webhook.bodies("/authn");
        assertEquals(1, calls.size(), "one authn call for the page's call: " + calls);
        assertEquals("porch", calls.get(0).get("roomId").asString());
        String connectionId = calls.get(0).get("connectionId").asString();
        assertEquals(26, connectionId.length(), connectionId);
        eventually("the page's connection reported as ended", () -> webhook.bodies("/disconnect").stream()
                .anyMatch(d -> connectionId.equals(d.get("connectionId").asString()) && "porch".equals(d.get("roomId").asString())));
    }

    static int closedPort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A webhook on loopback that records every request body and answers as told (the same for every path but /disconnect). */
    static final class FakeWebhook implements AutoCloseable {
        record Call(String path, JsonNode body) {
        }

        /** @param trickle send the headers and one byte at once, the rest after the delay */
        private record Answer(int status, String body, long delayMillis, boolean trickle) {
            Answer(int status, String body, long delayMillis) {
                this(status, body, delayMillis, false);
            }
        }

        private final HttpServer server;
        private final ExecutorService threads = Executors.newCachedThreadPool();
        private final List<Call> calls = new CopyOnWriteArrayList<>();
        private volatile Answer answer = new Answer(500, "", 0);

        FakeWebhook() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.setExecutor(threads);
            server.createContext("/", this::handle);
            server.start();
        }

        int port() {
            return server.getAddress().getPort();
        }

        void answer(int status, String body) {
            answer(status, body, 0);
        }

        void answer(int status, String body, long delayMillis) {
            answer(status, body, delayMillis, false);
        }

        void answer(int status, String body, long delayMillis, boolean trickle) {
            answer = new Answer(status, body, delayMillis, trickle);
        }

        List<JsonNode> bodies(String path) {
            return calls.stream().filter(c -> c.path().equals(path)).map(Call::body).toList();
        }

        private void handle(HttpExchange exchange) throws IOException {
            try (exchange) {
                String text;
                try (InputStream in = exchange.getRequestBody()) {
                    text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
                String path = exchange.getRequestURI().getPath();
                calls.add(new Call(path, WsClient.JSON.readTree(text)));
                Answer a = path.equals("/disconnect") ? new Answer(200, "", 0) : answer;
                byte[] bytes = a.body().getBytes(StandardCharsets.UTF_8);
                if (a.trickle()) {
                    exchange.getResponseHeaders().set("Content-Type", "application/json");
                    exchange.sendResponseHeaders(a.status(), bytes.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(bytes, 0, 1);
                        out.flush();
                        Thread.sleep(a.delayMillis());
                        out.write(bytes, 1, bytes.length - 1);
                    } catch (InterruptedException | IOException e) {
                        return;
                    }
                    return;
                }
                if (a.delayMillis() > 0) {
                    try {
                        Thread.sleep(a.delayMillis());
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(a.status(), bytes.length == 0 ? -1 : bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                } catch (IOException hubHungUp) {
                    // the hub stopped reading: that is the point of the test
                }
            }
        }

        @Override
        public void close() {
            server.stop(0);
            threads.shutdownNow();
        }
    }
}
