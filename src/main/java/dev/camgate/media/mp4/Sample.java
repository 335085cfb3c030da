package dev.camgate.media.mp4;

/**
 * One sample (access unit) in AVCC form: each NAL unit preceded by its 4-byte big-endian length.
 * {@link Fmp4#fragmentHeader} reads only {@code length}, {@code duration} and {@code sync}; the caller writes
 * {@code data[offset, offset + length)} after the header.
 *
 * @param duration in track timescale units, until the next sample's decode time
 * @param sync     an IDR access unit (a random access point)
 */
public record Sample(byte[] data, int offset, int length, int duration, boolean sync) {
    public Sample {
        if (length < 0 || duration < 0) {
            throw new IllegalArgumentException("sample of length " + length + ", duration " + duration);
        }
    }
}
