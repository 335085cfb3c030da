package dev.camgate.protocol;

import dev.camgate.protocol.Inbound.Extension;
import dev.camgate.protocol.Inbound.Relay;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns a text frame into an {@link Inbound} or says exactly what is wrong with it. Every field that a
 * camera will read is checked here, because Momo can crash on wrong-shaped JSON (docs/protocol.md §U1, §U4).
 */
public final class MessageParser {
    /**
     * Duplicate names are refused: relays forward the raw bytes, and a receiver whose JSON library keeps
     * the first of two "ice" fields would read one nobody checked.
     */
    static final ObjectMapper JSON = JsonMapper.builder().enable(tools.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private MessageParser() {
    }

    public static Inbound parse(byte[] frame) throws ProtocolException {
        requireUtf8(frame);
        Relay relay = RelayScan.scan(frame);
        return relay != null ? relay : tree(frame);
    }

    /** Parses the frame as a tree: every message type and every error message. The fast path must agree with it. */
    public static Inbound parseWhole(byte[] frame) throws ProtocolException {
        requireUtf8(frame);
        return tree(frame);
    }

    private static Inbound tree(byte[] frame) throws ProtocolException {
        JsonNode root;
        try {
            root = JSON.readTree(frame);
        } catch (JacksonException e) {
            throw new ProtocolException("not JSON: " + firstLine(e.getOriginalMessage()));
        }
        if (!(root instanceof ObjectNode msg)) {
            throw new ProtocolException("expected a JSON object, got " + describe(root));
        }
        JsonNode type = msg.get("type");
        if (type == null || !type.isString()) {
            throw new ProtocolException("message has no string 'type'");
        }
        return switch (type.asString()) {
            case "register" -> register(msg);
            case "offer" -> sdp(msg, Relay.Kind.OFFER, frame);
            case "answer" -> sdp(msg, Relay.Kind.ANSWER, frame);
            case "candidate" -> candidate(msg, frame);
            case "pong" -> new Inbound.Pong();
            case "ping" -> new Inbound.Ping();
            case "connected" -> new Inbound.Connected();
            // Momo's p2p protocol says "close" for what Ayame clients call leaving.
            case "bye", "close" -> new Inbound.Bye();
            default -> throw new ProtocolException("unknown message type '" + clip(type.asString()) + "'");
        };
    }

    private static void requireUtf8(byte[] frame) throws ProtocolException {
        int bad = Utf8.firstInvalid(frame);
        if (bad >= 0) {
            throw new ProtocolException("not valid UTF-8 at byte " + bad);
        }
        int half = Utf8.firstUnpairedSurrogateEscape(frame);
        if (half >= 0) {
            throw new ProtocolException("the escape at byte " + half + " is half a UTF-16 surrogate pair: not Unicode text");
        }
    }

    private static Inbound.Register register(ObjectNode msg) throws ProtocolException {
        String roomId = optionalString(msg, "roomId");
        if (roomId == null || roomId.isEmpty()) {
            throw new ProtocolException("register needs a non-empty string 'roomId'");
        }
        if (roomId.length() > 255) {
            throw new ProtocolException("'roomId' is longer than 255 characters");
        }
        String signalingKey = optionalString(msg, "signalingKey");
        String key = signalingKey != null ? signalingKey : optionalString(msg, "key");
        JsonNode standalone = msg.get("standalone");
        if (standalone != null && !standalone.isNull() && !standalone.isBoolean()) {
            throw new ProtocolException("'standalone' must be true or false");
        }
        return new Inbound.Register(roomId, optionalString(msg, "clientId"), key, msg.get("authnMetadata"),
                optionalString(msg, "ayameClient"), optionalString(msg, "libwebrtc"), optionalString(msg, "environment"),
                standalone != null && standalone.asBoolean(), extension(msg.get("camgate")));
    }

    private static Extension extension(JsonNode ext) throws ProtocolException {
        if (ext == null || ext.isNull()) {
            return null;
        }
        if (!(ext instanceof ObjectNode obj)) {
            throw new ProtocolException("'camgate' must be an object");
        }
        String role = optionalString(obj, "role");
        Extension.Role r;
        if (role == null || role.equals("viewer")) {
            r = Extension.Role.VIEWER;
        } else if (role.equals("camera")) {
            r = Extension.Role.CAMERA;
        } else {
            throw new ProtocolException("'camgate.role' must be \"camera\" or \"viewer\"");
        }
        JsonNode multi = obj.get("multiViewer");
        if (multi != null && !multi.isNull() && !multi.isBoolean()) {
            throw new ProtocolException("'camgate.multiViewer' must be true or false");
        }
        String name = optionalString(obj, "name");
        if (name != null && name.length() > 100) {
            throw new ProtocolException("'camgate.name' is longer than 100 characters");
        }
        return new Extension(r, multi != null && multi.asBoolean(), name);
    }

    private static Relay sdp(ObjectNode msg, Relay.Kind kind, byte[] frame) throws ProtocolException {
        JsonNode sdp = msg.get("sdp");
        if (sdp == null || !sdp.isString() || sdp.asString().isEmpty()) {
            throw new ProtocolException(kind.name().toLowerCase() + " needs a non-empty string 'sdp'");
        }
        return new Relay(kind, viewerId(msg), frame);
    }

    private static Inbound candidate(ObjectNode msg, byte[] frame) throws ProtocolException {
        JsonNode ice = msg.get("ice");
        if (ice == null || ice.isNull()) {
            return new Inbound.EndOfCandidates();
        }
        if (!(ice instanceof ObjectNode c)) {
            throw new ProtocolException("candidate 'ice' must be an object");
        }
        JsonNode line = c.get("candidate");
        if (line == null || !line.isString()) {
            throw new ProtocolException("candidate needs a string 'ice.candidate'");
        }
        JsonNode mid = c.get("sdpMid");
        if (mid == null || !mid.isString()) {
            throw new ProtocolException("candidate needs a string 'ice.sdpMid'");
        }
        JsonNode index = c.get("sdpMLineIndex");
        if (index == null || !index.isIntegralNumber() || !index.canConvertToInt() || index.asInt() < 0) {
            throw new ProtocolException("candidate needs a non-negative integer 'ice.sdpMLineIndex'");
        }
        return new Relay(Relay.Kind.CANDIDATE, viewerId(msg), frame);
    }

    private static String viewerId(ObjectNode msg) throws ProtocolException {
        JsonNode v = msg.get("viewerId");
        if (v != null && !v.isNull() && !v.isString()) {
            throw new ProtocolException("'viewerId' must be a string");
        }
        return v == null || v.isNull() ? null : v.asString();
    }

    private static String optionalString(ObjectNode msg, String field) throws ProtocolException {
        JsonNode v = msg.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isString()) {
            throw new ProtocolException("'" + field + "' must be a string, got " + describe(v));
        }
        return v.asString();
    }

    private static String describe(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL, MISSING -> "null";
            case STRING -> "a string";
            default -> "an object";
        };
    }

    private static String clip(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unparseable";
        }
        int nl = s.indexOf('\n');
        return clip2(nl < 0 ? s : s.substring(0, nl));
    }

    private static String clip2(String s) {
        return s.length() > 120 ? s.substring(0, 120) + "..." : s;
    }
}
