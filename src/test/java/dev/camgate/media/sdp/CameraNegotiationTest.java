package dev.camgate.media.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CameraNegotiationTest {

    @Test
    void theOfferToMomo() throws SdpException {
        SessionDescription d = SessionDescription.parse(CameraNegotiation.offerToCamera(Fixtures.hub(), true));
        assertTrue(d.iceLite());
        assertEquals(List.of("0", "1"), d.bundleMids());
        MediaDescription video = d.media().get(0);
        assertEquals(MediaKind.VIDEO, video.kind());
        assertEquals(Direction.RECVONLY, video.direction());
        assertEquals(Setup.ACTPASS, video.setup());
        assertEquals(Fixtures.HUB_FINGERPRINT, video.fingerprint());
        assertEquals(Fixtures.hub().candidates(), video.candidates());
        assertTrue(video.rtcpMux());
        assertEquals(List.of("H264", "H264", "H264", "H264", "H264", "H264", "VP8"), video.codecs().stream().map(Codec::name).toList());
        assertEquals(List.of(
                new H264ProfileLevelId(H264Profile.CONSTRAINED_BASELINE, 31), new H264ProfileLevelId(H264Profile.BASELINE, 31),
                new H264ProfileLevelId(H264Profile.CONSTRAINED_BASELINE, 31), new H264ProfileLevelId(H264Profile.BASELINE, 31),
                new H264ProfileLevelId(H264Profile.MAIN, 31), new H264ProfileLevelId(H264Profile.CONSTRAINED_HIGH, 31)),
                video.codecs().subList(0, 6).stream().map(c -> H264ProfileLevelId.of(c.fmtp())).toList());
        assertEquals(List.of(1, 1, 0, 0, 1, 1), video.codecs().subList(0, 6).stream().map(c -> Codecs.packetizationMode(c.fmtp())).toList());
        assertTrue(video.codecs().stream().noneMatch(Codec::isRtx), "no RTX: camgate NACKs and gets the packets themselves");
        for (Codec c : video.codecs()) {
            assertEquals(List.of("goog-remb", "ccm fir", "nack", "nack pli"), c.rtcpFb());
        }
        MediaDescription audio = d.media().get(1);
        assertEquals(List.of(new Codec(111, "opus", 48000, 2, java.util.Map.of("minptime", "10", "useinbandfec", "1"), List.of())), audio.codecs());
        assertEquals(Direction.RECVONLY, audio.direction());
        assertTrue(CameraNegotiation.offerToCamera(Fixtures.hub(), true).contains("a=fmtp:111 minptime=10;useinbandfec=1\r\n"));

        SessionDescription videoOnly = SessionDescription.parse(CameraNegotiation.offerToCamera(Fixtures.hub(), false));
        assertEquals(1, videoOnly.media().size());
        assertEquals(List.of("0"), videoOnly.bundleMids());
    }

    @Test
    void momosAnswer() throws SdpException {
        CameraMedia m = CameraNegotiation.cameraAnswer(Fixtures.text("momo-answer.sdp"));
        assertEquals("Xk9f", m.iceUfrag());
        assertEquals("T4cLqXWmzGnDyvyt2kQb5E1R", m.icePwd());
        assertTrue(m.fingerprint().startsWith("sha-256 27:A0:AE"));
        assertEquals("0", m.video().mid());
        assertEquals(96, m.video().codec().payloadType(), "the first codec of the answer is the one sent");
        assertEquals("42e01f", m.video().codec().param("profile-level-id"));
        assertEquals(1618322406L, m.video().ssrc());
        assertNull(m.video().rtx());
        assertEquals(-1, m.video().rtxSsrc());
        assertEquals(111, m.audio().codec().payloadType());
        assertEquals(3923871062L, m.audio().ssrc());
    }

    @Test
    void theViewerGetsWhatMomoSends() throws SdpException {
        CameraMedia camera = CameraNegotiation.cameraAnswer(Fixtures.text("momo-answer.sdp"));
        OfferedFeed feed = new OfferedFeed(MediaKind.VIDEO, camera.video().codec(), 7, "camgate", "s", "t");
        ViewerAnswer a = ViewerNegotiation.answerForViewer(Fixtures.parse("chromium-offer.sdp"), Fixtures.hub(), List.of(feed));
        assertEquals(106, a.tracks().get(0).payloadType(), "Momo's 96 becomes Chromium's 106");
    }

    @Test
    void answersThatMakeCamgateTheClientAreRefused() {
        String answer = Fixtures.text("momo-answer.sdp").replace("a=setup:active", "a=setup:passive");
        SdpException e = assertThrows(SdpException.class, () -> CameraNegotiation.cameraAnswer(answer));
        assertTrue(e.getMessage().contains("DTLS server"), e.getMessage());
        String silent = Fixtures.text("momo-answer.sdp").replace("a=sendonly", "a=inactive");
        assertTrue(assertThrows(SdpException.class, () -> CameraNegotiation.cameraAnswer(silent)).getMessage().contains("neither"));
        assertThrows(SdpException.class, () -> CameraNegotiation.cameraAnswer("v=0\r\ngarbage"));
    }

    @Test
    void uv4lOfferGetsH264RecvonlyWithoutRtx() throws SdpException {
        CameraAnswer a = CameraNegotiation.answerToCamera(Fixtures.parse("uv4l-offer.sdp"), Fixtures.hub());
        CameraMedia m = a.media();
        assertEquals(100, m.video().codec().payloadType(), "H.264 CB mode 1 over the VP8 UV4L lists first");
        assertEquals(1739712836L, m.video().ssrc(), "the primary of the FID group");
        assertNull(m.video().rtx());
        assertEquals(-1, m.video().rtxSsrc());
        assertEquals(111, m.audio().codec().payloadType());
        assertEquals(2529210735L, m.audio().ssrc());
        assertEquals("Tx0m", m.iceUfrag());

        SessionDescription d = SessionDescription.parse(a.sdp());
        assertEquals(List.of("audio", "video"), d.bundleMids());
        assertTrue(d.iceLite());
        for (MediaDescription s : d.media()) {
            assertEquals(Direction.RECVONLY, s.direction());
            assertEquals(Setup.PASSIVE, s.setup());
            assertEquals(1, s.codecs().size());
            assertTrue(s.ssrcs().isEmpty());
        }
        assertEquals(List.of("goog-remb", "ccm fir", "nack", "nack pli"), d.section("video").codec(100).rtcpFb(), "no transport-cc");
        assertTrue(d.section("audio").codec(111).rtcpFb().isEmpty());
        assertEquals(a.sdp(), SdpWriter.write(d));
    }

    @Test
    void videoPreference() throws SdpException {
        String uv4l = Fixtures.text("uv4l-offer.sdp");
        assertEquals(96, chosenVideo(uv4l.replace("packetization-mode=1", "packetization-mode=2")), "mode 2: VP8 instead");
        assertEquals(100, chosenVideo(uv4l.replace("packetization-mode=1", "packetization-mode=0")), "H.264 mode 0 over VP8");
        assertEquals(100, chosenVideo(uv4l.replace("profile-level-id=42e01f", "profile-level-id=640c1f")), "any H.264 mode 1 over VP8");
        String both = uv4l.replace("a=rtpmap:98 VP9/90000", "a=rtpmap:98 H264/90000\na=fmtp:98 packetization-mode=1;profile-level-id=42001f");
        assertEquals(100, chosenVideo(both), "Constrained Baseline over Baseline, though Baseline comes first");
    }

    private static int chosenVideo(String offer) throws SdpException {
        return CameraNegotiation.answerToCamera(SessionDescription.parse(offer), Fixtures.hub()).media().video().codec().payloadType();
    }

    @Test
    void anOfferWithNothingCamgateTakes() throws SdpException {
        String vp9only = Fixtures.text("uv4l-offer.sdp").replace("H264/90000", "H265/90000").replace("VP8/90000", "VP9/90000")
                .replace("opus/48000/2", "opus/48000/1");
        SessionDescription offer = SessionDescription.parse(vp9only);
        SdpException e = assertThrows(SdpException.class, () -> CameraNegotiation.answerToCamera(offer, Fixtures.hub()));
        assertTrue(e.getMessage().contains("H.264, VP8 or opus"), e.getMessage());
        SessionDescription noBundle = SessionDescription.parse(Fixtures.text("uv4l-offer.sdp").replace("a=group:BUNDLE audio video\n", ""));
        assertTrue(assertThrows(SdpException.class, () -> CameraNegotiation.answerToCamera(noBundle, Fixtures.hub())).getMessage().contains("BUNDLE"));
    }

    @Test
    void aCameraOfferThatOnlyReceivesIsInactive() throws SdpException {
        String offer = Fixtures.text("uv4l-offer.sdp").replace("a=sendrecv\n", "a=recvonly\n");
        SessionDescription parsed = SessionDescription.parse(offer);
        assertThrows(SdpException.class, () -> CameraNegotiation.answerToCamera(parsed, Fixtures.hub()));
        String audioOnly = Fixtures.text("uv4l-offer.sdp").replaceFirst("a=sendrecv\n", "a=sendonly\n").replaceFirst("(?s)(m=video.*?)a=sendrecv\n", "$1a=recvonly\n");
        CameraAnswer a = CameraNegotiation.answerToCamera(SessionDescription.parse(audioOnly), Fixtures.hub());
        assertNull(a.media().video());
        assertEquals(Direction.INACTIVE, SessionDescription.parse(a.sdp()).section("video").direction());
        assertEquals(Direction.RECVONLY, SessionDescription.parse(a.sdp()).section("audio").direction());
    }
}
