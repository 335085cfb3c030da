package dev.camgate.media.mp4;

/**
 * Bytes that are not an MP4 this package reads, or that break the format; the message names the box type and its
 * file offset, and what was wrong.
 */
public final class Mp4Exception extends Exception {
    public Mp4Exception(String message) {
        super(message);
    }
}
