package dev.camgate.media.sfu;

/**
 * How one camera track is handled.
 *
 * @param video     whether keyframes matter: a video egress starts and resumes only at a keyframe; audio (Opus,
 *                  every packet decodable alone) starts with the next live packet
 * @param cacheSlots packets kept for retransmission and for a joining viewer's first picture; a power of two
 * @param clockRate the RTP clock, for keeping a viewer's timestamps continuous over a camera restart
 * @param nack      whether gaps are NACKed to the camera (only if the camera offered {@code nack})
 */
public record FeedConfig(boolean video, int cacheSlots, int clockRate, boolean nack) {
    public FeedConfig {
        if (cacheSlots < 16 || Integer.bitCount(cacheSlots) != 1) {
            throw new IllegalArgumentException("cacheSlots must be a power of two >= 16: " + cacheSlots);
        }
        if (clockRate <= 0) {
            throw new IllegalArgumentException("clockRate must be positive: " + clockRate);
        }
    }

    /** H.264 or VP8 at 90 kHz: 1024 packets, about 3-4 s at 2 Mbit/s. */
    public static FeedConfig forVideo() {
        return new FeedConfig(true, 1024, 90_000, true);
    }

    /** Opus at 48 kHz: 128 packets (2.5 s of 20 ms frames); libwebrtc does not NACK audio, so neither do we. */
    public static FeedConfig forAudio() {
        return new FeedConfig(false, 128, 48_000, false);
    }
}
