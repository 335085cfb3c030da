package dev.camgate.media.sdp;

/**
 * One SSRC an m-section announces, gathered from its {@code a=ssrc:} lines (RFC 5576): the cname and the
 * {@code msid:} value ("stream track"), each null when not given.
 */
public record Ssrc(long ssrc, String cname, String msid) {
}
