package dev.camgate.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.camgate.config.IceServer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/** Messages the hub writes. The fixed ones are encoded once. */
public final class Outbound {
    public static final byte[] PING = utf8("{\"type\":\"ping\"}");
    public static final byte[] PONG = utf8("{\"type\":\"pong\"}");
    public static final byte[] BYE = utf8("{\"type\":\"bye\"}");

    private Outbound() {
    }

    /**
     * Ayame's accept. isExistClient and isExistUser always carry the same value: Momo and the Web SDK read
     * only the latter (docs/protocol.md §U1, §U3).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Accept(String type, String connectionId, List<IceServer> iceServers, boolean isExistClient,
                         boolean isExistUser, Map<String, Object> camgate, tools.jackson.databind.JsonNode authzMetadata) {
        public Accept(String connectionId, List<IceServer> iceServers, boolean otherIsWaiting, Map<String, Object> camgate,
                      tools.jackson.databind.JsonNode authzMetadata) {
            this("accept", connectionId, iceServers, otherIsWaiting, otherIsWaiting, camgate, authzMetadata);
        }
    }

    public static byte[] accept(Accept accept) {
        return MessageParser.JSON.writeValueAsBytes(accept);
    }

    /** Ayame's reject, plus camgate's code for pages (Ayame clients read only type and reason). */
    public static byte[] reject(Refusal refusal) {
        return fields("type", "reject", "reason", refusal.reason(), "code", refusal.kind().code());
    }

    public static byte[] error(String reason) {
        return fields("type", "error", "reason", reason);
    }

    public static byte[] byeWithReason(Refusal why) {
        return fields("type", "bye", "reason", why.reason(), "code", why.kind().code());
    }

    /** A candidate in Ayame's shape, built from checked fields only; sdpMid is left out when unknown. */
    public static byte[] candidate(String candidate, String sdpMid, int sdpMLineIndex) {
        ObjectNode n = MessageParser.JSON.createObjectNode();
        n.put("type", "candidate");
        ObjectNode ice = n.putObject("ice");
        ice.put("candidate", candidate);
        if (sdpMid != null) {
            ice.put("sdpMid", sdpMid);
        }
        ice.put("sdpMLineIndex", sdpMLineIndex);
        return MessageParser.JSON.writeValueAsBytes(n);
    }

    public static byte[] sdp(String type, String sdp) {
        return fields("type", type, "sdp", sdp);
    }

    public static byte[] notice(String text) {
        return fields("type", "notice", "text", text);
    }

    public static byte[] byeFor(String viewerId) {
        return fields("type", "bye", "viewerId", viewerId);
    }

    /** Re-encodes a relayed message with the hub-assigned viewer id, replacing any the sender put there. */
    public static byte[] withViewerId(Inbound.Relay relay, String viewerId) {
        byte[] spliced = spliceViewerId(relay.raw(), viewerId);
        if (spliced != null) {
            return spliced;
        }
        ObjectNode message = relay.json(); // a fresh tree on every call: no copy needed
        message.put("viewerId", viewerId);
        return MessageParser.JSON.writeValueAsBytes(message);
    }

    /**
     * The frame with {@code "viewerId":"ID",} put right after its opening brace, with no second parse: the frame
     * is already a checked JSON object. Only when it cannot name a viewerId itself (no such name, and no \\u
     * escape that could spell one), since a second name would make the object ambiguous; null otherwise.
     * The id is the hub's own (letters and digits), so it needs no escaping.
     */
    static byte[] spliceViewerId(byte[] raw, String viewerId) {
        int open = 0;
        while (open < raw.length && (raw[open] == ' ' || raw[open] == '\t' || raw[open] == '\n' || raw[open] == '\r')) {
            open++;
        }
        if (open == raw.length || raw[open] != '{' || contains(raw, VIEWER_ID) || contains(raw, UNICODE_ESCAPE)
                || !viewerId.chars().allMatch(c -> c < 128 && (Character.isLetterOrDigit(c) || c == '-' || c == '_'))) {
            return null;
        }
        int close = open + 1;
        while (close < raw.length && (raw[close] == ' ' || raw[close] == '\t' || raw[close] == '\n' || raw[close] == '\r')) {
            close++;
        }
        boolean empty = close < raw.length && raw[close] == '}';
        byte[] field = utf8("\"viewerId\":\"" + viewerId + "\"" + (empty ? "" : ","));
        byte[] out = new byte[raw.length + field.length];
        System.arraycopy(raw, 0, out, 0, open + 1);
        System.arraycopy(field, 0, out, open + 1, field.length);
        System.arraycopy(raw, open + 1, out, open + 1 + field.length, raw.length - open - 1);
        return out;
    }

    private static final byte[] VIEWER_ID = utf8("\"viewerId\"");
    private static final byte[] UNICODE_ESCAPE = utf8("\\u");

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** A flat object of string fields, in the order given: key, value, key, value... */
    private static byte[] fields(String... keysAndValues) {
        ObjectNode n = MessageParser.JSON.createObjectNode();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            n.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return MessageParser.JSON.writeValueAsBytes(n);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
