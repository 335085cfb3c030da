package dev.camgate.media.snapshot;

/** An encoded picture: JPEG bytes (the caller must not change them) and the picture's size. */
public record Jpeg(byte[] bytes, int width, int height) {
}
