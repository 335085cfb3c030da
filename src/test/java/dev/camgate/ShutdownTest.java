package dev.camgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camgate.testing.WsClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** camgate as a real process: SIGTERM during live sessions says bye to everyone and exits 0, promptly. */
class ShutdownTest {
    private static final Pattern LISTENING = Pattern.compile("is listening on 127\\.0\\.0\\.1:(\\d+)");

    @Test
    void sigtermSaysByeToEverySessionAndExitsZero() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process camgate = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "dev.camgate.Main",
                "--port", "0", "--listen", "127.0.0.1").redirectErrorStream(true).start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(camgate.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    lines.add(line);
                }
            } catch (Exception ignored) {
                // the process ended
            }
        });
        try {
            int port = -1;
            while (port < 0) {
                String line = lines.poll(20, TimeUnit.SECONDS);
                if (line == null) {
                    throw new AssertionError("camgate did not start listening within 20 s");
                }
                Matcher m = LISTENING.matcher(line);
                if (m.find()) {
                    port = Integer.parseInt(m.group(1));
                }
            }
            try (WsClient a = WsClient.connect(port); WsClient b = WsClient.connect(port)) {
                a.register("shutdown-room");
                b.register("shutdown-room");
                camgate.destroy(); // SIGTERM
                for (WsClient client : new WsClient[] {a, b}) {
                    JsonNode bye = client.nextJson();
                    assertEquals("bye", bye.get("type").asString());
                    assertEquals("camgate is shutting down", bye.get("reason").asString());
                    assertEquals(1000, client.awaitClose().code());
                }
            }
            assertTrue(camgate.waitFor(10, TimeUnit.SECONDS), "camgate exits within 10 s of SIGTERM");
            assertEquals(0, camgate.exitValue(), "a requested stop exits 0");
        } finally {
            camgate.destroyForcibly();
        }
    }
}
