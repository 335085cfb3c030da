package dev.camgate.media.mp4;

/**
 * One access unit converted from Annex-B by {@link Fmp4#annexBToAvcc}.
 *
 * @param data the NAL units, each after its 4-byte big-endian length, access unit delimiters dropped
 * @param sps  the last SPS NAL unit found (a copy, no start code), or null
 * @param pps  the last PPS NAL unit found (a copy, no start code), or null
 * @param idr  whether an IDR slice (NAL type 5) is among them
 */
public record Avcc(byte[] data, byte[] sps, byte[] pps, boolean idr) {
}
