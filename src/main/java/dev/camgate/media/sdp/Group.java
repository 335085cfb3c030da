package dev.camgate.media.sdp;

import java.util.List;

/** {@code a=group:<semantics> <mid>...} (RFC 5888), e.g. BUNDLE (RFC 8843). */
public record Group(String semantics, List<String> mids) {
    public Group {
        mids = List.copyOf(mids);
    }
}
