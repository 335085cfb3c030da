package dev.camgate.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The streaming fast path takes the common relays, and leaves everything doubtful to the full parser, whose
 * answer then stands: same message, same error. The fuzz test checks the same on random input.
 */
class RelayScanTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"type\":\"offer\",\"sdp\":\"v=0\"}",
        "{\"sdp\":\"v=0\",\"type\":\"answer\",\"viewerId\":\"v-1\"}",
        "{\"type\":\"offer\",\"sdp\":\"v=0\",\"viewerId\":null,\"extra\":[1,2.5,{\"a\":[true,null]}]}",
        "{\"type\":\"candidate\",\"ice\":{\"candidate\":\"candidate:1 1 udp 1 127.0.0.1 9 typ host\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0}}",
        "{\"type\":\"candidate\",\"ice\":{\"sdpMLineIndex\":1,\"usernameFragment\":\"ab\",\"sdpMid\":\"1\",\"candidate\":\"\"}}",
        // JSON allows it and so does the full parser (a double overflows to infinity); nobody reads it.
        "{\"type\":\"offer\",\"sdp\":\"v=0\",\"n\":1e99999}",
    })
    void commonRelaysTakeTheFastPath(String frame) throws ProtocolException {
        byte[] bytes = frame.getBytes(StandardCharsets.UTF_8);
        Inbound.Relay fast = RelayScan.scan(bytes);
        assertNotNull(fast, "fast path for " + frame);
        Inbound.Relay whole = (Inbound.Relay) MessageParser.parseWhole(bytes);
        assertEquals(whole.kind(), fast.kind());
        assertEquals(whole.viewerId(), fast.viewerId());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"type\":\"offer\",\"sdp\":\"\"}",
        "{\"type\":\"offer\"}",
        "{\"type\":\"offer\",\"sdp\":\"a\",\"sdp\":\"b\"}",
        "{\"type\":\"candidate\",\"ice\":{\"candidate\":\"a\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0},\"ice\":null}",
        "{\"type\":\"candidate\",\"ice\":{\"candidate\":\"a\",\"candidate\":\"b\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0}}",
        "{\"type\":\"candidate\",\"ice\":{\"candidate\":\"a\",\"sdpMid\":\"0\",\"sdpMLineIndex\":1.0}}",
        "{\"type\":\"candidate\",\"ice\":{\"candidate\":\"a\",\"sdpMid\":\"0\",\"sdpMLineIndex\":-1}}",
        "{\"type\":\"candidate\",\"ice\":{\"candidate\":\"a\",\"sdpMid\":\"0\",\"sdpMLineIndex\":4294967296}}",
        "{\"type\":\"candidate\",\"ice\":{\"candidate\":{\"candidate\":\"a\"},\"sdpMid\":\"0\",\"sdpMLineIndex\":0}}",
        "{\"type\":\"candidate\",\"ice\":null}",
        "{\"type\":\"candidate\"}",
        "{\"type\":\"offer\",\"sdp\":\"v=0\",\"viewerId\":7}",
        "{\"type\":\"offer\",\"sdp\":\"v=0\"} {}",
        "{\"type\":\"offer\",\"sdp\":\"v=0\"",
        "[{\"type\":\"offer\",\"sdp\":\"v=0\"}]",
        "{\"type\":\"register\",\"roomId\":\"r\"}",
        "{\"type\":7,\"sdp\":\"v=0\"}",
    })
    void anythingDoubtfulIsLeftToTheFullParserWhoseAnswerStands(String frame) {
        byte[] bytes = frame.getBytes(StandardCharsets.UTF_8);
        assertNull(RelayScan.scan(bytes), "fast path took " + frame);
        assertEquals(outcome(bytes, true), outcome(bytes, false));
    }

    private static String outcome(byte[] frame, boolean whole) {
        try {
            Inbound m = whole ? MessageParser.parseWhole(frame) : MessageParser.parse(frame);
            return m.getClass().getSimpleName();
        } catch (ProtocolException e) {
            return "refused: " + e.getMessage();
        }
    }
}
