package dev.camgate.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.camgate.camera.CameraTypes;
import dev.camgate.config.Config;
import dev.camgate.config.ConfigException;
import dev.camgate.config.ConfigLoader;
import java.nio.charset.StandardCharsets;

/**
 * camgate.yaml: {@link ConfigLoader#parse} returns a {@link Config} or throws {@link ConfigException} with a
 * one-line message for a person that names the file, and nothing else, also with the camera-type checks
 * that {@code Main} runs.
 * Seeds: ConfigLoaderFuzzTestInputs/parse/ and ConfigLoaderFuzzTestInputs/parseWithCameraChecks/.
 */
class ConfigLoaderFuzzTest {

    @FuzzTest(maxDuration = "5m")
    void parse(byte[] input) {
        String yaml = new String(input, StandardCharsets.UTF_8);
        try {
            assertNotNull(ConfigLoader.parse(yaml, "fuzz.yaml"), "parse returned null");
        } catch (ConfigException e) {
            assertPhrasedForAPerson(e);
        }
    }

    @FuzzTest(maxDuration = "5m")
    void parseWithCameraChecks(byte[] input) {
        String yaml = new String(input, StandardCharsets.UTF_8);
        try {
            Config config = ConfigLoader.parse(yaml, "fuzz.yaml", c -> CameraTypes.of(c).validate(c));
            assertNotNull(config, "parse returned null");
        } catch (ConfigException e) {
            assertPhrasedForAPerson(e);
        }
    }

    /** The promise check-config makes: one line, naming the file, saying what is wrong. */
    private static void assertPhrasedForAPerson(ConfigException e) {
        String message = e.getMessage();
        assertNotNull(message);
        assertTrue(message.startsWith("fuzz.yaml"), "names the file: " + message);
        assertFalse(message.substring("fuzz.yaml".length()).replaceFirst("^(:\\d+){0,2}: ", "").isBlank(), "says what is wrong: " + message);
        assertEquals(1, message.lines().count(), "one line: " + message);
        if (e.getCause() != null) {
            throw new AssertionError("a bug in camgate or its YAML reader, not in the file: " + message, e.getCause());
        }
    }
}
