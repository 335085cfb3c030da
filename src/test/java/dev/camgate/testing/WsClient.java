package dev.camgate.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** A plain WebSocket client for protocol tests: every text message and the close go into a queue, in order. */
public final class WsClient implements AutoCloseable {
    public static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration WAIT = Duration.ofSeconds(10);

    /** What arrived: a text message, or the close (code + reason). */
    public sealed interface Event {
    }

    public record Text(String text) implements Event {
        public JsonNode json() {
            return JSON.readTree(text);
        }
    }

    public record Closed(int code, String reason) implements Event {
    }

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final WebSocket socket;
    /** When true, {"type":"ping"} messages are answered with pong and not queued. */
    private volatile boolean autoPong = true;

    private WsClient(WebSocket socket) {
        this.socket = socket;
    }

    public static WsClient connect(int port) {
        return connect(port, "/signaling");
    }

    public static WsClient connect(int port, String path) {
        return connect(port, path, java.util.Map.of());
    }

    /** With extra upgrade headers (Cookie, Authorization, Origin...). */
    public static WsClient connect(int port, String path, java.util.Map<String, String> headers) {
        Listener listener = new Listener();
        WebSocket.Builder builder = HTTP.newWebSocketBuilder();
        headers.forEach(builder::header);
        WebSocket ws = builder
                .buildAsync(URI.create("ws://127.0.0.1:" + port + path), listener)
                .orTimeout(10, TimeUnit.SECONDS).join();
        WsClient client = new WsClient(ws);
        listener.client.complete(client);
        return client;
    }

    public WsClient autoPong(boolean on) {
        autoPong = on;
        return this;
    }

    public WsClient send(String text) {
        queue(text).orTimeout(10, TimeUnit.SECONDS).join();
        return this;
    }

    /**
     * Java's WebSocket refuses a send while another is pending ("Send pending"), and the auto-pong is sent from
     * the listener's thread while a test sends from its own: every text goes after the one before it.
     */
    private synchronized CompletableFuture<WebSocket> queue(String text) {
        CompletableFuture<WebSocket> next = lastSend.handle((ws, failure) -> null)
                .thenCompose(ignored -> socket.sendText(text, true));
        lastSend = next;
        return next;
    }

    private CompletableFuture<WebSocket> lastSend = CompletableFuture.completedFuture(null);

    public WsClient send(JsonNode json) {
        return send(JSON.writeValueAsString(json));
    }

    /** Sends register and returns the reply (accept or reject). */
    public JsonNode register(String roomId, String extraFields) {
        send("{\"type\":\"register\",\"roomId\":\"" + roomId + "\"" + (extraFields.isEmpty() ? "" : "," + extraFields) + "}");
        return nextJson();
    }

    public JsonNode register(String roomId) {
        return register(roomId, "");
    }

    public Event next() {
        return next(WAIT);
    }

    public Event next(Duration wait) {
        try {
            Event e = events.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
            if (e == null) {
                throw new AssertionError("nothing arrived within " + wait);
            }
            return e;
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new AssertionError(ex);
        }
    }

    /** The next message, failing if the socket closed instead. */
    public String nextText() {
        Event e = next();
        if (e instanceof Text t) {
            return t.text();
        }
        throw new AssertionError("expected a message, but the socket closed: " + e);
    }

    public JsonNode nextJson() {
        return JSON.readTree(nextText());
    }

    /** Skips messages until the close arrives (within the wait) and returns it. */
    public Closed awaitClose() {
        long end = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < end) {
            Event e = next(Duration.ofNanos(Math.max(1, end - System.nanoTime())));
            if (e instanceof Closed c) {
                return c;
            }
        }
        throw new AssertionError("the socket did not close within " + WAIT);
    }

    /** Asserts nothing arrives for {@code quiet}. */
    public void expectSilence(Duration quiet) {
        try {
            Event e = events.poll(quiet.toMillis(), TimeUnit.MILLISECONDS);
            if (e != null) {
                throw new AssertionError("expected nothing, got " + e);
            }
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    public boolean isOpen() {
        return !socket.isInputClosed();
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            CompletableFuture<WebSocket> closing;
            synchronized (this) {
                closing = lastSend.handle((ws, failure) -> null)
                        .thenCompose(ignored -> socket.sendClose(WebSocket.NORMAL_CLOSURE, ""));
                lastSend = closing;
            }
            closing.orTimeout(5, TimeUnit.SECONDS).exceptionally(t -> null).join();
        }
        socket.abort();
    }

    private static final class Listener implements WebSocket.Listener {
        final CompletableFuture<WsClient> client = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                WsClient c = client.join();
                if (c.autoPong && text.equals("{\"type\":\"ping\"}")) {
                    c.queue("{\"type\":\"pong\"}");
                } else {
                    c.events.add(new Text(text));
                }
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            client.join().events.add(new Closed(statusCode, reason));
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            client.join().events.add(new Closed(-1, String.valueOf(error)));
        }
    }
}
