package dev.camgate.media.sdp;

import java.util.List;

/**
 * A parsed SDP (RFC 8866) as WebRTC peers write it: the origin, the session name, the groups (BUNDLE),
 * ICE-lite, the session-level ICE credentials, fingerprint and setup (already copied into every section
 * without its own), the other session attributes, and the m-sections in order. Immutable; parse with
 * {@link #parse}, write with {@link SdpWriter#write}.
 */
public record SessionDescription(Origin origin, String sessionName, List<Group> groups, boolean iceLite,
        String iceUfrag, String icePwd, String fingerprint, Setup setup, List<Attribute> attributes,
        List<MediaDescription> media) {

    public SessionDescription {
        groups = List.copyOf(groups);
        attributes = List.copyOf(attributes);
        media = List.copyOf(media);
    }

    /**
     * Parses an SDP from an untrusted peer, within {@link SdpParser}'s bounds. Both CRLF and LF line ends
     * are accepted. Allocates in proportion to the (bounded) text; thread-safe.
     *
     * @throws SdpException naming the line and what was wrong
     */
    public static SessionDescription parse(String sdp) throws SdpException {
        return SdpParser.parse(sdp);
    }

    /** The mids of the first BUNDLE group, or an empty list when there is none. */
    public List<String> bundleMids() {
        for (Group g : groups) {
            if (g.semantics().equals("BUNDLE")) {
                return g.mids();
            }
        }
        return List.of();
    }

    /** The section with that mid, or null. */
    public MediaDescription section(String mid) {
        for (MediaDescription m : media) {
            if (mid.equals(m.mid())) {
                return m;
            }
        }
        return null;
    }
}
