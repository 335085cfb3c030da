package dev.camgate.media.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ViewerNegotiationTest {
    static final long VIDEO_SSRC = 0x11223344L;
    static final long AUDIO_SSRC = 0xA1B2C3D4L;

    /** The camera's H.264 as Momo's answer names it: payload type 96, not a number any viewer uses for it. */
    static Codec cameraH264(String profileLevelId, String mode) {
        Map<String, String> fmtp = new LinkedHashMap<>();
        fmtp.put("level-asymmetry-allowed", "1");
        fmtp.put("packetization-mode", mode);
        fmtp.put("profile-level-id", profileLevelId);
        return new Codec(96, "H264", 90000, 1, fmtp, List.of("goog-remb", "nack"));
    }

    static OfferedFeed video(Codec codec) {
        return new OfferedFeed(MediaKind.VIDEO, codec, VIDEO_SSRC, "camgate", "cam-1", "cam-1-video");
    }

    static OfferedFeed audio() {
        return new OfferedFeed(MediaKind.AUDIO, Codec.of(111, "opus", 48000, 2), AUDIO_SSRC, "camgate", "cam-1", "cam-1-audio");
    }

    static ViewerAnswer answer(String fixture, OfferedFeed... feeds) throws SdpException {
        return ViewerNegotiation.answerForViewer(Fixtures.parse(fixture), Fixtures.hub(), List.of(feeds));
    }

    @Test
    void chromiumGetsTheCameraH264UnderItsOwnPayloadType() throws SdpException {
        ViewerAnswer a = answer("chromium-offer.sdp", video(cameraH264("42e01f", "1")));
        SessionDescription d = SessionDescription.parse(a.sdp());
        assertTrue(d.iceLite());
        assertEquals(List.of("0", "1"), d.bundleMids(), "the rejected data channel is not bundled");
        assertEquals(3, d.media().size(), "one answer section per offered section, in order");

        MediaDescription audio = d.media().get(0);
        assertEquals("0", audio.mid());
        assertEquals(9, audio.port());
        assertEquals(Direction.INACTIVE, audio.direction(), "no audio feed: inactive, still on the bundle");
        assertEquals(List.of(111), audio.codecs().stream().map(Codec::payloadType).toList());

        MediaDescription video = d.media().get(1);
        assertEquals("1", video.mid());
        assertEquals(Direction.SENDONLY, video.direction());
        assertEquals(List.of("106"), video.formats(), "Chromium's 42e01f mode 1, nothing else (no RTX)");
        Codec c = video.codecs().get(0);
        assertEquals("H264", c.name());
        assertEquals("1", c.param("packetization-mode"));
        assertEquals(List.of("ccm fir", "nack", "nack pli"), c.rtcpFb(), "no goog-remb or transport-cc");
        assertEquals(List.of(new Ssrc(VIDEO_SSRC, "camgate", "cam-1 cam-1-video")), video.ssrcs());
        assertEquals("cam-1 cam-1-video", video.msid());
        assertTrue(video.extmaps().isEmpty());
        assertTrue(video.ssrcGroups().isEmpty());
        assertTrue(video.rtcpMux());
        assertTrue(video.rtcpRsize(), "offered, so answered");

        for (MediaDescription m : List.of(audio, video)) {
            assertEquals(Setup.PASSIVE, m.setup());
            assertEquals("cgH7", m.iceUfrag());
            assertEquals("q8Zr3vT6yB1nM4kW9pL2sD5f", m.icePwd());
            assertEquals(Fixtures.HUB_FINGERPRINT, m.fingerprint());
            assertEquals(Fixtures.hub().candidates(), m.candidates());
            assertTrue(m.endOfCandidates());
        }

        MediaDescription data = d.media().get(2);
        assertEquals(0, data.port());
        assertEquals("2", data.mid());
        assertEquals("UDP/DTLS/SCTP", data.proto());
        assertEquals(List.of("webrtc-datachannel"), data.formats());

        assertEquals(List.of(new NegotiatedTrack(MediaKind.VIDEO, "1", 106, c, VIDEO_SSRC, true, true, true)), a.tracks());
    }

    @Test
    void packetizationModeZeroPicksTheViewersModeZeroType() throws SdpException {
        assertEquals(108, answer("chromium-offer.sdp", video(cameraH264("42e01f", "0"))).tracks().get(0).payloadType());
        assertEquals(97, answer("firefox-offer.sdp", video(cameraH264("42e01f", "0"))).tracks().get(0).payloadType(),
                "Firefox's 97 has no packetization-mode: 0");
    }

    @Test
    void profileDecidesWhichH264() throws SdpException {
        assertEquals(102, answer("chromium-offer.sdp", video(cameraH264("42001f", "1"))).tracks().get(0).payloadType(), "Baseline");
        assertEquals(127, answer("chromium-offer.sdp", video(cameraH264("4d001f", "1"))).tracks().get(0).payloadType(), "Main");
        assertEquals(112, answer("chromium-offer.sdp", video(cameraH264("64001f", "1"))).tracks().get(0).payloadType(), "High");
        assertEquals(106, answer("chromium-offer.sdp", video(cameraH264("42c028", "1"))).tracks().get(0).payloadType(),
                "Constrained Baseline 4.0: Chromium allows level asymmetry");
    }

    @Test
    void theAnswerCarriesTheCamerasLevel() throws SdpException {
        ViewerAnswer a = answer("chromium-offer.sdp", video(cameraH264("42e028", "1")));
        Codec answered = SessionDescription.parse(a.sdp()).media().get(1).codec(106);
        assertEquals("42e028", answered.param("profile-level-id"));
        assertEquals("1", answered.param("level-asymmetry-allowed"));
    }

    @Test
    void noMatchingCodecRejectsTheSection() throws SdpException {
        ViewerAnswer a = answer("chromium-offer.sdp", video(cameraH264("640c1f", "1")));
        SessionDescription d = SessionDescription.parse(a.sdp());
        assertEquals(0, d.media().get(1).port(), "Chromium offers High, not Constrained High");
        assertEquals("1", d.media().get(1).mid());
        assertEquals(List.of("0"), d.bundleMids());
        assertTrue(a.tracks().isEmpty());
    }

    @Test
    void vp8AndOpus() throws SdpException {
        ViewerAnswer a = answer("chromium-offer.sdp", video(new Codec(102, "VP8", 90000, 1, Map.of(), List.of())), audio());
        assertEquals(List.of(
                new NegotiatedTrack(MediaKind.AUDIO, "0", 111, new Codec(111, "opus", 48000, 2, Map.of("minptime", "10", "useinbandfec", "1"), List.of()),
                        AUDIO_SSRC, false, false, false),
                new NegotiatedTrack(MediaKind.VIDEO, "1", 96, new Codec(96, "VP8", 90000, 1, Map.of(), List.of("ccm fir", "nack", "nack pli")),
                        VIDEO_SSRC, true, true, true)), a.tracks());
        MediaDescription audio = SessionDescription.parse(a.sdp()).media().get(0);
        assertEquals(Direction.SENDONLY, audio.direction());
        assertEquals(List.of(new Ssrc(AUDIO_SSRC, "camgate", "cam-1 cam-1-audio")), audio.ssrcs());
    }

    @Test
    void firefox() throws SdpException {
        ViewerAnswer a = answer("firefox-offer.sdp", video(cameraH264("42e01f", "1")), audio());
        assertEquals(List.of(109, 126), a.tracks().stream().map(NegotiatedTrack::payloadType).toList());
        assertEquals(List.of("nack", "nack pli", "ccm fir"), a.tracks().get(1).codec().rtcpFb(), "in Firefox's order");
        SessionDescription d = SessionDescription.parse(a.sdp());
        assertEquals(List.of("0", "1"), d.bundleMids());
        assertEquals("maxplaybackrate=48000;stereo=1;useinbandfec=1",
                SdpWriter.fmtp(d.media().get(0).codec(109).fmtp()), "opus parameters echoed");
    }

    @Test
    void aViewerThatOnlySendsGetsInactive() throws SdpException {
        String offer = Fixtures.text("chromium-offer.sdp").replace("a=recvonly", "a=sendonly");
        ViewerAnswer a = ViewerNegotiation.answerForViewer(SessionDescription.parse(offer), Fixtures.hub(),
                List.of(video(cameraH264("42e01f", "1")), audio()));
        assertTrue(a.tracks().isEmpty());
        SessionDescription d = SessionDescription.parse(a.sdp());
        assertEquals(Direction.INACTIVE, d.media().get(0).direction());
        assertEquals(Direction.INACTIVE, d.media().get(1).direction());
        assertTrue(d.media().get(1).ssrcs().isEmpty());
    }

    @Test
    void sendrecvOffersGetSendonly() throws SdpException {
        String offer = Fixtures.text("chromium-offer.sdp").replace("a=recvonly", "a=sendrecv");
        ViewerAnswer a = ViewerNegotiation.answerForViewer(SessionDescription.parse(offer), Fixtures.hub(),
                List.of(video(cameraH264("42e01f", "1"))));
        assertEquals(Direction.SENDONLY, SessionDescription.parse(a.sdp()).media().get(1).direction());
    }

    @Test
    void aSecondVideoSectionIsInactive() throws SdpException {
        String offer = Fixtures.text("chromium-offer.sdp");
        int video = offer.indexOf("m=video");
        int data = offer.indexOf("m=application");
        String twice = offer.substring(0, data) + offer.substring(video, data).replace("a=mid:1", "a=mid:3") + offer.substring(data);
        twice = twice.replace("a=group:BUNDLE 0 1 2", "a=group:BUNDLE 0 1 3 2");
        ViewerAnswer a = ViewerNegotiation.answerForViewer(SessionDescription.parse(twice), Fixtures.hub(),
                List.of(video(cameraH264("42e01f", "1"))));
        assertEquals(1, a.tracks().size());
        SessionDescription d = SessionDescription.parse(a.sdp());
        assertEquals(Direction.INACTIVE, d.section("3").direction());
        assertEquals(List.of("0", "1", "3"), d.bundleMids());
    }

    @Test
    void theAnswerKeepsTheOffersBundleOrder() throws SdpException {
        String offer = Fixtures.text("chromium-offer.sdp").replace("a=group:BUNDLE 0 1 2", "a=group:BUNDLE 1 0 2");
        ViewerAnswer a = ViewerNegotiation.answerForViewer(SessionDescription.parse(offer), Fixtures.hub(),
                List.of(video(cameraH264("42e01f", "1"))));
        assertEquals(List.of("1", "0"), SessionDescription.parse(a.sdp()).bundleMids(), "mid 1 still tags the transport");
    }

    @Test
    void theAnswerParsesBackToWhatWasBuilt() throws SdpException {
        ViewerAnswer a = answer("chromium-offer.sdp", video(cameraH264("42e01f", "1")), audio());
        assertEquals(a.sdp(), SdpWriter.write(SessionDescription.parse(a.sdp())));
        assertFalse(a.sdp().contains("\n\n"));
        assertTrue(a.sdp().endsWith("\r\n"));
    }

    @Test
    void offersThatCannotShareTheTransport() throws SdpException {
        String chromium = Fixtures.text("chromium-offer.sdp");
        assertRefused(chromium.replace("a=group:BUNDLE 0 1 2\r\n", ""), "BUNDLE");
        assertRefused(chromium.replace("a=rtcp-mux\r\n", ""), "rtcp-mux");
        assertRefused(chromium.replace("a=ice-pwd:jx8Pq2TntQZsnmQZr2BLGG3C\r\n", ""), "ice-pwd");
        assertRefused(chromium.replaceAll("a=fingerprint:[^\r]*\r\n", ""), "fingerprint");
        assertRefused(chromium.replace("a=setup:actpass", "a=setup:passive"), "DTLS server");
        String firefox = Fixtures.text("firefox-offer.sdp");
        assertRefused(firefox.replaceAll("a=fingerprint:[^\r]*\r\n", ""), "fingerprint");
    }

    private static void assertRefused(String offer, String word) throws SdpException {
        SessionDescription parsed = SessionDescription.parse(offer);
        SdpException e = assertThrows(SdpException.class,
                () -> ViewerNegotiation.answerForViewer(parsed, Fixtures.hub(), List.of(video(cameraH264("42e01f", "1")))));
        assertTrue(e.getMessage().contains(word), e.getMessage());
        assertEquals(0, e.line());
    }

    @Test
    void aBundleOnlySectionIsNegotiated() throws SdpException {
        String offer = Fixtures.text("chromium-offer.sdp").replace("m=video 9 ", "m=video 0 ")
                .replace("a=mid:1\r\n", "a=mid:1\r\na=bundle-only\r\n");
        ViewerAnswer a = ViewerNegotiation.answerForViewer(SessionDescription.parse(offer), Fixtures.hub(),
                List.of(video(cameraH264("42e01f", "1"))));
        assertEquals(1, a.tracks().size());
        MediaDescription m = SessionDescription.parse(a.sdp()).section("1");
        assertEquals(9, m.port());
        assertTrue(m.attributes().isEmpty(), "bundle-only is the offerer's word, not echoed");
    }
}
