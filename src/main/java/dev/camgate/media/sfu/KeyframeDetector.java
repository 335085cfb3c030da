package dev.camgate.media.sfu;

/**
 * Says whether an RTP payload is part of a keyframe (for H.264: an IDR slice, or the SPS/PPS that start one).
 * The codec knowledge lives with the caller so this package needs only RTP. Called on the event loop for every
 * video packet; must not allocate, must not throw on any bytes, and must stay inside the given range.
 */
@FunctionalInterface
public interface KeyframeDetector {
    boolean isKeyframe(byte[] buf, int payloadOff, int payloadLen);
}
