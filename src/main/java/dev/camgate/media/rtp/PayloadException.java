package dev.camgate.media.rtp;

/** A codec structure carried in RTP (an H.264 sequence parameter set) that does not parse; the message says where. */
public final class PayloadException extends Exception {
    public PayloadException(String message) {
        super(message);
    }
}
