package dev.camgate.protocol;

import dev.camgate.protocol.Inbound.Relay;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * The hot path of the hub: offers, answers and candidates are checked with one streaming pass over the
 * frame, without building a JSON tree or copying the SDP into a String. It only ever says "this is a
 * valid relay" or "don't know": anything unusual (an error, a register, a candidate without ice) goes to
 * the full parser, so error messages and rare cases have one implementation. MessageParserFuzzTest checks
 * that both always agree.
 */
final class RelayScan {
    private RelayScan() {
    }

    /** @return the checked relay, or null when {@link MessageParser} must look at the whole frame */
    static Relay scan(byte[] frame) {
        try (JsonParser p = MessageParser.JSON.createParser(frame)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            String type = null;
            String viewerId = null;
            boolean sdp = false;
            boolean ice = false;
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.PROPERTY_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                switch (name) {
                    case "type" -> {
                        if (v != JsonToken.VALUE_STRING) {
                            return null;
                        }
                        type = p.getString();
                    }
                    case "sdp" -> {
                        if (v != JsonToken.VALUE_STRING) {
                            return null;
                        }
                        sdp = p.getStringLength() > 0;
                    }
                    case "viewerId" -> {
                        if (v != JsonToken.VALUE_STRING && v != JsonToken.VALUE_NULL) {
                            return null;
                        }
                        viewerId = v == JsonToken.VALUE_STRING ? p.getString() : null;
                    }
                    case "ice" -> {
                        ice = v == JsonToken.START_OBJECT && candidate(p);
                        if (!ice) {
                            return null;
                        }
                    }
                    default -> {
                        if (!skip(p, v)) {
                            return null;
                        }
                    }
                }
            }
            if (t != JsonToken.END_OBJECT || p.nextToken() != null || type == null) {
                return null;
            }
            return switch (type) {
                case "offer" -> sdp ? new Relay(Relay.Kind.OFFER, viewerId, frame) : null;
                case "answer" -> sdp ? new Relay(Relay.Kind.ANSWER, viewerId, frame) : null;
                case "candidate" -> ice ? new Relay(Relay.Kind.CANDIDATE, viewerId, frame) : null;
                default -> null;
            };
        } catch (JacksonException e) {
            return null;
        }
    }

    /** The ice object of a candidate, positioned after its START_OBJECT; true when it has every field a receiver reads. */
    private static boolean candidate(JsonParser p) {
        boolean line = false;
        boolean mid = false;
        boolean index = false;
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.PROPERTY_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            boolean ok = switch (name) {
                case "candidate" -> line = isString(p, v);
                case "sdpMid" -> mid = isString(p, v);
                case "sdpMLineIndex" -> index = v == JsonToken.VALUE_NUMBER_INT
                        && p.getNumberType() == JsonParser.NumberType.INT && p.getIntValue() >= 0;
                default -> skip(p, v);
            };
            if (!ok) {
                return false;
            }
        }
        return t == JsonToken.END_OBJECT && line && mid && index;
    }

    private static boolean isString(JsonParser p, JsonToken v) {
        return v == JsonToken.VALUE_STRING && p.getStringLength() >= 0; // decoding it checks its encoding
    }

    /**
     * Walks past a value token by token, decoding every string and number as the tree parser would, so a
     * frame the full parser refuses is never accepted here.
     */
    private static boolean skip(JsonParser p, JsonToken first) {
        int depth = 0;
        JsonToken t = first;
        while (true) {
            switch (t) {
                case START_OBJECT, START_ARRAY -> depth++;
                case END_OBJECT, END_ARRAY -> depth--;
                case VALUE_STRING -> p.getStringLength();
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> p.getNumberValue();
                default -> {
                }
            }
            if (depth == 0) {
                return true;
            }
            t = p.nextToken();
            if (t == null) {
                return false;
            }
        }
    }
}
