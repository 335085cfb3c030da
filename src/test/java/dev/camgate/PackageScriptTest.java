package dev.camgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** scripts/package writes a checksum that matches the jar and that `sha256sum -c` accepts next to it. */
class PackageScriptTest {
    @Test
    void theChecksumFileMatchesTheJarAndNamesItWithoutADirectory() throws Exception {
        Path dir = Files.createTempDirectory("camgate-package");
        Path jar = dir.resolve("camgate.jar");
        Files.write(jar, "not really a jar, but bytes to sum".getBytes(StandardCharsets.UTF_8));
        Process p = new ProcessBuilder("scripts/package", "--jar", jar.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(jar)));
        assertEquals(expected + "  camgate.jar\n", Files.readString(dir.resolve("camgate.jar.sha256")));
        assertTrue(out.contains("java -jar camgate.jar"), out);
        Process check = new ProcessBuilder("sha256sum", "-c", "camgate.jar.sha256").directory(dir.toFile()).redirectErrorStream(true).start();
        assertEquals("camgate.jar: OK\n", new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
