package dev.camgate.media.sdp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * camgate answering a viewer (a browser) that offers to receive: camgate only sends, one feed per kind, in
 * the camera's codec under the viewer's payload type number. No RTX, FEC or header extensions are answered:
 * camgate answers NACKs from its own packet cache with the original packets.
 */
public final class ViewerNegotiation {
    /** The viewer's feedback camgate acts on: retransmission requests and keyframe requests. */
    static final Set<String> FEEDBACK = Set.of("nack", "nack pli", "ccm fir");

    private ViewerNegotiation() {
    }

    /**
     * The answer to a viewer's offer. For each offered m-section in order: a kind camgate has a feed for, with
     * a codec the viewer can take ({@link Codecs#canSend}, the viewer's first such codec), becomes sendonly
     * with only that codec and camgate's SSRC; a kind without feed becomes inactive (still bundled); data
     * channels, unmatched codecs, sections outside BUNDLE and withdrawn sections get port 0. Stateless;
     * allocates the answer.
     *
     * @throws SdpException when the offer cannot share camgate's transport (no BUNDLE, no rtcp-mux, no ICE
     *         credentials or fingerprint, a=setup:passive)
     */
    public static ViewerAnswer answerForViewer(SessionDescription offer, HubTransport hub, List<OfferedFeed> feeds)
            throws SdpException {
        Sections.requireTransport(offer, "the viewer's offer", false);
        List<String> bundle = offer.bundleMids();
        List<OfferedFeed> unused = new ArrayList<>(feeds);
        List<MediaDescription> answer = new ArrayList<>(offer.media().size());
        List<NegotiatedTrack> tracks = new ArrayList<>();
        for (MediaDescription m : offer.media()) {
            boolean usable = Sections.live(m) && m.mid() != null && bundle.contains(m.mid()) && Sections.secure(m)
                    && (m.kind() == MediaKind.AUDIO || m.kind() == MediaKind.VIDEO);
            if (!usable) {
                answer.add(Sections.rejected(m));
                continue;
            }
            OfferedFeed feed = m.direction().receives() ? take(unused, m.kind()) : null;
            if (feed == null) {
                List<Codec> media = m.mediaCodecs();
                Codec first = media.isEmpty() ? null : media.get(0);
                answer.add(first == null ? Sections.rejected(m) : Sections.section(m.kind(), m.media(), m.proto(), m.mid(),
                        Direction.INACTIVE, hub, Setup.PASSIVE, m.rtcpRsize(), null, List.of(first.withRtcpFb(List.of())), List.of()));
                continue;
            }
            Codec chosen = match(feed.codec(), m);
            if (chosen == null) {
                answer.add(Sections.rejected(m));
                unused.add(0, feed); // a later section of the same kind may still take it
                continue;
            }
            List<String> fb = Sections.feedback(chosen, FEEDBACK);
            Codec answered = new Codec(chosen.payloadType(), chosen.name(), chosen.clockRate(), chosen.channels(),
                    answerFmtp(feed.codec(), chosen), fb);
            String msid = feed.streamId() + " " + feed.trackId();
            answer.add(Sections.section(m.kind(), m.media(), m.proto(), m.mid(), Direction.SENDONLY, hub, Setup.PASSIVE,
                    m.rtcpRsize(), msid, List.of(answered), List.of(new Ssrc(feed.ssrc(), feed.cname(), msid))));
            tracks.add(new NegotiatedTrack(m.kind(), m.mid(), chosen.payloadType(), answered, feed.ssrc(),
                    fb.contains("nack"), fb.contains("nack pli"), fb.contains("ccm fir")));
        }
        return new ViewerAnswer(SdpWriter.write(Sections.session(answer, bundle)), tracks);
    }

    private static OfferedFeed take(List<OfferedFeed> feeds, MediaKind kind) {
        for (int i = 0; i < feeds.size(); i++) {
            if (feeds.get(i).kind() == kind) {
                return feeds.remove(i);
            }
        }
        return null;
    }

    /** The viewer's first codec (its order is its preference) that can carry the feed as it is. */
    static Codec match(Codec feed, MediaDescription offered) {
        for (Codec c : offered.codecs()) {
            if (!Codecs.isAuxiliary(c) && Codecs.canSend(feed, c)) {
                return c;
            }
        }
        return null;
    }

    /**
     * The viewer's parameters, but for H.264 with the feed's profile-level-id: the answer describes what
     * camgate sends, and that is the camera's stream at the camera's level.
     */
    private static Map<String, String> answerFmtp(Codec feed, Codec viewer) {
        Map<String, String> fmtp = new LinkedHashMap<>(viewer.fmtp());
        String pli = feed.param("profile-level-id");
        if (viewer.named("H264") && pli != null && fmtp.containsKey("profile-level-id")) {
            fmtp.put("profile-level-id", pli);
        }
        return fmtp;
    }
}
