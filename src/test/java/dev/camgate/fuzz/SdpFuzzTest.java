package dev.camgate.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.camgate.media.sdp.Candidate;
import dev.camgate.media.sdp.Codec;
import dev.camgate.media.sdp.HubTransport;
import dev.camgate.media.sdp.MediaDescription;
import dev.camgate.media.sdp.MediaKind;
import dev.camgate.media.sdp.NegotiatedTrack;
import dev.camgate.media.sdp.OfferedFeed;
import dev.camgate.media.sdp.SdpException;
import dev.camgate.media.sdp.SdpParser;
import dev.camgate.media.sdp.SdpWriter;
import dev.camgate.media.sdp.SessionDescription;
import dev.camgate.media.sdp.ViewerAnswer;
import dev.camgate.media.sdp.ViewerNegotiation;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SDP from browsers, Momo and UV4L. {@link SessionDescription#parse} returns a description within its bounds
 * or throws {@link SdpException}; what it returns, written again, parses back to the same values (unless the
 * writing grew past a bound: {@code a=rtcp-fb:*} is written out per codec). An answer to a viewer's offer is
 * an SdpException or an SDP that parses back, with one section per offered section and tracks that name the
 * viewer's own payload types. Seeds: SdpFuzzTestInputs/{parse,answerForViewer}/.
 */
class SdpFuzzTest {
    private static final HubTransport HUB = hub();
    private static final List<OfferedFeed> FEEDS = feeds();

    @FuzzTest(maxDuration = "5m")
    void parse(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        SessionDescription d;
        try {
            d = SessionDescription.parse(text);
        } catch (SdpException e) {
            assertRefusal(e);
            return;
        }
        assertTrue(d.media().size() <= SdpParser.MAX_SECTIONS);
        for (MediaDescription m : d.media()) {
            assertTrue(m.formats().size() <= SdpParser.MAX_FORMATS);
            assertTrue(m.candidates().size() <= SdpParser.MAX_CANDIDATES);
            assertTrue(m.attributes().size() <= SdpParser.MAX_KEPT);
            assertNotNull(m.direction());
        }
        for (String mid : d.bundleMids()) {
            assertNotNull(d.section(mid), "a BUNDLE mid names a section");
        }
        String written = SdpWriter.write(d);
        if (withinBounds(written)) {
            try {
                assertEquals(d, SessionDescription.parse(written), "written and parsed again");
            } catch (SdpException e) {
                throw new AssertionError("camgate's own writing of a parsed SDP was refused: " + e.getMessage() + "\n" + written, e);
            }
        }
    }

    @FuzzTest(maxDuration = "5m")
    void answerForViewer(byte[] input) {
        SessionDescription offer;
        try {
            offer = SessionDescription.parse(new String(input, StandardCharsets.UTF_8));
        } catch (SdpException e) {
            assertRefusal(e);
            return;
        }
        ViewerAnswer answer;
        try {
            answer = ViewerNegotiation.answerForViewer(offer, HUB, FEEDS);
        } catch (SdpException e) {
            assertRefusal(e);
            return;
        }
        SessionDescription parsed;
        try {
            parsed = SessionDescription.parse(answer.sdp());
        } catch (SdpException e) {
            throw new AssertionError("camgate's answer does not parse: " + e.getMessage() + "\n" + answer.sdp(), e);
        }
        assertEquals(answer.sdp(), SdpWriter.write(parsed), "the answer is what its values write");
        assertTrue(parsed.iceLite());
        assertEquals(offer.media().size(), parsed.media().size(), "one answer section per offered section");
        for (int i = 0; i < offer.media().size(); i++) {
            assertEquals(offer.media().get(i).mid(), parsed.media().get(i).mid());
            assertEquals(offer.media().get(i).media(), parsed.media().get(i).media());
        }
        for (String mid : parsed.bundleMids()) {
            assertFalse(parsed.section(mid).rejected(), "only accepted sections are bundled");
        }
        for (MediaDescription m : parsed.media()) {
            assertTrue(m.rejected() || parsed.bundleMids().contains(m.mid()), "every accepted section is bundled");
        }
        assertTrue(answer.tracks().size() <= FEEDS.size());
        for (NegotiatedTrack t : answer.tracks()) {
            Codec offered = offer.section(t.mid()).codec(t.payloadType());
            assertNotNull(offered, "the track's payload type is one the viewer offered");
            assertTrue(offered.name().equalsIgnoreCase(t.codec().name()));
            MediaDescription m = parsed.section(t.mid());
            assertEquals(List.of(Integer.toString(t.payloadType())), m.formats(), "only that codec is answered");
            assertEquals(t.ssrc(), m.ssrcs().get(0).ssrc());
            assertTrue(m.direction().sends());
        }
    }

    private static void assertRefusal(SdpException e) {
        assertNotNull(e.getMessage());
        assertFalse(e.getMessage().isBlank(), "an SdpException says what was wrong");
        assertTrue(e.line() >= 0);
        for (int i = 0; i < e.getMessage().length(); i++) {
            char c = e.getMessage().charAt(i);
            assertTrue(c >= 0x20 && c != 0x7f, "the message is one printable line");
        }
    }

    /** Whether written text is inside the parser's bounds, so that parsing it again must succeed. */
    private static boolean withinBounds(String written) {
        if (written.length() > SdpParser.MAX_SDP) {
            return false;
        }
        int attributes = 0;
        for (String line : written.split("\r\n")) {
            if (line.length() > SdpParser.MAX_LINE) {
                return false;
            }
            if (line.startsWith("m=")) {
                attributes = 0;
            } else if (line.startsWith("a=") && ++attributes > SdpParser.MAX_ATTRIBUTES) {
                return false;
            }
        }
        return true;
    }

    private static HubTransport hub() {
        try {
            return new HubTransport("fzHb", "fuzzfuzzfuzzfuzzfuzz22", "sha-256 AB:CD:EF",
                    List.of(Candidate.host("1", InetAddress.getByName("192.0.2.1"), 5000, 65535)));
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<OfferedFeed> feeds() {
        Map<String, String> h264 = new LinkedHashMap<>();
        h264.put("level-asymmetry-allowed", "1");
        h264.put("packetization-mode", "1");
        h264.put("profile-level-id", "42e01f");
        return List.of(
                new OfferedFeed(MediaKind.VIDEO, new Codec(96, "H264", 90000, 1, h264, List.of()), 1234, "cg", "s", "v"),
                new OfferedFeed(MediaKind.AUDIO, Codec.of(111, "opus", 48000, 2), 5678, "cg", "s", "a"));
    }
}
