package dev.camgate.auth;

import dev.camgate.config.AuthConfig;
import dev.camgate.config.IceServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Ayame's authn and disconnect webhooks (docs/protocol.md §U2, Ayame webhooks). Any answer that is not a
 * 200 with a boolean {@code allowed} refuses the register as "InternalServerError", as Ayame intends;
 * nothing a webhook sends can break the hub.
 */
public final class AyameWebhooks {
    private static final Logger LOG = LoggerFactory.getLogger(AyameWebhooks.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** An authn answer bigger than this is not an answer. */
    private static final int MAX_ANSWER_BYTES = 64 * 1024;

    /** What the authn webhook decided; iceServers and authzMetadata only when allowed (either may be null). */
    public record Decision(boolean allowed, String reason, List<IceServer> iceServers, JsonNode authzMetadata) {
        static Decision refuse(String reason) {
            return new Decision(false, reason, null, null);
        }
    }

    /** What Ayame sends the authn webhook; null fields are left out. */
    public record AuthnRequest(String roomId, String clientId, String connectionId, String signalingKey,
                               JsonNode authnMetadata, String ayameClient, String libwebrtc, String environment) {
    }

    private final HttpClient http;
    private final URI authn;
    private final URI disconnect;
    private final Duration timeout;

    public AyameWebhooks(AuthConfig config) {
        this.authn = config.authnWebhookUrl() == null ? null : URI.create(config.authnWebhookUrl());
        this.disconnect = config.disconnectWebhookUrl() == null ? null : URI.create(config.disconnectWebhookUrl());
        this.timeout = config.webhookTimeout();
        this.http = authn == null && disconnect == null ? null
                : HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public boolean hasAuthn() {
        return authn != null;
    }

    /** Never completes exceptionally. */
    public CompletableFuture<Decision> authn(AuthnRequest request) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("roomId", request.roomId());
        body.put("clientId", request.clientId());
        body.put("connectionId", request.connectionId());
        putIfPresent(body, "signalingKey", request.signalingKey());
        putIfPresent(body, "authnMetadata", request.authnMetadata());
        putIfPresent(body, "ayameClient", request.ayameClient());
        putIfPresent(body, "libwebrtc", request.libwebrtc());
        putIfPresent(body, "environment", request.environment());
        return post(authn, body)
                // The request timeout covers only the wait for headers; this covers the body too.
                .orTimeout(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                .thenApply(response -> read(response.statusCode(), response.body()))
                .exceptionally(failure -> {
                    LOG.warn("authn webhook {} failed: {}", authn, failure.getCause() == null ? failure : failure.getCause().toString());
                    return Decision.refuse("InternalServerError");
                });
    }

    /** Fire and forget; a failure is logged. */
    public void disconnected(String roomId, String clientId, String connectionId) {
        if (disconnect == null) {
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("roomId", roomId == null ? "" : roomId);
        body.put("clientId", clientId == null ? "" : clientId);
        body.put("connectionId", connectionId);
        post(disconnect, body).whenComplete((response, failure) -> {
            if (failure != null) {
                LOG.warn("disconnect webhook {} failed: {}", disconnect, failure.toString());
            } else if (response.statusCode() != 200) {
                LOG.warn("disconnect webhook {} answered HTTP {}", disconnect, response.statusCode());
            }
        });
    }

    private CompletableFuture<HttpResponse<byte[]>> post(URI uri, Map<String, Object> body) {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
                .build();
        return http.sendAsync(request, info -> new Capped(MAX_ANSWER_BYTES));
    }

    /** Collects a body up to a limit; beyond it, stops reading and yields null, so no webhook can fill the heap. */
    private static final class Capped implements HttpResponse.BodySubscriber<byte[]> {
        private final int limit;
        private final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private java.util.concurrent.Flow.Subscription subscription;

        Capped(int limit) {
            this.limit = limit;
        }

        @Override
        public java.util.concurrent.CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(java.util.concurrent.Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<java.nio.ByteBuffer> items) {
            if (result.isDone()) {
                return;
            }
            for (java.nio.ByteBuffer b : items) {
                if (bytes.size() + b.remaining() > limit) {
                    subscription.cancel();
                    result.complete(null);
                    return;
                }
                byte[] chunk = new byte[b.remaining()];
                b.get(chunk);
                bytes.writeBytes(chunk);
            }
        }

        @Override
        public void onError(Throwable t) {
            result.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            result.complete(bytes.toByteArray());
        }
    }

    static Decision read(int status, byte[] body) {
        if (status != 200) {
            LOG.warn("authn webhook answered HTTP {}: refusing", status);
            return Decision.refuse("InternalServerError");
        }
        if (body == null || body.length > MAX_ANSWER_BYTES) {
            return Decision.refuse("InternalServerError");
        }
        JsonNode answer;
        try {
            answer = JSON.readTree(body);
        } catch (RuntimeException e) {
            LOG.warn("authn webhook answered something that is not JSON: refusing");
            return Decision.refuse("InternalServerError");
        }
        JsonNode allowed = answer == null ? null : answer.get("allowed");
        if (allowed == null || !allowed.isBoolean()) {
            LOG.warn("authn webhook answer has no boolean 'allowed': refusing");
            return Decision.refuse("InternalServerError");
        }
        if (!allowed.booleanValue()) {
            JsonNode reason = answer.get("reason");
            String text = reason != null && reason.isString() && !reason.asString().isBlank() ? reason.asString() : "Unauthorized";
            return Decision.refuse(text.length() > 200 ? text.substring(0, 200) : text);
        }
        JsonNode authz = answer.get("authzMetadata");
        return new Decision(true, null, iceServers(answer.get("iceServers")), authz == null || authz.isNull() ? null : authz);
    }

    /** Only well-formed servers reach a client: Momo crashes on a string-valued urls, so each is rebuilt. */
    private static List<IceServer> iceServers(JsonNode node) {
        if (node == null || !node.isArray()) {
            return null;
        }
        List<IceServer> out = new ArrayList<>();
        for (JsonNode s : node) {
            try {
                JsonNode urls = s.get("urls");
                List<String> list = new ArrayList<>();
                if (urls != null && urls.isString()) {
                    list.add(urls.asString());
                } else if (urls != null && urls.isArray()) {
                    urls.forEach(u -> list.add(u.isString() ? u.asString() : null));
                }
                out.add(new IceServer(list, text(s.get("username")), text(s.get("credential"))));
            } catch (RuntimeException malformed) {
                LOG.warn("authn webhook gave a malformed ICE server; leaving it out");
            }
        }
        return out;
    }

    private static String text(JsonNode n) {
        return n != null && n.isString() ? n.asString() : null;
    }

    private static void putIfPresent(Map<String, Object> body, String name, Object value) {
        if (value != null) {
            body.put(name, value);
        }
    }
}
