package dev.camgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The text format: one line per message whatever the message holds; a stack trace keeps its own lines only. */
class LogEscapingTest {
    private static final String EVIL = "x\n2026-12-01T10:00:00.000Z INFO  [Hub] admin logged in\u001b[2J";

    private static String encode(String message, Throwable thrown, Object... args) {
        LoggerContext context = new LoggerContext();
        Encoder<ILoggingEvent> text = Logging.textEncoder(context, "%level %msg%n%ex");
        text.setContext(context);
        text.start();
        return new String(text.encode(new LoggingEvent("test", context.getLogger("test"), Level.INFO, message, thrown, args)),
                StandardCharsets.UTF_8);
    }

    @Test
    void aMessageStaysOneLine() {
        assertEquals("INFO room 'x\\n2026-12-01T10:00:00.000Z INFO  [Hub] admin logged in\\u001b[2J'\n",
                encode("room '{}'", null, EVIL));
    }

    @Test
    void exceptionMessagesAreEscapedButTheTraceKeepsItsLines() {
        String out = encode("failed", new IllegalArgumentException(EVIL, new RuntimeException("cause\r\n\u009b")));
        assertTrue(out.startsWith("INFO failed\njava.lang.IllegalArgumentException: x\\n2026-12-01T10:00:00.000Z INFO  [Hub] admin logged in\\u001b[2J\n\tat "), out);
        assertTrue(out.contains("Caused by: java.lang.RuntimeException: cause\\r\\n\\u009b\n"), out);
        assertTrue(out.chars().noneMatch(c -> c == 0x1b || c == 0x9b || c == '\r'), out);
        for (String line : out.split("\n")) {
            assertTrue(line.startsWith("INFO ") || line.startsWith("\t") || line.startsWith("java.") || line.startsWith("Caused by: "), line);
        }
    }
}
