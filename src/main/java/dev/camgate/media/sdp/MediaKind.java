package dev.camgate.media.sdp;

/** The media type of an m-line (RFC 8866 §5.14); everything camgate does not carry is {@link #OTHER}. */
public enum MediaKind {
    AUDIO("audio"), VIDEO("video"), APPLICATION("application"), OTHER(null);

    private final String sdpName;

    MediaKind(String sdpName) {
        this.sdpName = sdpName;
    }

    /** The m-line's media token for this kind, or null for {@link #OTHER} (which keeps its own token). */
    public String sdpName() {
        return sdpName;
    }

    public static MediaKind of(String media) {
        return switch (media) {
            case "audio" -> AUDIO;
            case "video" -> VIDEO;
            case "application" -> APPLICATION;
            default -> OTHER;
        };
    }
}
