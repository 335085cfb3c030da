package dev.camgate.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.camgate.protocol.Inbound;
import dev.camgate.protocol.MessageParser;
import dev.camgate.protocol.Outbound;
import dev.camgate.protocol.ProtocolException;
import tools.jackson.databind.node.ObjectNode;

/**
 * Ayame signaling frames as a browser or Momo sends them. {@link MessageParser#parse} either returns a message
 * or throws {@link ProtocolException}; anything else is a bug. A relayed message goes on byte for byte
 * ({@code raw}) or re-encoded ({@code withViewerId}), so both must be strict, unambiguous JSON whose checked
 * fields are the ones a receiver reads. Seeds: MessageParserFuzzTestInputs/parse/.
 */
class MessageParserFuzzTest {

    @FuzzTest(maxDuration = "5m")
    void parse(byte[] frame) {
        byte[] copy = frame.clone();
        Object whole = outcome(() -> MessageParser.parseWhole(frame.clone()));
        Inbound message;
        try {
            message = MessageParser.parse(frame);
        } catch (ProtocolException e) {
            assertNotNull(e.getMessage(), "a ProtocolException must say what was wrong");
            assertFalse(e.getMessage().isBlank(), "a ProtocolException must say what was wrong");
            assertEquals(whole, e.getMessage(), "the fast path and the full parser disagree");
            return;
        }
        // The streaming fast path for relays must decide exactly as the full parser does.
        if (message instanceof Inbound.Relay r && whole instanceof Inbound.Relay w) {
            assertEquals(w.kind(), r.kind(), "relay kind, fast path vs full parser");
            assertEquals(w.viewerId(), r.viewerId(), "viewerId, fast path vs full parser");
        } else {
            assertEquals(whole.getClass(), message.getClass(), "the fast path and the full parser disagree");
        }
        assertNotNull(message, "parse returned null");
        switch (message) {
            case Inbound.Relay relay -> checkRelay(relay, copy);
            case Inbound.Register r -> {
                assertNotNull(r.roomId());
                assertFalse(r.roomId().isEmpty());
                assertTrue(r.roomId().length() <= 255);
                if (r.camgate() != null) {
                    assertNotNull(r.camgate().role());
                    assertTrue(r.camgate().name() == null || r.camgate().name().length() <= 100);
                }
            }
            default -> {
            }
        }
    }

    private interface Parse {
        Inbound run() throws ProtocolException;
    }

    /** The parsed message, or the error message it was refused with. */
    private static Object outcome(Parse parse) {
        try {
            return parse.run();
        } catch (ProtocolException e) {
            return e.getMessage();
        }
    }

    private static void checkRelay(Inbound.Relay relay, byte[] frame) {
        assertNotNull(relay.kind());
        assertArrayEquals(frame, relay.raw(), "raw must be the frame exactly as received");

        // What PlainRooms and AyameCamera forward: the frame itself.
        ObjectNode forwarded = Wire.object(relay.raw(), "relayed frame");
        assertEquals(relay.json(), forwarded, "the relayed frame must say what the hub checked");
        checkShape(relay.kind(), forwarded, "relayed frame");

        // What BrowserCamera forwards: re-encoded with the hub's viewer id.
        ObjectNode rewritten = Wire.object(Outbound.withViewerId(relay, "v-1"), "re-encoded relay");
        assertEquals("v-1", rewritten.get("viewerId").asString());
        checkShape(relay.kind(), rewritten, "re-encoded relay");
        String viewerId = relay.viewerId();
        assertTrue(viewerId == null || relay.json().get("viewerId").isString());
    }

    private static void checkShape(Inbound.Relay.Kind kind, ObjectNode msg, String where) {
        switch (kind) {
            case OFFER -> {
                assertEquals("offer", Wire.string(msg, "type", where));
                Wire.nonEmptyString(msg, "sdp", where);
            }
            case ANSWER -> {
                assertEquals("answer", Wire.string(msg, "type", where));
                Wire.nonEmptyString(msg, "sdp", where);
            }
            case CANDIDATE -> {
                assertEquals("candidate", Wire.string(msg, "type", where));
                ObjectNode ice = Wire.child(msg, "ice", where);
                Wire.string(ice, "candidate", where);
                Wire.string(ice, "sdpMid", where);
                Wire.index(ice, "sdpMLineIndex", where);
            }
        }
    }
}
