/**
 * Continuous recording of relayed cameras to fragmented MP4 on the local disk, the index of what is on disk,
 * and the retention that keeps it from filling the disk (docs/recording.md). The part that meets the video is
 * {@link dev.camgate.recording.FrameAssembler}, one more egress on a camera's feed on the relay's event loop; it
 * copies whole pictures into a bounded queue, and everything that touches the disk runs on the camera's
 * recording thread or the retention thread, never on an event loop.
 */
package dev.camgate.recording;
