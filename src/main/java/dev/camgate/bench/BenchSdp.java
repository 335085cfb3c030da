package dev.camgate.bench;

import dev.camgate.media.dtls.Fingerprint;
import dev.camgate.media.dtls.FingerprintException;
import dev.camgate.media.sdp.Candidate;
import dev.camgate.media.sdp.Codec;
import dev.camgate.media.sdp.MediaDescription;
import dev.camgate.media.sdp.MediaKind;
import dev.camgate.media.sdp.SdpException;
import dev.camgate.media.sdp.SessionDescription;
import dev.camgate.media.stun.IceCredentials;
import java.net.InetSocketAddress;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The SDP the bench's peers write, as Chromium would for the same roles (one bundled video section, rtcp-mux,
 * DTLS fingerprint, ICE credentials), and what they read from the hub's SDP. Stateless.
 */
final class BenchSdp {
    static final String H264_FMTP = "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f";

    private BenchSdp() {
    }

    /** What a peer needs of the far side's SDP: its ICE credentials, fingerprint, first host candidate, video codec and SSRC. */
    record Remote(IceCredentials ice, Fingerprint fingerprint, InetSocketAddress candidate, String mid, int payloadType,
                  long ssrc, SessionDescription sdp) {
    }

    static Remote read(String sdpText) throws SdpException, FingerprintException {
        SessionDescription sdp = SessionDescription.parse(sdpText);
        MediaDescription video = null;
        for (MediaDescription m : sdp.media()) {
            if (m.kind() == MediaKind.VIDEO && !m.rejected()) {
                video = m;
                break;
            }
        }
        if (video == null) {
            throw new SdpException("no video section");
        }
        String ufrag = video.iceUfrag() != null ? video.iceUfrag() : sdp.iceUfrag();
        String pwd = video.icePwd() != null ? video.icePwd() : sdp.icePwd();
        String fp = video.fingerprint() != null ? video.fingerprint() : sdp.fingerprint();
        InetSocketAddress candidate = null;
        for (MediaDescription m : sdp.media()) {
            for (Candidate c : m.candidates()) {
                if (candidate == null && c.transport().equalsIgnoreCase("udp") && c.address().indexOf(':') < 0) {
                    candidate = new InetSocketAddress(c.address(), c.port());
                }
            }
        }
        int pt = -1;
        for (Codec c : video.codecs()) {
            if (c.named("H264") && "1".equals(c.param("packetization-mode"))) {
                pt = c.payloadType();
                break;
            }
        }
        long ssrc = video.ssrcs().isEmpty() ? 0 : video.ssrcs().get(0).ssrc();
        return new Remote(new IceCredentials(ufrag, pwd), fp == null ? null : Fingerprint.parse(fp), candidate, video.mid(),
                pt, ssrc, sdp);
    }

    private static String head(String msid) {
        return "v=0\r\no=- " + ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE) + " 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
                + "a=msid-semantic: WMS " + msid + "\r\n";
    }

    private static String transport(IceCredentials ice, Fingerprint fp, String setup, String mid) {
        return "c=IN IP4 0.0.0.0\r\na=rtcp:9 IN IP4 0.0.0.0\r\na=ice-ufrag:" + ice.ufrag() + "\r\na=ice-pwd:" + ice.pwd()
                + "\r\na=ice-options:trickle\r\na=fingerprint:" + fp.sdpValue() + "\r\na=setup:" + setup + "\r\na=mid:" + mid
                + "\r\n";
    }

    private static String h264(int pt) {
        return "a=rtcp-mux\r\na=rtpmap:" + pt + " H264/90000\r\na=rtcp-fb:" + pt + " nack\r\na=rtcp-fb:" + pt + " nack pli\r\n"
                + "a=fmtp:" + pt + " " + H264_FMTP + "\r\n";
    }

    /** A viewer's recvonly offer to camgate. */
    static String viewerOffer(IceCredentials ice, Fingerprint fp) {
        return head("-") + "a=group:BUNDLE 0\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\n" + transport(ice, fp, "actpass", "0")
                + "a=recvonly\r\n" + h264(96);
    }

    /**
     * The answer to a hub's offer: its (first) video section sends or receives H.264 in the offer's payload
     * type, as the active DTLS side; every other section is rejected. {@code ssrc} > 0 makes it a sending
     * camera, else a receiving viewer. {@code candidate} is added when the far side is a full ICE agent.
     */
    static String answer(Remote offer, IceCredentials ice, Fingerprint fp, long ssrc, InetSocketAddress candidate) {
        StringBuilder s = new StringBuilder(head(ssrc > 0 ? "bench" : "-"));
        s.append("a=group:BUNDLE ").append(offer.mid()).append("\r\n");
        for (MediaDescription m : offer.sdp().media()) {
            if (m.kind() == MediaKind.VIDEO && m.mid() != null && m.mid().equals(offer.mid())) {
                s.append("m=video 9 ").append(m.proto()).append(' ').append(offer.payloadType()).append("\r\n");
                s.append(transport(ice, fp, "active", m.mid()));
                s.append(ssrc > 0 ? "a=sendonly\r\na=msid:bench video\r\n" : "a=recvonly\r\n").append(h264(offer.payloadType()));
                if (ssrc > 0) {
                    s.append("a=ssrc:").append(ssrc).append(" cname:bench\r\n");
                }
                if (candidate != null) {
                    s.append("a=candidate:1 1 udp 2130706431 ").append(candidate.getAddress().getHostAddress()).append(' ')
                            .append(candidate.getPort()).append(" typ host\r\na=end-of-candidates\r\n");
                }
            } else {
                s.append("m=").append(m.media()).append(" 0 ").append(m.proto()).append(' ').append(m.formats().get(0)).append("\r\n");
                s.append("c=IN IP4 0.0.0.0\r\n");
                if (m.mid() != null) {
                    s.append("a=mid:").append(m.mid()).append("\r\n");
                }
                s.append("a=inactive\r\n");
            }
        }
        return s.toString();
    }
}
