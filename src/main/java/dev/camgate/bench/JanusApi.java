package dev.camgate.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Janus's HTTP API as the media bench uses it: one session, a Streaming-plugin handle per viewer, and one
 * long poll that hands each handle the offer Janus sends it after "watch". The long poll also keeps the
 * session alive.
 */
final class JanusApi implements AutoCloseable {
    private final HttpClient http;
    private final URI base;
    private final long session;
    private final ConcurrentHashMap<Long, CompletableFuture<String>> offers = new ConcurrentHashMap<>();
    private final Thread poller;
    private volatile boolean closed;

    JanusApi(HttpClient http, URI base) throws IOException, InterruptedException {
        this.http = http;
        this.base = base;
        JsonNode created = post(base, AyameSocket.object().put("janus", "create"));
        this.session = created.path("data").path("id").asLong();
        this.poller = Thread.ofVirtual().start(this::poll);
    }

    private JsonNode post(URI uri, ObjectNode body) throws IOException, InterruptedException {
        body.put("transaction", UUID.randomUUID().toString());
        HttpRequest req = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(AyameSocket.JSON.writeValueAsString(body))).build();
        HttpResponse<String> res = http.send(req, HttpResponse.BodyHandlers.ofString());
        JsonNode node = AyameSocket.JSON.readTree(res.body());
        String kind = node.path("janus").asString("");
        if (!kind.equals("success") && !kind.equals("ack")) {
            throw new IOException("Janus refused " + body + ": " + res.body());
        }
        return node;
    }

    private URI handleUri(long handle) {
        return URI.create(base + "/" + session + "/" + handle);
    }

    /** A new Streaming-plugin handle: one viewer's peer connection. */
    long attach() throws IOException, InterruptedException {
        JsonNode r = post(URI.create(base + "/" + session), AyameSocket.object().put("janus", "attach").put("plugin", "janus.plugin.streaming"));
        long handle = r.path("data").path("id").asLong();
        offers.put(handle, new CompletableFuture<>());
        return handle;
    }

    /** Asks to watch a mountpoint and waits for Janus's offer. */
    String watch(long handle, int mountpoint, long timeoutMillis) throws Exception {
        ObjectNode body = AyameSocket.object().put("janus", "message");
        body.putObject("body").put("request", "watch").put("id", mountpoint);
        post(handleUri(handle), body);
        return offers.get(handle).get(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    /** Sends the viewer's answer ("start") and says its candidates are all in the SDP. */
    void start(long handle, String answerSdp) throws IOException, InterruptedException {
        ObjectNode body = AyameSocket.object().put("janus", "message");
        body.putObject("body").put("request", "start");
        body.putObject("jsep").put("type", "answer").put("sdp", answerSdp);
        post(handleUri(handle), body);
        ObjectNode trickle = AyameSocket.object().put("janus", "trickle");
        trickle.putObject("candidate").put("completed", true);
        post(handleUri(handle), trickle);
    }

    private void poll() {
        while (!closed) {
            try {
                HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/" + session + "?maxev=100")).timeout(Duration.ofSeconds(60)).GET().build();
                JsonNode events = AyameSocket.JSON.readTree(http.send(req, HttpResponse.BodyHandlers.ofString()).body());
                if (events.isArray()) {
                    for (JsonNode e : events) {
                        event(e);
                    }
                } else {
                    event(events);
                }
            } catch (Exception e) {
                if (!closed) {
                    System.err.println("janus long poll: " + e);
                    try {
                        Thread.sleep(200);
                    } catch (InterruptedException ie) {
                        return;
                    }
                }
            }
        }
    }

    private void event(JsonNode e) {
        JsonNode jsep = e.path("jsep");
        if (jsep.path("type").asString("").equals("offer")) {
            CompletableFuture<String> f = offers.get(e.path("sender").asLong());
            if (f != null) {
                f.complete(jsep.path("sdp").asString(""));
            }
        } else if (e.path("janus").asString("").equals("hangup")) {
            System.err.println("janus hung up handle " + e.path("sender").asLong() + ": " + e.path("reason").asString(""));
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            post(URI.create(base + "/" + session), AyameSocket.object().put("janus", "destroy"));
        } catch (Exception e) {
            // Janus going away
        }
        poller.interrupt();
    }
}
