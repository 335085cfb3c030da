package dev.camgate.http;

import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** The API's JSON writer. */
final class Json {
    /** Jackson 3 writes java.time values as ISO-8601 strings by default, which is what the pages expect. */
    static final ObjectMapper MAPPER = JsonMapper.builder().build();

    private Json() {
    }

    static String quote(String s) {
        return MAPPER.writeValueAsString(s);
    }
}
