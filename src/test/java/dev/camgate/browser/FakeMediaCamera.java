package dev.camgate.browser;

import dev.camgate.testing.FakeCameraServer;
import dev.camgate.testing.MomoWire;
import dev.camgate.testing.WsClient;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A fake Momo (p2p mode) or UV4L camera with real media: its signaling server follows docs/protocol.md
 * (§U4 Momo p2p, §U6 UV4L) to the letter, and a {@link MediaEngine} tab produces the video. One peer
 * connection per socket, as both do.
 */
final class FakeMediaCamera implements AutoCloseable {
    enum Kind { MOMO, UV4L }

    final Kind kind;
    final FakeCameraServer server;
    /** Momo drops candidates that arrive before the offer; camgate must hold them back, so this stays empty. */
    final List<String> candidatesBeforeOffer = new CopyOnWriteArrayList<>();
    /** Calls the camera took (Momo: offers answered; UV4L: calls offered): each one is an encode on a real camera. */
    final java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
    private final MediaEngine engine;
    private final Thread acceptor;
    private volatile boolean running = true;

    FakeMediaCamera(Kind kind, MediaEngine engine, int port) {
        this.kind = kind;
        this.engine = engine;
        String path = kind == Kind.MOMO ? "/ws" : "/stream/webrtc";
        this.server = FakeCameraServer.startOn(port, path, kind == Kind.MOMO ? MomoWire::check : t -> null);
        this.acceptor = Thread.ofVirtual().start(this::acceptLoop);
    }

    int port() {
        return server.port();
    }

    private void acceptLoop() {
        while (running) {
            try {
                FakeCameraServer.Conn conn = server.connections.poll(100, TimeUnit.MILLISECONDS);
                if (conn != null) {
                    Thread.ofVirtual().start(() -> serve(conn));
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void serve(FakeCameraServer.Conn conn) {
        String session = UUID.randomUUID().toString();
        boolean offered = false;
        try {
            while (running && !conn.isClosed()) {
                String text = conn.received.poll(100, TimeUnit.MILLISECONDS);
                if (text == null) {
                    continue;
                }
                JsonNode msg = WsClient.JSON.readTree(text);
                if (kind == Kind.MOMO) {
                    offered = momo(conn, session, msg, text, offered);
                } else {
                    uv4l(conn, session, msg);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // the engine browser closed with the test; nothing to serve any more
        } finally {
            try {
                engine.close(session);
            } catch (RuntimeException ignored) {
                // closing down
            }
        }
    }

    private boolean momo(FakeCameraServer.Conn conn, String session, JsonNode msg, String text, boolean offered) {
        switch (msg.get("type").asString()) {
            case "offer" -> {
                calls.incrementAndGet();
                ObjectNode answer = WsClient.JSON.createObjectNode();
                answer.put("type", "answer");
                answer.put("sdp", engine.answer(session, msg.get("sdp").asString()));
                conn.send(WsClient.JSON.writeValueAsString(answer));
                return true;
            }
            case "candidate" -> {
                if (!offered) {
                    candidatesBeforeOffer.add(text);
                } else {
                    engine.addCandidate(session, asMap(msg.get("ice")));
                }
            }
            case "close", "bye" -> engine.close(session);
            default -> { }
        }
        return offered;
    }

    private void uv4l(FakeCameraServer.Conn conn, String session, JsonNode msg) {
        switch (msg.get("what").asString()) {
            case "call" -> {
                calls.incrementAndGet();
                ObjectNode desc = WsClient.JSON.createObjectNode();
                desc.put("type", "offer");
                desc.put("sdp", engine.offer(session));
                ObjectNode offer = WsClient.JSON.createObjectNode();
                offer.put("what", "offer");
                offer.put("data", WsClient.JSON.writeValueAsString(desc));
                conn.send(WsClient.JSON.writeValueAsString(offer));
                conn.send("{\"what\":\"iceCandidate\",\"data\":\"\"}"); // gathering complete
            }
            case "answer" -> engine.accept(session, WsClient.JSON.readTree(msg.get("data").asString()).get("sdp").asString());
            case "addIceCandidate" -> engine.addCandidate(session, asMap(WsClient.JSON.readTree(msg.get("data").asString())));
            case "hangup" -> engine.close(session);
            default -> { }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(JsonNode node) {
        return WsClient.JSON.convertValue(node, Map.class);
    }

    /** Stops like a crashed camera: every socket drops, the port closes. */
    @Override
    public void close() {
        running = false;
        acceptor.interrupt();
        server.close();
    }
}
