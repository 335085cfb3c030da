package dev.camgate.media.snapshot;

/** A keyframe that does not become a picture; the message says why, in words for the person asking. */
public final class SnapshotException extends Exception {
    public SnapshotException(String message) {
        super(message);
    }
}
