package dev.camgate.media.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SdpParserTest {
    static final String MINIMAL = """
            v=0
            o=- 1 2 IN IP4 127.0.0.1
            s=-
            t=0 0
            a=group:BUNDLE 0
            m=video 9 UDP/TLS/RTP/SAVPF 96
            c=IN IP4 0.0.0.0
            a=mid:0
            a=ice-ufrag:abcd
            a=ice-pwd:abcdefghijklmnopqrstuvwx
            a=fingerprint:sha-256 AB:CD
            a=setup:actpass
            a=rtcp-mux
            a=rtpmap:96 VP8/90000
            """;

    @Test
    void chromiumOffer() throws SdpException {
        SessionDescription d = Fixtures.parse("chromium-offer.sdp");
        assertEquals("8406823146227218826", d.origin().sessionId());
        assertEquals(2, d.origin().sessionVersion());
        assertEquals(List.of("0", "1", "2"), d.bundleMids());
        assertFalse(d.iceLite());
        assertEquals(3, d.media().size());
        assertEquals(List.of(new Attribute("extmap-allow-mixed", ""), new Attribute("msid-semantic", " WMS")), d.attributes());

        MediaDescription audio = d.media().get(0);
        assertEquals(MediaKind.AUDIO, audio.kind());
        assertEquals("0", audio.mid());
        assertEquals(Direction.RECVONLY, audio.direction());
        assertEquals("Jl3C", audio.iceUfrag());
        assertEquals("jx8Pq2TntQZsnmQZr2BLGG3C", audio.icePwd());
        assertTrue(audio.fingerprint().startsWith("sha-256 A5:4D:CA:"));
        assertEquals(Setup.ACTPASS, audio.setup());
        assertTrue(audio.rtcpMux());
        assertFalse(audio.rtcpRsize());
        assertEquals(8, audio.codecs().size());
        Codec opus = audio.codecs().get(0);
        assertEquals(new Codec(111, "opus", 48000, 2, Map.of("minptime", "10", "useinbandfec", "1"), List.of("transport-cc")), opus);
        assertEquals(Map.of("111/111", ""), audio.codec(63).fmtp(), "RED's fmtp has no '='");
        assertEquals(List.of(111, 9, 0, 8), audio.mediaCodecs().stream().map(Codec::payloadType).toList());
        assertEquals(4, audio.extmaps().size());
        assertEquals(new Extmap(3, null, "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01", ""), audio.extmaps().get(2));
        assertEquals(4, audio.candidates().size());
        Candidate mdns = audio.candidates().get(1);
        assertEquals("2b9ae5d4-1b5f-4c1a-9f3b-4bbd8c5e7e21.local", mdns.address());
        Candidate srflx = audio.candidates().get(3);
        assertEquals("srflx", srflx.type());
        assertEquals("192.168.1.23", srflx.raddr());
        assertEquals(54321, srflx.rport());
        assertEquals("active", audio.candidates().get(2).extensions().get("tcptype"));

        MediaDescription video = d.media().get(1);
        assertEquals(25, video.formats().size());
        assertEquals(25, video.codecs().size());
        assertTrue(video.rtcpRsize());
        Codec h264 = video.codec(106);
        assertEquals("H264", h264.name());
        assertEquals("42e01f", h264.param("profile-level-id"));
        assertEquals(List.of("level-asymmetry-allowed", "packetization-mode", "profile-level-id"), List.copyOf(h264.fmtp().keySet()));
        assertEquals(List.of("goog-remb", "transport-cc", "ccm fir", "nack", "nack pli"), h264.rtcpFb());
        assertEquals(107, video.rtxFor(106).payloadType());
        assertEquals(106, video.codec(107).apt());
        assertEquals(11, video.extmaps().size());
        assertTrue(video.candidates().isEmpty());
        assertTrue(video.ssrcs().isEmpty());

        MediaDescription data = d.media().get(2);
        assertEquals(MediaKind.APPLICATION, data.kind());
        assertFalse(data.isRtp());
        assertEquals(List.of("webrtc-datachannel"), data.formats());
        assertTrue(data.codecs().isEmpty());
        assertTrue(data.attributes().contains(new Attribute("sctp-port", "5000")));
    }

    @Test
    void firefoxOfferInheritsTheSessionFingerprint() throws SdpException {
        SessionDescription d = Fixtures.parse("firefox-offer.sdp");
        assertEquals("mozilla...THIS_IS_SDPARTA-128.0", d.origin().username());
        assertTrue(d.fingerprint().startsWith("sha-256 34:60:BE"));
        for (MediaDescription m : d.media()) {
            assertEquals(d.fingerprint(), m.fingerprint(), "a section without a=fingerprint takes the session's");
            assertEquals("8c2d5e1a", m.iceUfrag());
            assertTrue(m.endOfCandidates());
        }
        MediaDescription audio = d.media().get(0);
        assertEquals("UDP", audio.candidates().get(0).transport());
        assertEquals(Map.of("0-15", ""), audio.codec(101).fmtp());
        assertEquals(1, audio.codec(9).channels());
        assertEquals(List.of(new Ssrc(2634512391L, "{4f2a1b3c-8d9e-4c21-a5f6-0b1c2d3e4f50}", null)), audio.ssrcs());
        assertEquals(Direction.RECVONLY, audio.extmaps().get(1).direction());
        MediaDescription video = d.media().get(1);
        assertEquals("0", Codecs.packetizationMode(video.codec(97).fmtp()) + "");
        assertEquals(List.of("nack", "nack pli", "ccm fir", "goog-remb", "transport-cc"), video.codec(126).rtcpFb());
        assertEquals(122, video.codec(119).apt());
    }

    @Test
    void sessionLevelSetupAndCredentialsAreInherited() throws SdpException {
        String sdp = MINIMAL.replace("a=group:BUNDLE 0\n", "a=group:BUNDLE 0\na=setup:active\na=ice-ufrag:sess\na=ice-pwd:0123456789012345678901\n")
                .replace("a=setup:actpass\n", "").replace("a=ice-ufrag:abcd\n", "").replace("a=ice-pwd:abcdefghijklmnopqrstuvwx\n", "");
        MediaDescription m = SessionDescription.parse(sdp).media().get(0);
        assertEquals(Setup.ACTIVE, m.setup());
        assertEquals("sess", m.iceUfrag());
        assertEquals("0123456789012345678901", m.icePwd());
    }

    @Test
    void lfAndCrlfGiveTheSameResult() throws SdpException {
        String crlf = Fixtures.text("chromium-offer.sdp");
        assertTrue(crlf.contains("\r\n"));
        assertEquals(SessionDescription.parse(crlf), SessionDescription.parse(crlf.replace("\r\n", "\n")));
        String lf = Fixtures.text("uv4l-offer.sdp");
        assertFalse(lf.contains("\r"));
        assertEquals(SessionDescription.parse(lf), SessionDescription.parse(lf.replace("\n", "\r\n")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"chromium-offer.sdp", "firefox-offer.sdp", "momo-answer.sdp", "uv4l-offer.sdp"})
    void writtenSdpParsesBackToTheSameValues(String fixture) throws SdpException {
        SessionDescription d = Fixtures.parse(fixture);
        String written = SdpWriter.write(d);
        assertEquals(d, SessionDescription.parse(written));
        assertEquals(written, SdpWriter.write(SessionDescription.parse(written)));
    }

    @Test
    void unknownAttributesAreKeptNotRefused() throws SdpException {
        String sdp = MINIMAL + "a=x-google-flag:conference\na=simulcast:send 0;1\na=bundle-only\n";
        MediaDescription m = SessionDescription.parse(sdp).media().get(0);
        assertEquals(List.of(new Attribute("x-google-flag", "conference"), new Attribute("simulcast", "send 0;1"),
                new Attribute("bundle-only", "")), m.attributes());
    }

    @Test
    void unknownAttributesBeyondTheBoundAreDropped() throws SdpException {
        String sdp = MINIMAL + "a=x:1\n".repeat(SdpParser.MAX_KEPT + 10);
        assertEquals(SdpParser.MAX_KEPT, SessionDescription.parse(sdp).media().get(0).attributes().size());
    }

    @Test
    void wildcardFeedbackAppliesToEveryCodec() throws SdpException {
        String sdp = MINIMAL.replace("SAVPF 96", "SAVPF 96 97") + "a=rtpmap:97 VP9/90000\na=rtcp-fb:* nack\na=rtcp-fb:97 nack pli\n";
        MediaDescription m = SessionDescription.parse(sdp).media().get(0);
        assertEquals(List.of("nack"), m.codec(96).rtcpFb());
        assertEquals(List.of("nack", "nack pli"), m.codec(97).rtcpFb());
    }

    @Test
    void directionDefaultsToSendrecvAndStaticTypesNeedNoRtpmap() throws SdpException {
        String sdp = MINIMAL.replace("m=video 9 UDP/TLS/RTP/SAVPF 96", "m=audio 9 UDP/TLS/RTP/SAVPF 0 96");
        MediaDescription m = SessionDescription.parse(sdp).media().get(0);
        assertEquals(Direction.SENDRECV, m.direction());
        assertEquals(Codec.of(0, "PCMU", 8000, 1), m.codec(0));
    }

    @Test
    void aSecondFingerprintKeepsTheSha256One() throws SdpException {
        String sdp = MINIMAL.replace("a=fingerprint:sha-256 AB:CD", "a=fingerprint:sha-1 01:02\na=fingerprint:sha-256 AB:CD\na=fingerprint:sha-512 EE:FF");
        assertEquals("sha-256 AB:CD", SessionDescription.parse(sdp).media().get(0).fingerprint());
    }

    /** Each case: the line of {@link #MINIMAL} to replace, its replacement, the line the error names, a word of it. */
    static Stream<Arguments> malformed() {
        String m = "m=video 9 UDP/TLS/RTP/SAVPF 96";
        return Stream.of(
                Arguments.of("v=0", "v=1", 1, "v=0"),
                Arguments.of("o=- 1 2 IN IP4 127.0.0.1", "o=- 1 2 IN IP4", 2, "o="),
                Arguments.of(m, "m=video x UDP/TLS/RTP/SAVPF 96", 6, "port"),
                Arguments.of(m, m + " 300", 6, "payload type"),
                Arguments.of(m, m + " 96", 6, "twice"),
                Arguments.of(m, "m=video 9 UDP/TLS/RTP/SAVPF", 6, "format"),
                Arguments.of("a=rtpmap:96 VP8/90000", "a=rtpmap:96 VP8/90000\na=rtpmap:96 VP8/90000", 15, "second a=rtpmap"),
                Arguments.of("a=rtpmap:96 VP8/90000", "a=rtpmap:96 VP8/fast", 14, "rtpmap"),
                Arguments.of("a=mid:0", "a=mid:0\na=mid:1", 9, "second a=mid"),
                Arguments.of("a=setup:actpass", "a=setup:sometimes", 12, "'sometimes'"),
                Arguments.of("a=fingerprint:sha-256 AB:CD", "a=fingerprint:sha-256 ABCD", 11, "fingerprint"),
                Arguments.of("a=fingerprint:sha-256 AB:CD", "a=fingerprint:sha-256", 11, "fingerprint"),
                Arguments.of("a=ice-ufrag:abcd", "a=ice-ufrag:ab", 9, "ice-ufrag"),
                Arguments.of("a=ice-ufrag:abcd", "a=ice-ufrag:ab cd", 9, "ice-ufrag"),
                Arguments.of("a=ice-pwd:abcdefghijklmnopqrstuvwx", "a=ice-pwd:short", 10, "ice-pwd"),
                Arguments.of("a=group:BUNDLE 0", "a=group:BUNDLE 0 1", 5, "mid '1'"),
                Arguments.of("a=rtcp-mux", "a=candidate:1 1 udp 2122260223 192.168.1.2 99999 typ host", 13, "port"),
                Arguments.of("a=rtcp-mux", "a=candidate:1 1 udp 2122260223 192.168.1.2 5000 host x", 13, "typ"),
                Arguments.of("a=rtcp-mux", "a=candidate:1 1 udp 9999999999 192.168.1.2 5000 typ host", 13, "priority"),
                Arguments.of("a=rtcp-mux", "a=candidate:1 1 udp 1 192.168.1.2 5000 typ host generation", 13, "no value"),
                Arguments.of("a=rtcp-mux", "a=fmtp:96 a=1;a=2", 13, "repeats"),
                Arguments.of("a=rtcp-mux", "a=extmap:0 urn:x", 13, "extmap id"),
                Arguments.of("a=rtcp-mux", "a=ssrc:4294967296 cname:x", 13, "SSRC"),
                Arguments.of("a=rtcp-mux", "a=ssrc-group:FID", 13, "ssrc-group"),
                Arguments.of("a=rtcp-mux", "a=rtcp-fb:96", 13, "rtcp-fb"),
                Arguments.of("a=rtcp-mux", "a=sendonly\na=recvonly", 14, "second direction"),
                Arguments.of("c=IN IP4 0.0.0.0", "x=unknown", 7, "unknown line type"),
                Arguments.of("c=IN IP4 0.0.0.0", "", 7, "empty line"),
                Arguments.of("t=0 0", "t=0 0\rb", 4, "carriage return"),
                Arguments.of("t=0 0", "t=0 0\u0000", 4, "control character"));
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void errorsNameTheLine(String line, String replacement, int expectedLine, String word) {
        String sdp = MINIMAL.replace(line + "\n", replacement + "\n");
        assertFalse(sdp.equals(MINIMAL), "the case must change the SDP");
        SdpException e = assertThrows(SdpException.class, () -> SessionDescription.parse(sdp));
        assertEquals(expectedLine, e.line(), e.getMessage());
        assertTrue(e.getMessage().startsWith("SDP line " + expectedLine + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(word), e.getMessage());
    }

    @Test
    void duplicateMidsAndUnknownGroupMidsAreRefused() {
        String twoSections = MINIMAL + "m=audio 9 UDP/TLS/RTP/SAVPF 111\na=mid:0\na=rtpmap:111 opus/48000/2\n";
        SdpException e = assertThrows(SdpException.class, () -> SessionDescription.parse(twoSections));
        assertEquals(15, e.line());
        assertTrue(e.getMessage().contains("used by two m-sections"), e.getMessage());
    }

    @Test
    void boundsAreEnforced() {
        assertEquals(0, assertThrows(SdpException.class, () -> SessionDescription.parse(MINIMAL + "a=x:" + "y".repeat(SdpParser.MAX_SDP))).line());
        SdpException longLine = assertThrows(SdpException.class, () -> SessionDescription.parse(MINIMAL + "a=x:" + "y".repeat(SdpParser.MAX_LINE)));
        assertEquals(15, longLine.line());
        String sections = MINIMAL.substring(0, MINIMAL.indexOf("m=")) + "m=audio 9 RTP/AVP 0\n".repeat(SdpParser.MAX_SECTIONS + 1);
        SdpException tooMany = assertThrows(SdpException.class, () -> SessionDescription.parse(sections));
        assertEquals(5 + SdpParser.MAX_SECTIONS + 1, tooMany.line());
        StringBuilder candidates = new StringBuilder(MINIMAL);
        for (int i = 0; i <= SdpParser.MAX_CANDIDATES; i++) {
            candidates.append("a=candidate:").append(i).append(" 1 udp 1 10.0.0.1 ").append(1000 + i).append(" typ host\n");
        }
        assertTrue(assertThrows(SdpException.class, () -> SessionDescription.parse(candidates.toString())).getMessage().contains("candidates"));
        assertTrue(assertThrows(SdpException.class, () -> SessionDescription.parse(MINIMAL + "a=rtcp-mux\n".repeat(SdpParser.MAX_ATTRIBUTES)))
                .getMessage().contains("attributes"));
        assertThrows(SdpException.class, () -> SessionDescription.parse(""));
        assertThrows(SdpException.class, () -> SessionDescription.parse(null));
    }

    @Test
    void requiredSessionLines() {
        assertTrue(assertThrows(SdpException.class, () -> SessionDescription.parse("v=0\ns=-\nt=0 0\n")).getMessage().contains("o="));
        assertTrue(assertThrows(SdpException.class, () -> SessionDescription.parse("v=0\no=- 1 2 IN IP4 1.2.3.4\nt=0 0\n")).getMessage().contains("s="));
        assertTrue(assertThrows(SdpException.class, () -> SessionDescription.parse("v=0\no=- 1 2 IN IP4 1.2.3.4\ns=-\n")).getMessage().contains("t="));
    }

    @Test
    void messagesEscapeThePeersText() {
        SdpException e = assertThrows(SdpException.class,
                () -> SessionDescription.parse(MINIMAL.replace("a=setup:actpass", "a=setup:\u202eevil")));
        assertFalse(e.getMessage().contains("\u202e"), e.getMessage());
        assertTrue(e.getMessage().contains("\\u202e"), e.getMessage());
    }

    @Test
    void aSectionWithoutMidOrCodecsStillParses() throws SdpException {
        MediaDescription m = SessionDescription.parse("v=0\no=- 1 2 IN IP4 1.2.3.4\ns=-\nt=0 0\nm=video 0 UDP/TLS/RTP/SAVPF 96\n").media().get(0);
        assertNull(m.mid());
        assertTrue(m.rejected());
        assertTrue(m.codecs().isEmpty());
    }
}
