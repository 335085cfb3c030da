package dev.camgate.media.sdp;

/** The direction attribute of an m-section (RFC 3264 §5.1), from the point of view of the SDP's author. */
public enum Direction {
    SENDRECV("sendrecv"), SENDONLY("sendonly"), RECVONLY("recvonly"), INACTIVE("inactive");

    private final String sdpName;

    Direction(String sdpName) {
        this.sdpName = sdpName;
    }

    public String sdpName() {
        return sdpName;
    }

    /** Whether the SDP's author sends media on this section. */
    public boolean sends() {
        return this == SENDRECV || this == SENDONLY;
    }

    /** Whether the SDP's author receives media on this section. */
    public boolean receives() {
        return this == SENDRECV || this == RECVONLY;
    }

    /** The direction attribute's name to this direction, or null if the name is not one. */
    static Direction of(String name) {
        for (Direction d : values()) {
            if (d.sdpName.equals(name)) {
                return d;
            }
        }
        return null;
    }
}
