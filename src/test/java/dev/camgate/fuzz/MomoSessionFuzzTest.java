package dev.camgate.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.camgate.camera.dialout.DialledCamera;
import dev.camgate.camera.momo.MomoCameraType;
import dev.camgate.protocol.Admission;
import java.lang.reflect.Constructor;
import java.util.Set;
import tools.jackson.databind.node.ObjectNode;

/**
 * Momo p2p translation ({@code MomoSession}): whatever the viewer and the camera send, in any order, every
 * frame to Momo is strict JSON of exactly the shape Momo reads (offer, candidate, close; no candidate before
 * the offer, since Momo drops those), every frame to the viewer is a well-formed Ayame message, and no
 * exception escapes the session. Input: one message per line, {@code >} for the viewer (see
 * {@link SessionHarness}). Seeds: MomoSessionFuzzTestInputs/conversation/.
 */
class MomoSessionFuzzTest {
    private static final DialledCamera CAMERA = SessionHarness.camera(new MomoCameraType(), "fuzz-momo");
    private static final Constructor<?> SESSION = SessionHarness.sessionConstructor("dev.camgate.camera.momo.MomoSession");

    @FuzzTest(maxDuration = "5m")
    void conversation(byte[] input) {
        MomoChecks checks = new MomoChecks();
        SessionHarness harness = new SessionHarness(SESSION, CAMERA, checks);
        Admission.Admitted admitted = assertInstanceOf(Admission.Admitted.class, harness.decision.getNow(null),
                "Momo admits the viewer as soon as the socket is open");
        assertTrue(admitted.otherIsWaiting(), "in Momo p2p mode the viewer offers");
        harness.play(input);
        assertTrue(checks.closed, "the viewer left, so Momo must be told 'close'");
    }

    private static final class MomoChecks implements SessionHarness.Checks {
        boolean offerSent;
        boolean closed;

        @Override
        public void toCamera(String text) {
            String where = "to Momo";
            assertTrue(!closed, "a frame to Momo after close: " + text);
            ObjectNode msg = Wire.object(text, where);
            switch (Wire.string(msg, "type", where)) {
                case "offer" -> {
                    Wire.onlyFields(msg, Set.of("type", "sdp"), where);
                    Wire.nonEmptyString(msg, "sdp", where);
                    offerSent = true;
                }
                case "candidate" -> {
                    assertTrue(offerSent, "a candidate went to Momo before the offer (Momo drops it): " + text);
                    Wire.onlyFields(msg, Set.of("type", "ice"), where);
                    ObjectNode ice = Wire.child(msg, "ice", where);
                    Wire.onlyFields(ice, Set.of("candidate", "sdpMid", "sdpMLineIndex"), where);
                    Wire.string(ice, "candidate", where);
                    Wire.string(ice, "sdpMid", where);
                    Wire.index(ice, "sdpMLineIndex", where);
                }
                case "close" -> {
                    assertEquals(Set.of("type"), Set.copyOf(msg.propertyNames()), where);
                    closed = true;
                }
                default -> fail("unexpected message to Momo: " + text);
            }
        }
    }
}
