package dev.camgate.media.h264;

/** H.264 RTP payloads that do not make a NAL unit stream; the message says which packet and what was wrong. */
public final class DepacketizeException extends Exception {
    public DepacketizeException(String message) {
        super(message);
    }
}
