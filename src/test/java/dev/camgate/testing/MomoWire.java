package dev.camgate.testing;

import tools.jackson.databind.JsonNode;

/** What Momo in p2p mode parses without crashing (docs/protocol.md §U4): anything else is a violation. */
public final class MomoWire {
    private MomoWire() {
    }

    /** Null if Momo would handle the message safely, else what is wrong. */
    public static String check(String text) {
        JsonNode m;
        try {
            m = WsClient.JSON.readTree(text);
        } catch (RuntimeException e) {
            return "not JSON";
        }
        JsonNode type = m.get("type");
        if (type == null || !type.isString()) {
            return "no string type";
        }
        switch (type.asString()) {
            case "offer", "answer" -> {
                return m.get("sdp") != null && m.get("sdp").isString() ? null : "no string sdp";
            }
            case "candidate" -> {
                JsonNode ice = m.get("ice");
                if (ice == null || !ice.isObject()) {
                    return "no ice object";
                }
                if (ice.get("candidate") == null || !ice.get("candidate").isString()) {
                    return "ice.candidate not a string";
                }
                if (ice.get("sdpMid") == null || !ice.get("sdpMid").isString()) {
                    return "ice.sdpMid not a string";
                }
                return ice.get("sdpMLineIndex") != null && ice.get("sdpMLineIndex").isInt() ? null : "ice.sdpMLineIndex not a number";
            }
            case "close", "bye", "register" -> {
                return null;
            }
            default -> {
                return "unknown type " + type.asString();
            }
        }
    }
}
