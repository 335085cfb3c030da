package dev.camgate.media.sdp;

/**
 * The o= line (RFC 8866 §5.2). The session id stays text: Firefox and Chromium write up to 19-20 digits,
 * and camgate only ever echoes or compares it.
 */
public record Origin(String username, String sessionId, long sessionVersion, String netType, String addrType,
        String address) {
}
