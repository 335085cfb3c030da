package dev.camgate.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.camgate.camera.dialout.DialledCamera;
import dev.camgate.camera.dialout.Json;
import dev.camgate.camera.uv4l.Uv4lCameraType;
import dev.camgate.protocol.Admission;
import java.lang.reflect.Constructor;
import java.util.Set;
import tools.jackson.databind.node.ObjectNode;

/**
 * UV4L translation ({@code Uv4lSession}): whatever the viewer and UV4L send, every frame to UV4L is strict JSON
 * in its shape (call first, then answer / addIceCandidate with {@code data} holding JSON a second time, hangup
 * last), every frame to the viewer is a well-formed Ayame message, and no exception escapes the session.
 * Input: one message per line, {@code >} for the viewer (see {@link SessionHarness}).
 * Seeds: Uv4lSessionFuzzTestInputs/conversation/.
 */
class Uv4lSessionFuzzTest {
    private static final DialledCamera CAMERA = SessionHarness.camera(new Uv4lCameraType(), "fuzz-uv4l");
    private static final Constructor<?> SESSION = SessionHarness.sessionConstructor("dev.camgate.camera.uv4l.Uv4lSession",
            ObjectNode.class);

    private static ObjectNode callOptions() {
        ObjectNode o = Json.create();
        o.put("force_hw_vcodec", false);
        o.put("vformat", 60);
        o.put("trickle_ice", true);
        return o;
    }

    @FuzzTest(maxDuration = "5m")
    void conversation(byte[] input) {
        Uv4lChecks checks = new Uv4lChecks();
        SessionHarness harness = new SessionHarness(SESSION, CAMERA, checks, callOptions());
        assertTrue(checks.called, "UV4L must get 'call' as soon as the socket is open");
        Admission.Admitted admitted = assertInstanceOf(Admission.Admitted.class, harness.decision.getNow(null));
        assertFalse(admitted.otherIsWaiting(), "UV4L offers, so the viewer answers");
        harness.play(input);
        assertTrue(checks.hungUp, "the session ended, so UV4L must be told 'hangup'");
    }

    private static final class Uv4lChecks implements SessionHarness.Checks {
        boolean called;
        boolean hungUp;

        @Override
        public void toCamera(String text) {
            String where = "to UV4L";
            assertFalse(hungUp, "a frame to UV4L after hangup: " + text);
            ObjectNode msg = Wire.object(text, where);
            String what = Wire.string(msg, "what", where);
            assertTrue(called || what.equals("call"), "the first frame to UV4L must be 'call': " + text);
            switch (what) {
                case "call" -> {
                    assertFalse(called, "a second call: " + text);
                    Wire.onlyFields(msg, Set.of("what", "options"), where);
                    ObjectNode options = Wire.child(msg, "options", where);
                    assertEquals(callOptions(), options);
                    called = true;
                }
                case "answer" -> {
                    Wire.onlyFields(msg, Set.of("what", "data"), where);
                    ObjectNode data = Wire.object(Wire.string(msg, "data", where), where + " (answer data)");
                    Wire.onlyFields(data, Set.of("type", "sdp"), where);
                    assertEquals("answer", Wire.string(data, "type", where));
                    Wire.nonEmptyString(data, "sdp", where);
                }
                case "addIceCandidate" -> {
                    Wire.onlyFields(msg, Set.of("what", "data"), where);
                    ObjectNode data = Wire.object(Wire.string(msg, "data", where), where + " (candidate data)");
                    Wire.onlyFields(data, Set.of("candidate", "sdpMid", "sdpMLineIndex"), where);
                    Wire.string(data, "candidate", where);
                    Wire.string(data, "sdpMid", where);
                    Wire.index(data, "sdpMLineIndex", where);
                }
                case "hangup" -> {
                    assertEquals(Set.of("what"), Set.copyOf(msg.propertyNames()), where);
                    hungUp = true;
                }
                default -> fail("unexpected message to UV4L: " + text);
            }
        }
    }
}
