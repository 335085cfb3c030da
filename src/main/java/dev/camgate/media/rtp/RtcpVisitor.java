package dev.camgate.media.rtp;

/**
 * What {@link Rtcp#walk} found in a compound RTCP packet, one call per fact, in packet order. Every method has
 * a no-op default so a caller overrides only what it uses. Nothing is allocated on the way: SSRCs and 32-bit
 * counters come as unsigned values in a {@code long}, and a REMB's SSRC list stays in the caller's buffer
 * (read it with {@link Rtcp#ssrcAt}). Calls happen on the caller's thread, during {@code walk}, and only
 * for a compound packet that is well formed as a whole.
 */
public interface RtcpVisitor {

    /** A sender report's sender info (RFC 3550 §6.4.1); its report blocks follow as {@link #reportBlock}. */
    default void senderReport(long ssrc, long ntpMsw, long ntpLsw, long rtpTs, long packetCount, long octetCount) {
    }

    /** A receiver report's header (RFC 3550 §6.4.2), also for an RR with no report blocks. */
    default void receiverReport(long ssrc) {
    }

    /**
     * One report block of an SR or RR. {@code cumulativeLost} is the signed 24-bit field (it goes negative when
     * duplicates outnumber losses); {@code lsr} and {@code dlsr} are in 1/65536 s.
     */
    default void reportBlock(long reporterSsrc, long sourceSsrc, int fractionLost, int cumulativeLost,
            long extHighestSeq, long jitter, long lsr, long dlsr) {
    }

    /** An SDES packet with {@code chunkCount} chunks (its items are not read). */
    default void sdes(int chunkCount) {
    }

    /** One SSRC leaving (RFC 3550 §6.6), once per SSRC listed. */
    default void bye(long ssrc) {
    }

    /** One generic NACK FCI entry (RFC 4585 §6.2.1): {@code pid} lost, and {@code pid + i + 1} for each bit i of {@code blp}. */
    default void nack(long senderSsrc, long mediaSsrc, int pid, int blp) {
    }

    /** Picture Loss Indication (RFC 4585 §6.3.1). */
    default void pli(long senderSsrc, long mediaSsrc) {
    }

    /** One Full Intra Request FCI entry (RFC 5104 §4.3.1). */
    default void fir(long senderSsrc, long targetSsrc, int seqNr) {
    }

    /**
     * Receiver Estimated Maximum Bitrate (draft-alvestrand-rmcat-remb): the estimate in bits per second
     * (saturated at {@code Long.MAX_VALUE}) and the SSRCs it applies to, {@code ssrcCount} of them at
     * {@code ssrcsOff} in {@code buf}; valid only during this call.
     */
    default void remb(long senderSsrc, long bitrateBps, int ssrcCount, byte[] buf, int ssrcsOff) {
    }

    /** A transport-wide congestion control feedback packet (RTPFB fmt 15); its content is not read. */
    default void transportCc(long senderSsrc, long mediaSsrc) {
    }

    /** Any other packet: APP, XR, an unknown feedback format, or an application-layer feedback that is not REMB. */
    default void other(int pt, int fmt) {
    }
}
