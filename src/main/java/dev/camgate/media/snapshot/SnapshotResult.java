package dev.camgate.media.snapshot;

/** What a snapshot request comes to. */
public sealed interface SnapshotResult {
    /** A picture, made from the keyframe that arrived {@code ageNanos} ago. */
    record Ready(Jpeg jpeg, long ageNanos) implements SnapshotResult {
    }

    /** No keyframe has been held yet, and no picture was made before. */
    record NoPicture() implements SnapshotResult {
    }

    /** Every decoding slot is taken and there is no earlier picture to give: ask again in a moment. */
    record Busy() implements SnapshotResult {
    }

    /** The latest keyframe does not make a picture. */
    record Failed(String reason) implements SnapshotResult {
    }
}
