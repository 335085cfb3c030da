package dev.camgate.media.sdp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * camgate receiving a camera: the recvonly offer it makes to Momo in p2p mode (which only answers), the
 * reading of the camera's answer, and camgate's answer to cameras that offer (UV4L, Momo in Ayame mode).
 * camgate does not negotiate RTX: it sends NACKs, and libwebrtc then resends the lost packets themselves.
 * Stateless.
 */
public final class CameraNegotiation {
    /** The camera's feedback camgate sends: loss, keyframe requests, and REMB so the encoder's rate can rise. */
    static final Set<String> FEEDBACK = Set.of("goog-remb", "nack", "nack pli", "ccm fir");
    static final String VIDEO_MID = "0";
    static final String AUDIO_MID = "1";
    private static final String PROTO = "UDP/TLS/RTP/SAVPF";

    private CameraNegotiation() {
    }

    /**
     * The offer to a camera that only answers: a recvonly video section of H.264 (Constrained Baseline and
     * Baseline, packetization mode 1 then 0, then Main and Constrained High) then VP8, and a recvonly opus
     * section when {@code audio}. A Raspberry Pi's hardware encoder makes Constrained Baseline, so that comes
     * first: libwebrtc answers in the offer's order and sends the first codec of its answer.
     */
    public static String offerToCamera(HubTransport hub, boolean audio) {
        List<String> fb = List.of("goog-remb", "ccm fir", "nack", "nack pli");
        List<Codec> video = List.of(
                h264(96, "42e01f", 1, fb), h264(97, "42001f", 1, fb), h264(98, "42e01f", 0, fb),
                h264(99, "42001f", 0, fb), h264(100, "4d001f", 1, fb), h264(101, "640c1f", 1, fb),
                new Codec(102, "VP8", 90000, 1, Map.of(), fb));
        List<MediaDescription> media = new ArrayList<>();
        media.add(Sections.section(MediaKind.VIDEO, "video", PROTO, VIDEO_MID, Direction.RECVONLY, hub, Setup.ACTPASS,
                true, null, video, List.of()));
        if (audio) {
            Map<String, String> fmtp = new LinkedHashMap<>();
            fmtp.put("minptime", "10");
            fmtp.put("useinbandfec", "1");
            Codec opus = new Codec(111, "opus", 48000, 2, fmtp, List.of());
            media.add(Sections.section(MediaKind.AUDIO, "audio", PROTO, AUDIO_MID, Direction.RECVONLY, hub, Setup.ACTPASS,
                    true, null, List.of(opus), List.of()));
        }
        return SdpWriter.write(Sections.session(media));
    }

    private static Codec h264(int pt, String profileLevelId, int mode, List<String> fb) {
        Map<String, String> fmtp = new LinkedHashMap<>(); // the order libwebrtc writes
        fmtp.put("level-asymmetry-allowed", "1");
        fmtp.put("packetization-mode", Integer.toString(mode));
        fmtp.put("profile-level-id", profileLevelId);
        return new Codec(pt, "H264", 90000, 1, fmtp, fb);
    }

    /**
     * Reads a camera's answer to {@link #offerToCamera}: the codec it sends on each section (the first of its
     * answer), its SSRCs, its ICE credentials and fingerprint.
     *
     * @throws SdpException when the answer is malformed, cannot share camgate's transport (or makes camgate
     *         the DTLS client), or sends nothing
     */
    public static CameraMedia cameraAnswer(String answerSdp) throws SdpException {
        SessionDescription answer = SessionDescription.parse(answerSdp);
        MediaDescription tag = Sections.requireTransport(answer, "the camera's answer", true);
        CameraTrack video = null;
        CameraTrack audio = null;
        for (MediaDescription m : answer.media()) {
            if (!m.rejected() && m.isRtp() && m.direction().sends()) {
                List<Codec> codecs = m.mediaCodecs();
                if (codecs.isEmpty()) {
                    continue;
                }
                CameraTrack t = track(m, codecs.get(0), m.rtxFor(codecs.get(0).payloadType()));
                if (m.kind() == MediaKind.VIDEO && video == null) {
                    video = t;
                } else if (m.kind() == MediaKind.AUDIO && audio == null) {
                    audio = t;
                }
            }
        }
        if (video == null && audio == null) {
            throw new SdpException("the camera's answer sends neither video nor audio");
        }
        return new CameraMedia(video, audio, tag.iceUfrag(), tag.icePwd(), tag.fingerprint());
    }

