package dev.camgate.media.sdp;

import java.util.List;

/** {@code a=ssrc-group:<semantics> <ssrc>...} (RFC 5576 §4.2); FID pairs a primary SSRC with its RTX (RFC 4588). */
public record SsrcGroup(String semantics, List<Long> ssrcs) {
    public SsrcGroup {
        ssrcs = List.copyOf(ssrcs);
    }
}
