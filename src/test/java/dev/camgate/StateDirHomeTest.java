package dev.camgate;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camgate.testing.CamgateProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** ~ means $HOME, as in the README's ~/.local/state/camgate, not the passwd entry Java reads by default. */
class StateDirHomeTest {
    @Test
    void theDefaultStateDirectoryAndATildeFollowHome() throws Exception {
        Path home = Files.createTempDirectory("camgate-home");
        try (CamgateProcess camgate = CamgateProcess.startWithHome(home)) {
            String line = camgate.awaitLine(l -> l.contains("log in:"));
            Path token = home.resolve(".local/state/camgate/admin-token");
            assertTrue(Files.exists(token), "the token is under $HOME: " + camgate.outputSoFar());
            assertTrue(line.endsWith("token=" + Files.readString(token).strip()), line);
        }
        try (CamgateProcess camgate = CamgateProcess.startWithHome(home, "--state-dir", "~/elsewhere")) {
            camgate.awaitLine(l -> l.contains("log in:"));
            assertTrue(Files.exists(home.resolve("elsewhere/admin-token")), camgate.outputSoFar().toString());
        }
    }
}
