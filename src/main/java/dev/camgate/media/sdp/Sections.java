package dev.camgate.media.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/** What every offer and answer camgate writes has in common: one bundled ICE-lite transport, camgate as DTLS server. */
final class Sections {
    private Sections() {
    }

    /**
     * Checks that a peer's SDP can share camgate's one transport: a BUNDLE group, rtcp-mux on every bundled
     * RTP section, ICE credentials and a fingerprint on the BUNDLE-tagged section, and no demand that camgate
     * be the DTLS client. Returns the tagged section (the first mid of the group).
     */
    static MediaDescription requireTransport(SessionDescription sdp, String what, boolean answer) throws SdpException {
        List<String> bundle = sdp.bundleMids();
        if (bundle.isEmpty()) {
            throw new SdpException(what + " has no a=group:BUNDLE: camgate carries all media on one transport");
        }
        MediaDescription tag = sdp.section(bundle.get(0));
        if (tag.iceUfrag() == null || tag.icePwd() == null) {
            throw new SdpException(what + " has no a=ice-ufrag and a=ice-pwd for mid " + SdpException.excerpt(tag.mid()));
        }
        if (tag.fingerprint() == null) {
            throw new SdpException(what + " has no a=fingerprint for mid " + SdpException.excerpt(tag.mid()));
        }
        for (MediaDescription m : sdp.media()) {
            if (!live(m) || m.mid() == null || !bundle.contains(m.mid())) {
                continue;
            }
            if (m.isRtp() && !m.rtcpMux()) {
                throw new SdpException(what + " does not say a=rtcp-mux for mid " + SdpException.excerpt(m.mid())
                        + ": camgate sends RTP and RTCP on one port");
            }
            Setup s = m.setup();
            if (answer ? s != Setup.ACTIVE && s != null : s == Setup.PASSIVE || s == Setup.HOLDCONN) {
                throw new SdpException(what + " says a=setup:" + s.sdpName() + " for mid " + SdpException.excerpt(m.mid())
                        + ", but camgate is always the DTLS server (passive)");
            }
        }
        return tag;
    }

    /** A section the offerer wants negotiated: not port 0, unless it is bundle-only (RFC 8843 §6). */
    static boolean live(MediaDescription m) {
        if (!m.rejected()) {
            return true;
        }
        for (Attribute a : m.attributes()) {
            if (a.name().equals("bundle-only")) {
                return true;
            }
        }
        return false;
    }

    /** RTP over DTLS-SRTP (UDP/TLS/RTP/SAVPF, or the older RTP/SAVPF): camgate sends nothing unencrypted. */
    static boolean secure(MediaDescription m) {
        return m.isRtp() && m.proto().contains("SAVP");
    }

    /** The answer's port-0 copy of an offered section: same media, proto and mid (RFC 3264 §6). */
    static MediaDescription rejected(MediaDescription offered) {
        String format = offered.formats().get(0);
        // The one format keeps its rtpmap, so that the answer reads back as written (a static type gets one anyway).
        Codec codec = offered.isRtp() ? offered.codec(Integer.parseInt(format)) : null;
        List<Codec> codecs = codec == null ? List.of() : List.of(Codec.of(codec.payloadType(), codec.name(), codec.clockRate(), codec.channels()));
        return new MediaDescription(offered.kind(), offered.media(), 0, offered.proto(), List.of(format),
                offered.mid(), Direction.INACTIVE, null, null, null, null, false, false, null, codecs, List.of(),
                List.of(), List.of(), List.of(), false, List.of());
    }

    /** A section on camgate's transport with the given codecs (their payload types make the m-line). */
    static MediaDescription section(MediaKind kind, String media, String proto, String mid, Direction direction,
            HubTransport hub, Setup setup, boolean rtcpRsize, String msid, List<Codec> codecs, List<Ssrc> ssrcs) {
        List<String> formats = new ArrayList<>(codecs.size());
        for (Codec c : codecs) {
            formats.add(Integer.toString(c.payloadType()));
        }
        return new MediaDescription(kind, media, 9, proto, formats, mid, direction, hub.iceUfrag(), hub.icePwd(),
                hub.fingerprint(), setup, true, rtcpRsize, msid, codecs, List.of(), ssrcs, List.of(), hub.candidates(),
                true, List.of());
    }

    /** A session camgate writes: ICE-lite, and one BUNDLE group of the mids it did not reject, in m-section order. */
    static SessionDescription session(List<MediaDescription> media) {
        List<String> order = new ArrayList<>();
        for (MediaDescription m : media) {
            order.add(m.mid());
        }
        return session(media, order);
    }

    /**
     * The same with the BUNDLE mids in the offer's group order: its first accepted mid tags the transport
     * (RFC 8843 §7.3.1), and that must be one the offerer can expect.
     */
    static SessionDescription session(List<MediaDescription> media, List<String> offeredBundle) {
        List<String> mids = new ArrayList<>();
        for (String mid : offeredBundle) {
            for (MediaDescription m : media) {
                if (!m.rejected() && mid != null && mid.equals(m.mid())) {
                    mids.add(mid);
                }
            }
        }
        List<Group> groups = mids.isEmpty() ? List.of() : List.of(new Group("BUNDLE", mids));
        // A fresh session id per SDP (RFC 8866 §5.2); only its uniqueness matters, so no SecureRandom.
        String id = Long.toString(ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE));
        return new SessionDescription(new Origin("-", id, 2, "IN", "IP4", "127.0.0.1"), "-", groups, true, null, null,
                null, null, List.of(), media);
    }

    /** The codec's feedback that camgate also speaks, in the peer's order. */
    static List<String> feedback(Codec offered, Set<String> supported) {
        List<String> out = new ArrayList<>();
        for (String fb : offered.rtcpFb()) {
            if (supported.contains(fb)) {
                out.add(fb);
            }
        }
        return out;
    }
}
