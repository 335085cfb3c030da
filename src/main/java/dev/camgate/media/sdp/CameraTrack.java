package dev.camgate.media.sdp;

/**
 * What a camera sends on one m-section: its codec (the camera's payload type), its RTX codec if RTX was
 * negotiated (else null), and its SSRCs where signaled (-1 where not: then the first packet tells).
 */
public record CameraTrack(MediaKind kind, String mid, Codec codec, Codec rtx, long ssrc, long rtxSsrc) {
}
