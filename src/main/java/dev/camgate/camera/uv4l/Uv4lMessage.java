package dev.camgate.camera.uv4l;

import dev.camgate.protocol.IceCandidate;
import tools.jackson.databind.JsonNode;

/**
 * What camgate sends UV4L's WebRTC signaling (docs/protocol.md §U6). UV4L wants {@code data} as a string
 * holding JSON, so the payloads are records of their own, written first and carried as text.
 */
sealed interface Uv4lMessage {
    record Call(String what, JsonNode options) implements Uv4lMessage {
        Call(JsonNode options) {
            this("call", options);
        }
    }

    /** {@code what} with {@code data}: a payload record written as a JSON string. */
    record Wrapped(String what, String data) implements Uv4lMessage {
    }

    record Hangup(String what) implements Uv4lMessage {
        static final Hangup INSTANCE = new Hangup("hangup");
    }

    record Answer(String type, String sdp) {
        Answer(String sdp) {
            this("answer", sdp);
        }
    }

    /** UV4L's field names for a candidate (the same as the browser's). */
    record Candidate(int sdpMLineIndex, String sdpMid, String candidate) {
        Candidate(IceCandidate ice) {
            this(ice.sdpMLineIndex(), ice.sdpMid(), ice.candidate());
        }
    }
}
