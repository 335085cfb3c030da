package dev.camgate.media.transport;

/**
 * What a datagram on the shared media port is, from its first byte (RFC 7983 §7) and, for RTP and RTCP,
 * the second (RFC 5761 §4). Nothing else is looked at: this runs for every packet, junk included.
 */
public enum PacketKind {
    STUN, DTLS, RTP, RTCP, UNKNOWN;

    public static PacketKind of(byte[] buf, int off, int len) {
        if (len < 2) {
            return UNKNOWN;
        }
        int b = buf[off] & 0xFF;
        if (b <= 3) {
            return STUN;
        }
        if (b >= 20 && b <= 63) {
            return DTLS;
        }
        if (b >= 128 && b <= 191) {
            int pt = buf[off + 1] & 0xFF;
            return pt >= 192 && pt <= 223 ? RTCP : RTP;
        }
        return UNKNOWN;
    }
}
