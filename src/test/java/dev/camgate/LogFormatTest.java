package dev.camgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camgate.testing.CamgateProcess;
import dev.camgate.testing.WsClient;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Logs people and log shippers can read: one line per session start and end, and valid JSON in json mode. */
class LogFormatTest {
    @Test
    void jsonModeLogsEachViewerSessionAsJsonLines() throws Exception {
        try (CamgateProcess camgate = CamgateProcess.start("--log-format", "json")) {
            // Auth is on, as for anyone who starts camgate: the admin token lets a camera publish and a viewer watch.
            String token = camgate.adminToken();
            try (WsClient camera = WsClient.connect(camgate.port)) {
                JsonNode seated = camera.register("kitchen-cam", "\"key\":\"" + token + "\",\"camgate\":{\"role\":\"camera\",\"multiViewer\":true}");
                assertEquals("accept", seated.get("type").asString(), seated.toString());
                try (WsClient viewer = WsClient.connect(camgate.port)) {
                    JsonNode watching = viewer.register("kitchen-cam", "\"signalingKey\":\"" + token + "\",\"camgate\":{\"role\":\"viewer\"}");
                    assertEquals("accept", watching.get("type").asString(), watching.toString());
                }
                camgate.awaitLine(l -> l.contains("ended after"));
            }
            camgate.awaitLine(l -> l.contains("camera 'kitchen-cam' disconnected"));
            List<JsonNode> lines = new ArrayList<>();
            for (String line : List.copyOf(camgate.output)) {
                try {
                    lines.add(WsClient.JSON.readTree(line));
                } catch (RuntimeException e) {
                    throw new AssertionError("not a JSON line: " + line);
                }
            }
            List<String> messages = lines.stream().map(j -> j.get("formattedMessage").asString()).toList();
            assertTrue(messages.stream().anyMatch(m -> m.matches("camera 'kitchen-cam' connected from 127\\.0\\.0\\.1:\\d+")), messages.toString());
            assertTrue(messages.stream().anyMatch(m -> m.matches("viewer \\w+ from 127\\.0\\.0\\.1:\\d+ started watching camera 'kitchen-cam' \\(1 watching\\)")), messages.toString());
            assertTrue(messages.stream().anyMatch(m -> m.matches("viewer \\w+ of camera 'kitchen-cam' ended after \\d+ s: the viewer left")), messages.toString());
            for (JsonNode line : lines) {
                assertTrue(java.util.Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR").contains(line.get("level").asString()), line.toString());
                assertTrue(line.get("timestamp").asLong() > 0);
            }
        }
    }

    /** A roomId made to forge a log line and clear the terminal, as an anonymous client may send it (JSON-escaped). */
    private static final String FORGED_ROOM = "x\\n2026-12-01T10:00:00.000Z INFO  [Hub] admin logged in\\u001b[2J";

    @Test
    void aClientsRoomIdCannotForgeALineOrDriveTheTerminal() throws Exception {
        try (CamgateProcess camgate = CamgateProcess.start("--log-level", "debug")) {
            try (WsClient anonymous = WsClient.connect(camgate.port)) {
                JsonNode answer = anonymous.register(FORGED_ROOM, "\"key\":\"wrong\"");
                assertEquals("reject", answer.get("type").asString(), answer.toString());
            }
            camgate.awaitLine(l -> l.contains("rejected for room"));
            List<String> output = List.copyOf(camgate.output);
            List<String> naming = output.stream().filter(l -> l.contains("admin logged in")).toList();
            // The refusal is logged twice at debug (the abuse note and the rejection): each is one whole line.
            assertTrue(!naming.isEmpty(), output.toString());
            for (String line : naming) {
                assertTrue(line.matches("\\d{4}-\\d\\d-\\d\\dT\\S+ (WARN |DEBUG) \\[\\w+\\] .*"), line);
                assertTrue(line.contains("'x\\n2026-12-01T10:00:00.000Z INFO  [Hub] admin logged in\\u001b[2J'"), line);
            }
            assertTrue(output.stream().noneMatch(l -> l.startsWith("2026-12-01T10:00:00.000Z")), output.toString());
            assertTrue(output.stream().noneMatch(l -> l.indexOf('\u001b') >= 0), output.toString());
        }
    }

    @Test
    void inJsonARoomIdStaysInsideItsValue() throws Exception {
        try (CamgateProcess camgate = CamgateProcess.start("--log-format", "json", "--log-level", "debug")) {
            try (WsClient anonymous = WsClient.connect(camgate.port)) {
                anonymous.register(FORGED_ROOM + "\\u2028\\u009b\\u202e", "\"key\":\"wrong\"");
            }
            camgate.awaitLine(l -> l.contains("rejected for room"));
            for (String line : List.copyOf(camgate.output)) {
                assertTrue(line.chars().noneMatch(c -> c < 0x20 || c == 0x7f || c == 0x9b || c == 0x2028 || c == 0x202e), line);
                JsonNode json = WsClient.JSON.readTree(line);
                if (json.get("formattedMessage").asString().contains("admin logged in")) {
                    assertTrue(json.get("formattedMessage").asString().contains("'x\n2026-12-01T10:00:00.000Z INFO  [Hub] admin logged in\u001b[2J"), line);
                }
            }
        }
    }

    @Test
    void anUnknownLogFormatIsRefused() throws Exception {
        Process p = new ProcessBuilder(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.camgate.Main", "--port", "0", "--log-format", "xml")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(2, p.waitFor());
        assertTrue(out.contains("--log-format must be text or json"), out);
    }
}
