package dev.camgate.protocol;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** A message a client sent to the hub, already checked for shape by {@link MessageParser}. */
public sealed interface Inbound {

    /** Ayame's register; {@code key} is whichever of signalingKey/key was given (signalingKey wins, as in Ayame). */
    record Register(String roomId, String clientId, String key, JsonNode authnMetadata, String ayameClient,
                    String libwebrtc, String environment, boolean standalone, Extension camgate) implements Inbound {
    }

    /** camgate's optional register extension (docs/protocol.md). */
    record Extension(Role role, boolean multiViewer, String name) {
        public enum Role { CAMERA, VIEWER }
    }

    /**
     * offer / answer / candidate, as checked by {@link MessageParser}. {@code raw} is the frame exactly as
     * received, so relaying it is byte-for-byte; {@code viewerId} is the one routing field. Bridges that
     * translate a message read it whole with {@link #json()}.
     */
    record Relay(Kind kind, String viewerId, byte[] raw) implements Inbound {
        public enum Kind { OFFER, ANSWER, CANDIDATE }

        /** The message as a JSON tree, parsed again on each call: only bridges need it, and they are not the hot path. */
        public ObjectNode json() {
            return (ObjectNode) MessageParser.JSON.readTree(raw);
        }

        /** An offer's or answer's SDP, read from the frame (the parser checked it is a non-empty string). */
        public String sdp() {
            if (kind == Kind.CANDIDATE) {
                throw new IllegalStateException("a candidate has no SDP");
            }
            return json().get("sdp").asString();
        }

        /** A candidate's values, read from the frame (the parser checked their types). */
        public IceCandidate ice() {
            if (kind != Kind.CANDIDATE) {
                throw new IllegalStateException("an " + kind + " has no candidate");
            }
            JsonNode ice = json().get("ice");
            return new IceCandidate(ice.get("candidate").asString(), ice.get("sdpMid").asString(), ice.get("sdpMLineIndex").asInt());
        }
    }

    /** A candidate message without an {@code ice} object: some pages send it to mean "no more candidates". */
    record EndOfCandidates() implements Inbound {
    }

    record Pong() implements Inbound {
    }

    record Ping() implements Inbound {
    }

    /** Sent by Ayame standalone clients once their peer connection is up. */
    record Connected() implements Inbound {
    }

    /** A client leaving on purpose. Ayame treats it as an invalid type; camgate lets the client go cleanly. */
    record Bye() implements Inbound {
    }
}
