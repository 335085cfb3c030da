package dev.camgate.media.sdp;

/**
 * One m-section on which camgate sends a viewer a feed: the forwarder rewrites each packet's payload type to
 * {@code payloadType} (the viewer's number for {@code codec}) and its SSRC to {@code ssrc}, and answers the
 * viewer's NACK, PLI and FIR only where negotiated.
 */
public record NegotiatedTrack(MediaKind kind, String mid, int payloadType, Codec codec, long ssrc, boolean nack,
        boolean pli, boolean fir) {
}
