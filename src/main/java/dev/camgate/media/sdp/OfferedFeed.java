package dev.camgate.media.sdp;

/**
 * One stream camgate can send a viewer: the camera's codec as the camera negotiated it (its payload type is
 * the camera's; the viewer's own number is chosen in the answer), and the SSRC, cname and msid ids that
 * camgate sends it under.
 */
public record OfferedFeed(MediaKind kind, Codec codec, long ssrc, String cname, String streamId, String trackId) {
    public OfferedFeed {
        if (kind != MediaKind.AUDIO && kind != MediaKind.VIDEO) {
            throw new IllegalArgumentException("a feed is audio or video");
        }
        if (ssrc < 0 || ssrc > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("SSRC must be 32-bit");
        }
        if (!Tokens.token(cname, 256) || !Tokens.token(streamId, 256) || !Tokens.token(trackId, 256)) {
            throw new IllegalArgumentException("cname, stream and track ids must be tokens");
        }
    }
}
