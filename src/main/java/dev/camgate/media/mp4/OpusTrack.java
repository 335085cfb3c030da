package dev.camgate.media.mp4;

/**
 * One Opus audio track's parameters, as "Encapsulation of Opus in ISO Base Media File Format" (version 0.6.8)
 * stores them in an 'Opus' sample entry and its 'dOps' box. Its timescale is always 48 kHz, Opus's own clock.
 *
 * @param channels the output channel count (1 or 2; channel mapping family 0)
 * @param preSkip  samples the decoder drops at the start (0 for a stream joined in the middle, as a camera's is)
 */
public record OpusTrack(int channels, int preSkip) {
    public static final int TIMESCALE = 48_000;

    public OpusTrack {
        if (channels < 1 || channels > 2) {
            throw new IllegalArgumentException("Opus channel count " + channels + " (family 0 has 1 or 2)");
        }
        if (preSkip < 0 || preSkip > 0xFFFF) {
            throw new IllegalArgumentException("pre-skip " + preSkip);
        }
    }

    /** What WebRTC negotiates ("opus/48000/2"): two channels, whether the sender fills both or not. */
    public static OpusTrack webRtc() {
        return new OpusTrack(2, 0);
    }
}
