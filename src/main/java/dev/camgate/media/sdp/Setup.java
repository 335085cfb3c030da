package dev.camgate.media.sdp;

/** The DTLS role an SDP's author takes (RFC 4145 §4, RFC 5763 §5): the client is "active". */
public enum Setup {
    ACTPASS("actpass"), ACTIVE("active"), PASSIVE("passive"), HOLDCONN("holdconn");

    private final String sdpName;

    Setup(String sdpName) {
        this.sdpName = sdpName;
    }

    public String sdpName() {
        return sdpName;
    }

    static Setup of(String name) {
        for (Setup s : values()) {
            if (s.sdpName.equals(name)) {
                return s;
            }
        }
        return null;
    }
}
