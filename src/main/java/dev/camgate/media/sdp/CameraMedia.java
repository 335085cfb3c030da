package dev.camgate.media.sdp;

/**
 * A camera's side of a negotiation: its video and audio tracks (either null when it sends none) and the
 * ICE credentials and fingerprint its connectivity checks and certificate must match.
 */
public record CameraMedia(CameraTrack video, CameraTrack audio, String iceUfrag, String icePwd, String fingerprint) {
}
