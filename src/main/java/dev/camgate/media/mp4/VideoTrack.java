package dev.camgate.media.mp4;

import java.util.Objects;

/**
 * One H.264 video track's parameters.
 *
 * @param width     the picture width in pixels after cropping (written to tkhd and avc1)
 * @param height    the picture height in pixels after cropping
 * @param sps       the sequence parameter set NAL unit without a start code; bytes 1..3 give avcC's profile,
 *                  compatibility and level
 * @param pps       the picture parameter set NAL unit without a start code
 * @param timescale ticks per second of every duration and decode time (90000 for RTP video)
 */
public record VideoTrack(int width, int height, byte[] sps, byte[] pps, int timescale) {
    public VideoTrack {
        Objects.requireNonNull(sps, "sps");
        Objects.requireNonNull(pps, "pps");
        if (width <= 0 || width > 0xFFFF || height <= 0 || height > 0xFFFF) {
            throw new IllegalArgumentException("picture size " + width + "x" + height);
        }
        if (sps.length < 4 || sps.length > 0xFFFF || pps.length < 1 || pps.length > 0xFFFF) {
            throw new IllegalArgumentException("SPS of " + sps.length + " bytes, PPS of " + pps.length);
        }
        if (timescale <= 0) {
            throw new IllegalArgumentException("timescale " + timescale);
        }
    }
}
