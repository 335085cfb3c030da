package dev.camgate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camgate.camera.CameraTypes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The configuration shown in the README is valid, so a user who copies it gets a working start. */
class ReadmeConfigTest {
    @Test
    void theReadmeExampleConfigIsValid() throws IOException {
        Matcher m = Pattern.compile("(?s)```yaml\\n(.*?)```").matcher(Files.readString(Path.of("README.md")));
        assertTrue(m.find(), "README has a yaml example");
        Config config = ConfigLoader.parse(m.group(1), "README.md", c -> CameraTypes.of(c).validate(c));
        assertEquals(4, config.cameras().size());
        assertEquals(41337, config.port());
    }
}