    /**
     * The answer to a camera's offer: video in the camera's best codec for forwarding (H.264 packetization
     * mode 1 Constrained Baseline, then other H.264 in mode 1, then H.264 in mode 0, then VP8), audio in opus,
     * recvonly, everything else port 0. camgate is passive (the DTLS server) and ICE-lite.
     *
     * @throws SdpException when the offer cannot share camgate's transport or offers nothing camgate can take
     */
    public static CameraAnswer answerToCamera(SessionDescription offer, HubTransport hub) throws SdpException {
        MediaDescription tag = Sections.requireTransport(offer, "the camera's offer", false);
        List<String> bundle = offer.bundleMids();
        List<MediaDescription> answer = new ArrayList<>();
        CameraTrack video = null;
        CameraTrack audio = null;
        for (MediaDescription m : offer.media()) {
            boolean usable = Sections.live(m) && m.mid() != null && bundle.contains(m.mid()) && Sections.secure(m)
                    && (m.kind() == MediaKind.VIDEO && video == null || m.kind() == MediaKind.AUDIO && audio == null);
            Codec chosen = usable ? (m.kind() == MediaKind.VIDEO ? bestVideo(m) : opus(m)) : null;
            if (chosen == null) {
                answer.add(Sections.rejected(m));
                continue;
            }
            Codec answered = chosen.withRtcpFb(Sections.feedback(chosen, FEEDBACK));
            boolean sends = m.direction().sends();
            answer.add(Sections.section(m.kind(), m.media(), m.proto(), m.mid(), sends ? Direction.RECVONLY : Direction.INACTIVE,
                    hub, Setup.PASSIVE, m.rtcpRsize(), null, List.of(answered), List.of()));
            if (sends) {
                // RTX is offered but not answered, so the camera will not send it: the track has none.
                CameraTrack t = track(m, answered, null);
                if (m.kind() == MediaKind.VIDEO) {
                    video = t;
                } else {
                    audio = t;
                }
            }
        }
        if (video == null && audio == null) {
            throw new SdpException("the camera's offer sends no H.264, VP8 or opus that camgate can take");
        }
        return new CameraAnswer(SdpWriter.write(Sections.session(answer, bundle)),
                new CameraMedia(video, audio, tag.iceUfrag(), tag.icePwd(), tag.fingerprint()));
    }

    /** The offered video codec camgate forwards best, or null. */
    static Codec bestVideo(MediaDescription m) {
        Codec best = null;
        int bestRank = Integer.MAX_VALUE;
        for (Codec c : m.codecs()) {
            int rank = videoRank(c);
            if (rank < bestRank) {
                best = c;
                bestRank = rank;
            }
        }
        return best;
    }

    /** 0 is best; MAX_VALUE is not forwardable. */
    private static int videoRank(Codec c) {
        if (c.clockRate() != 90000) {
            return Integer.MAX_VALUE;
        }
        if (c.named("H264")) {
            H264ProfileLevelId p = H264ProfileLevelId.of(c.fmtp());
            int mode = Codecs.packetizationMode(c.fmtp());
            if (p == null || mode < 0 || mode == 2) {
                return Integer.MAX_VALUE;
            }
            if (mode == 1) {
                return p.profile() == H264Profile.CONSTRAINED_BASELINE ? 0 : 1;
            }
            return 2;
        }
        return c.named("VP8") ? 3 : Integer.MAX_VALUE;
    }

    private static Codec opus(MediaDescription m) {
        for (Codec c : m.codecs()) {
            if (c.named("opus") && c.clockRate() == 48000 && c.channels() == 2) {
                return c;
            }
        }
        return null;
    }

    /** The track a section sends: its SSRCs from the FID group (primary, RTX) or else its first a=ssrc. */
    private static CameraTrack track(MediaDescription m, Codec codec, Codec rtx) {
        long ssrc = -1;
        long rtxSsrc = -1;
        for (SsrcGroup g : m.ssrcGroups()) {
            if (g.semantics().equals("FID") && g.ssrcs().size() == 2) {
                ssrc = g.ssrcs().get(0);
                rtxSsrc = rtx != null ? g.ssrcs().get(1) : -1;
                break;
            }
        }
        if (ssrc < 0 && !m.ssrcs().isEmpty()) {
            ssrc = m.ssrcs().get(0).ssrc();
        }
        return new CameraTrack(m.kind(), m.mid(), codec, rtx, ssrc, rtxSsrc);
    }
}
