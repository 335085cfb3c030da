package dev.camgate.media.sdp;

/** The static payload types (RFC 3551 §6) a WebRTC peer may list without an rtpmap. */
final class StaticPayloadTypes {
    private StaticPayloadTypes() {
    }

    static Codec codec(int pt) {
        return switch (pt) {
            case 0 -> Codec.of(0, "PCMU", 8000, 1);
            case 8 -> Codec.of(8, "PCMA", 8000, 1);
            case 9 -> Codec.of(9, "G722", 8000, 1);
            case 13 -> Codec.of(13, "CN", 8000, 1);
            default -> null;
        };
    }
}
