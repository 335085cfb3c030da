package dev.camgate.media.sdp;

import java.util.ArrayList;
import java.util.List;

/**
 * One m-section. ICE credentials, fingerprint and setup are the effective ones: the section's own, or the
 * session's when the section has none (RFC 8839 §5.4, RFC 8122 §5). {@code formats} is the m-line's list
 * (payload type numbers for RTP, "webrtc-datachannel" for SCTP); {@code codecs} holds, in the m-line's order,
 * those payload types that have an rtpmap (or a static number camgate knows). Fields not given are null
 * (strings, setup), false (flags) or empty (lists); the direction defaults to sendrecv (RFC 3264 §5.1).
 * {@code attributes} keeps the lines camgate does not interpret, up to a bound.
 */
public record MediaDescription(MediaKind kind, String media, int port, String proto, List<String> formats,
        String mid, Direction direction, String iceUfrag, String icePwd, String fingerprint, Setup setup,
        boolean rtcpMux, boolean rtcpRsize, String msid, List<Codec> codecs, List<Extmap> extmaps,
        List<Ssrc> ssrcs, List<SsrcGroup> ssrcGroups, List<Candidate> candidates, boolean endOfCandidates,
        List<Attribute> attributes) {

    public MediaDescription {
        formats = List.copyOf(formats);
        codecs = List.copyOf(codecs);
        extmaps = List.copyOf(extmaps);
        ssrcs = List.copyOf(ssrcs);
        ssrcGroups = List.copyOf(ssrcGroups);
        candidates = List.copyOf(candidates);
        attributes = List.copyOf(attributes);
    }

    /** Port 0: a section the answerer rejected or the offerer withdrew (RFC 3264 §6, §8.2). */
    public boolean rejected() {
        return port == 0;
    }

    /** Whether the section carries RTP (an RTP/AVP family proto, so its formats are payload types). */
    public boolean isRtp() {
        return isRtpProto(proto);
    }

    static boolean isRtpProto(String proto) {
        return proto.contains("RTP/");
    }

    /** The codec with that payload type, or null. */
    public Codec codec(int payloadType) {
        for (Codec c : codecs) {
            if (c.payloadType() == payloadType) {
                return c;
            }
        }
        return null;
    }

    /** The RTX codec whose apt is {@code payloadType}, or null. */
    public Codec rtxFor(int payloadType) {
        for (Codec c : codecs) {
            if (c.isRtx() && c.apt() == payloadType) {
                return c;
            }
        }
        return null;
    }

    /** The codecs that carry media: not RTX, RED, ULPFEC, FlexFEC, comfort noise or DTMF. */
    public List<Codec> mediaCodecs() {
        List<Codec> out = new ArrayList<>(codecs.size());
        for (Codec c : codecs) {
            if (!Codecs.isAuxiliary(c)) {
                out.add(c);
            }
        }
        return out;
    }
}
