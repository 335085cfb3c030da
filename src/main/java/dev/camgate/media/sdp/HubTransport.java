package dev.camgate.media.sdp;

import java.util.List;

/**
 * What camgate puts in every SDP it writes for one peer: that peer's ICE credentials (RFC 8839), the hub
 * certificate's fingerprint ("sha-256 AB:CD:..."), and the host candidates of the one media port.
 */
public record HubTransport(String iceUfrag, String icePwd, String fingerprint, List<Candidate> candidates) {
    public HubTransport {
        if (!Tokens.iceChars(iceUfrag, 4, 256) || !Tokens.iceChars(icePwd, 22, 256)) {
            throw new IllegalArgumentException("ICE ufrag must be 4-256 and pwd 22-256 ice-chars");
        }
        if (fingerprint == null || fingerprint.indexOf(' ') < 1) {
            throw new IllegalArgumentException("fingerprint must be \"<hash> <hex>\"");
        }
        candidates = List.copyOf(candidates);
    }
}
