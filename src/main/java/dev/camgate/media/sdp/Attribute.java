package dev.camgate.media.sdp;

/**
 * An attribute line camgate does not interpret, kept so that a parsed SDP can be written back whole:
 * {@code a=name:value}, or {@code a=name} when {@code value} is empty.
 */
public record Attribute(String name, String value) {
}
