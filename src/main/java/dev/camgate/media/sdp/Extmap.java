package dev.camgate.media.sdp;

/**
 * {@code a=extmap:<id>[/<direction>] <uri> [<attributes>]} (RFC 8285 §8). {@code direction} is null when not
 * given; {@code attributes} is empty when none.
 */
public record Extmap(int id, Direction direction, String uri, String attributes) {
}
