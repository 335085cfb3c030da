package dev.camgate.recording;

/** A stretch of time a camera was recorded without a gap, in wall-clock milliseconds. */
public record Span(long start, long end) {
}
