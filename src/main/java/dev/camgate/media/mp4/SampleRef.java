package dev.camgate.media.mp4;

/**
 * Where one sample's bytes lie in a segment file.
 *
 * @param offset   file offset of its first byte (inside the fragment's mdat)
 * @param size     its byte count (AVCC: length-prefixed NAL units)
 * @param duration in track timescale units
 * @param sync     a sync sample
 */
public record SampleRef(long offset, int size, int duration, boolean sync) {
}
