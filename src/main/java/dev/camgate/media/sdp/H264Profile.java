package dev.camgate.media.sdp;

/** The H.264 profiles WebRTC peers name in profile-level-id (RFC 6184 §8.1, H.264 Annex A.2). */
public enum H264Profile {
    CONSTRAINED_BASELINE, BASELINE, MAIN, HIGH, CONSTRAINED_HIGH, PREDICTIVE_HIGH_444
}
