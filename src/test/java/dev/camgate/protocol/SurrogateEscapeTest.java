package dev.camgate.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Half a surrogate pair in a \\u escape is JSON but not text: no camera is ever sent one (the Momo fuzz finding). */
class SurrogateEscapeTest {
    static int at(String json) {
        return Utf8.firstUnpairedSurrogateEscape(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void halvesArePointedAtWholePairsAndOtherEscapesPass() {
        assertEquals(8, at("{\"sdp\":\"\\ud800\\u0400\"}"), "a high half followed by no low half");
        assertEquals(8, at("{\"sdp\":\"\\udc00\"}"), "a low half alone");
        assertEquals(8, at("{\"sdp\":\"\\uD83D\"}"), "a high half at the end");
        assertEquals(-1, at("{\"sdp\":\"\\ud83d\\ude00 \\u00e9 \\n \\\\ud800\"}"), "a pair, a plain escape, and an escaped backslash before 'ud800'");
        assertEquals(-1, at("{\"sdp\":\"v=0\\r\\n\"}"));
        assertEquals(-1, at("{\"sdp\":\"\\u12\"}"), "not an escape Jackson would accept either, but no surrogate");
    }

    @Test
    void bothParsersRefuseItWithTheSameWords() {
        byte[] frame = "{\"type\":\"offer\",\"sdp\":\"\\ud800\\u0400\"}".getBytes(StandardCharsets.UTF_8);
        ProtocolException fast = assertThrows(ProtocolException.class, () -> MessageParser.parse(frame));
        ProtocolException whole = assertThrows(ProtocolException.class, () -> MessageParser.parseWhole(frame));
        assertEquals(fast.getMessage(), whole.getMessage());
        assertTrue(fast.getMessage().contains("half a UTF-16 surrogate pair"), fast.getMessage());
        byte[] fine = "{\"type\":\"offer\",\"sdp\":\"\\ud83d\\ude00\"}".getBytes(StandardCharsets.UTF_8);
        assertInstanceOf(Inbound.Relay.class, assertDoesNotThrowParse(fine));
    }

    private static Inbound assertDoesNotThrowParse(byte[] frame) {
        try {
            return MessageParser.parse(frame);
        } catch (ProtocolException e) {
            throw new AssertionError(e);
        }
    }
}
