package dev.camgate.camera.dialout;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** JSON helpers for translating camera protocols: lenient when reading what a camera sends, strict when writing to it. */
public final class Json {
    public static final ObjectMapper MAPPER = JsonMapper.builder().build();

    private Json() {
    }

    /** The object in {@code text}, or null if it is not a JSON object. */
    public static ObjectNode object(String text) {
        try {
            return MAPPER.readTree(text) instanceof ObjectNode o ? o : null;
        } catch (JacksonException e) {
            return null;
        }
    }

    public static String string(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v != null && v.isString() ? v.asString() : null;
    }

    /** A non-negative int field, also when a camera sends it as a numeric string; -1 if absent or unusable. */
    public static int index(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        if (v != null && v.isIntegralNumber() && v.canConvertToInt() && v.asInt() >= 0) {
            return v.asInt();
        }
        if (v != null && v.isString() && v.asString().matches("\\d{1,4}")) {
            return Integer.parseInt(v.asString());
        }
        return -1;
    }

    public static ObjectNode create() {
        return MAPPER.createObjectNode();
    }

    public static String write(JsonNode node) {
        return MAPPER.writeValueAsString(node);
    }

    /** A message record, written with its components as the fields, in their order. */
    public static String write(Record message) {
        return MAPPER.writeValueAsString(message);
    }
}
