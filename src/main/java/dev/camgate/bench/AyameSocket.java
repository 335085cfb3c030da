package dev.camgate.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One signaling WebSocket of the media bench (camgate's /signaling, Ayame's protocol), on the JDK's client:
 * signaling is not on the measured path, so simple beats lean here. Answers pings; queues everything else.
 */
final class AyameSocket implements WebSocket.Listener, AutoCloseable {
    static final JsonMapper JSON = JsonMapper.builder().build();

    private final LinkedBlockingQueue<JsonNode> inbox = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();
    private WebSocket ws;
    /** The JDK's WebSocket takes one send at a time: each send waits for the one before. Guarded by this. */
    private java.util.concurrent.CompletableFuture<?> lastSend = java.util.concurrent.CompletableFuture.completedFuture(null);

    static AyameSocket open(HttpClient http, URI url) throws IOException {
        AyameSocket s = new AyameSocket();
        try {
            s.ws = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10)).buildAsync(url, s).get(15, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IOException("cannot open " + url + ": " + e, e);
        }
        return s;
    }

    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    void send(JsonNode message) throws IOException {
        String text = JSON.writeValueAsString(message);
        java.util.concurrent.CompletableFuture<?> sent;
        synchronized (this) {
            sent = lastSend = lastSend.handle((r, e) -> null).thenCompose(x -> ws.sendText(text, true));
        }
        try {
            sent.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IOException("signaling send failed: " + e, e);
        }
    }

    /** The next message matching {@code want}; others before it are dropped. */
    JsonNode await(Predicate<JsonNode> want, long timeoutMillis, String what) throws IOException, InterruptedException {
        long end = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (true) {
            long left = end - System.nanoTime();
            JsonNode m = left <= 0 ? null : inbox.poll(left, TimeUnit.NANOSECONDS);
            if (m == null) {
                throw new IOException("no " + what + " within " + timeoutMillis + " ms");
            }
            String type = m.path("type").asString("");
            if (type.equals("reject") || type.equals("bye") && !want.test(m)) {
                throw new IOException("waiting for " + what + ", got " + m);
            }
            if (want.test(m)) {
                return m;
            }
        }
    }

    JsonNode poll(long timeoutMillis) throws InterruptedException {
        return inbox.poll(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            String text = partial.toString();
            partial.setLength(0);
            try {
                JsonNode m = JSON.readTree(text);
                if (m.path("type").asString("").equals("ping")) {
                    // Answered from the socket's own thread, not queued behind busy virtual threads: a late pong
                    // makes the hub drop the viewer.
                    synchronized (this) {
                        lastSend = lastSend.handle((r, e) -> null).thenCompose(x -> webSocket.sendText("{\"type\":\"pong\"}", true));
                    }
                } else {
                    inbox.add(m);
                }
            } catch (RuntimeException e) {
                // not JSON: nothing camgate sends
            }
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public void close() {
        if (ws != null) {
            ws.abort();
        }
    }
}
