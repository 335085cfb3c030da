package dev.camgate.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Strict checks of what the hub writes: to a browser (Ayame) or to a camera (Momo p2p, UV4L). */
final class Wire {
    /**
     * Stricter than the hub's own reader: nothing may follow the value, and no name may appear twice in an
     * object (parsers disagree on which duplicate wins, so a checked field must be the only one).
     */
    static final JsonMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private Wire() {
    }

    /** The bytes as one JSON object, or a test failure that says why not. */
    static ObjectNode object(byte[] bytes, String where) {
        utf8(bytes, where);
        JsonNode node;
        try {
            node = STRICT.readTree(bytes);
        } catch (JacksonException e) {
            throw new AssertionError(where + ": not valid JSON (" + e.getOriginalMessage() + "): " + show(bytes), e);
        }
        if (!(node instanceof ObjectNode o)) {
            throw new AssertionError(where + ": not a JSON object: " + show(bytes));
        }
        return o;
    }

    static ObjectNode object(String text, String where) {
        return object(text.getBytes(StandardCharsets.UTF_8), where);
    }

    static void utf8(byte[] bytes, String where) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
        } catch (CharacterCodingException e) {
            fail(where + ": not valid UTF-8: " + show(bytes));
        }
    }

    static boolean isUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    static String string(ObjectNode o, String field, String where) {
        JsonNode v = o.get(field);
        if (v == null || !v.isString()) {
            fail(where + ": '" + field + "' is not a string: " + o);
        }
        return v.asString();
    }

    static String nonEmptyString(ObjectNode o, String field, String where) {
        String s = string(o, field, where);
        assertTrue(!s.isEmpty(), where + ": '" + field + "' is empty: " + o);
        return s;
    }

    static int index(ObjectNode o, String field, String where) {
        JsonNode v = o.get(field);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < 0) {
            fail(where + ": '" + field + "' is not a non-negative int: " + o);
        }
        return v.asInt();
    }

    static ObjectNode child(ObjectNode o, String field, String where) {
        if (!(o.get(field) instanceof ObjectNode c)) {
            throw new AssertionError(where + ": '" + field + "' is not an object: " + o);
        }
        return c;
    }

    static void onlyFields(ObjectNode o, Set<String> allowed, String where) {
        for (String name : o.propertyNames()) {
            assertTrue(allowed.contains(name), where + ": unexpected field '" + name + "' in " + o);
        }
    }

    /** A message the hub sends to a browser viewer (docs/protocol.md): answer, offer, candidate, notice. */
    static void checkToViewer(byte[] bytes, String where) {
        ObjectNode msg = object(bytes, where);
        assertNotNull(msg.get("type"), where + ": no type: " + msg);
        String type = string(msg, "type", where);
        switch (type) {
            case "offer", "answer" -> {
                onlyFields(msg, Set.of("type", "sdp"), where);
                nonEmptyString(msg, "sdp", where);
            }
            case "candidate" -> {
                onlyFields(msg, Set.of("type", "ice"), where);
                ObjectNode ice = child(msg, "ice", where);
                onlyFields(ice, Set.of("candidate", "sdpMid", "sdpMLineIndex"), where);
                string(ice, "candidate", where);
                if (ice.has("sdpMid")) {
                    string(ice, "sdpMid", where);
                }
                index(ice, "sdpMLineIndex", where);
            }
            case "notice" -> {
                onlyFields(msg, Set.of("type", "text"), where);
                string(msg, "text", where);
            }
            default -> fail(where + ": unexpected message type '" + type + "' to a viewer: " + msg);
        }
    }

    static String show(byte[] bytes) {
        String s = new String(bytes, StandardCharsets.UTF_8);
        return s.length() > 300 ? s.substring(0, 300) + "...(" + bytes.length + " bytes)" : s;
    }

    static void assertSameJson(JsonNode expected, JsonNode actual, String where) {
        assertEquals(expected, actual, where);
    }
}
