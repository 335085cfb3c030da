package dev.camgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line's promises: exit code 2 and one clear line for a bad config file. */
class MainTest {
    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Main.commandLine().execute(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void anInvalidConfigFileExitsWith2AndNamesFileLineAndProblem() throws Exception {
        Path file = dir.resolve("camgate.yaml");
        Files.writeString(file, "port: 41337\ncameras:\n  - id: garage\n    type: ayame\n    key: tiny\n");
        Run r = run("--config", file.toString());
        assertEquals(2, r.code());
        assertEquals("camgate: " + file + ":5:5: cameras[0]: camera 'garage' needs a 'key' of at least 8 characters: "
                + "the camera presents it to prove it is the camera", r.err().strip());
    }

    @Test
    void checkConfigValidatesWithoutStarting() throws Exception {
        Path good = dir.resolve("good.yaml");
        Files.writeString(good, "cameras:\n  - {id: garage, type: ayame, key: 0123456789}\n");
        Run ok = run("check-config", good.toString());
        assertEquals(0, ok.code(), ok.err());
        assertTrue(ok.out().contains("valid (1 cameras"), ok.out());

        Run missing = run("check-config", dir.resolve("nope.yaml").toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("nope.yaml: no such file"), missing.err());
    }

    @Test
    void aBadFlagExitsWith2() {
        Run r = run("--port", "many");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--port"), r.err());
    }

    @Test
    void checkConfigAndStartRefuseAPastedAuthNoneWithOneLineAndExit2() throws Exception {
        Path file = dir.resolve("dup.yaml");
        Files.writeString(file, "auth:\n  tokens:\n    - name: wall\n      token_hash: sha256$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n"
                + "      rights: {\"*\": [view]}\nport: 0\nauth: none\n");
        for (String[] args : new String[][] {{"check-config", file.toString()}, {"--config", file.toString()}}) {
            Run r = run(args);
            assertEquals(2, r.code(), r.err());
            assertEquals("camgate: " + file + ":7:5: 'auth' is set twice in the same block; camgate refuses rather than let the last one silently win",
                    r.err().strip());
        }
    }

    @Test
    void checkConfigRefusesAHugeCommentInWellUnderASecond() throws Exception {
        Path file = dir.resolve("huge.yaml");
        Files.writeString(file, "port: 1\n# " + "x".repeat(8 * 1024 * 1024) + "\n");
        long start = System.nanoTime();
        Run r = run("check-config", file.toString());
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(2, r.code());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("at most 1 MiB"), r.err());
        assertTrue(millis < 1000, "took " + millis + " ms");
    }
}
