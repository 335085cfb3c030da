package dev.camgate.media.sdp;

import java.util.List;
import java.util.Map;

/**
 * Writes a {@link SessionDescription} as SDP text with CRLF line ends: the one SDP writer behind every
 * offer and answer camgate makes. Everything in the records is written (the ICE credentials, fingerprint and
 * setup of each section at media level), so {@code parse(write(d))} gives {@code d} back for what
 * camgate builds. Stateless; allocates one StringBuilder.
 */
public final class SdpWriter {
    private SdpWriter() {
    }

    public static String write(SessionDescription d) {
        StringBuilder b = new StringBuilder(2048);
        line(b, "v=0");
        Origin o = d.origin();
        line(b, "o=" + o.username() + " " + o.sessionId() + " " + o.sessionVersion() + " " + o.netType() + " "
                + o.addrType() + " " + o.address());
        line(b, "s=" + d.sessionName());
        line(b, "t=0 0");
        if (d.iceLite()) {
            line(b, "a=ice-lite");
        }
        for (Group g : d.groups()) {
            line(b, "a=group:" + g.semantics() + (g.mids().isEmpty() ? "" : " " + String.join(" ", g.mids())));
        }
        transport(b, d.iceUfrag(), d.icePwd(), d.fingerprint(), d.setup());
        attributes(b, d.attributes());
        for (MediaDescription m : d.media()) {
            media(b, m);
        }
        return b.toString();
    }

    private static void media(StringBuilder b, MediaDescription m) {
        line(b, "m=" + m.media() + " " + m.port() + " " + m.proto() + " " + String.join(" ", m.formats()));
        line(b, "c=IN IP4 0.0.0.0");
        for (Candidate c : m.candidates()) {
            line(b, "a=" + c.sdpValue());
        }
        if (m.endOfCandidates()) {
            line(b, "a=end-of-candidates");
        }
        transport(b, m.iceUfrag(), m.icePwd(), m.fingerprint(), m.setup());
        if (m.mid() != null) {
            line(b, "a=mid:" + m.mid());
        }
        for (Extmap e : m.extmaps()) {
            line(b, "a=extmap:" + e.id() + (e.direction() == null ? "" : "/" + e.direction().sdpName()) + " " + e.uri()
                    + (e.attributes().isEmpty() ? "" : " " + e.attributes()));
        }
        line(b, "a=" + m.direction().sdpName());
        if (m.msid() != null) {
            line(b, "a=msid:" + m.msid());
        }
        if (m.rtcpMux()) {
            line(b, "a=rtcp-mux");
        }
        if (m.rtcpRsize()) {
            line(b, "a=rtcp-rsize");
        }
        for (Codec c : m.codecs()) {
            line(b, "a=rtpmap:" + c.payloadType() + " " + c.name() + "/" + c.clockRate() + (c.channels() > 1 ? "/" + c.channels() : ""));
            for (String fb : c.rtcpFb()) {
                line(b, "a=rtcp-fb:" + c.payloadType() + " " + fb);
            }
            if (!c.fmtp().isEmpty()) {
                line(b, "a=fmtp:" + c.payloadType() + " " + fmtp(c.fmtp()));
            }
        }
        for (SsrcGroup g : m.ssrcGroups()) {
            StringBuilder s = new StringBuilder("a=ssrc-group:").append(g.semantics());
            g.ssrcs().forEach(x -> s.append(' ').append(x));
            line(b, s.toString());
        }
        for (Ssrc s : m.ssrcs()) {
            if (s.cname() != null) {
                line(b, "a=ssrc:" + s.ssrc() + " cname:" + s.cname());
            }
            if (s.msid() != null) {
                line(b, "a=ssrc:" + s.ssrc() + " msid:" + s.msid());
            }
        }
        attributes(b, m.attributes());
    }

    private static void transport(StringBuilder b, String ufrag, String pwd, String fingerprint, Setup setup) {
        if (ufrag != null) {
            line(b, "a=ice-ufrag:" + ufrag);
        }
        if (pwd != null) {
            line(b, "a=ice-pwd:" + pwd);
        }
        if (fingerprint != null) {
            line(b, "a=fingerprint:" + fingerprint);
        }
        if (setup != null) {
            line(b, "a=setup:" + setup.sdpName());
        }
    }

    private static void attributes(StringBuilder b, List<Attribute> attributes) {
        for (Attribute a : attributes) {
            line(b, "a=" + a.name() + (a.value().isEmpty() ? "" : ":" + a.value()));
        }
    }

    /** {@code key=value;key=value}, a key alone where its value is empty (RED's "111/111"). */
    static String fmtp(Map<String, String> params) {
        StringBuilder s = new StringBuilder();
        params.forEach((k, v) -> {
            if (!s.isEmpty()) {
                s.append(';');
            }
            s.append(k);
            if (!v.isEmpty()) {
                s.append('=').append(v);
            }
        });
        return s.toString();
    }

    private static void line(StringBuilder b, String line) {
        b.append(line).append("\r\n");
    }
}
