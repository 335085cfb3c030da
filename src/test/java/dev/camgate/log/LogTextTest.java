package dev.camgate.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class LogTextTest {
    @Test
    void controlCharactersBecomeVisibleEscapes() {
        assertEquals("a\\nb\\rc\\td", LogText.escape("a\nb\rc\td"));
        assertEquals("\\u001b[2J\\u0000\\u007f\\u0085\\u009b", LogText.escape("\u001b[2J\u0000\u007f\u0085\u009b"));
        assertEquals("\\u2028\\u2029", LogText.escape("\u2028\u2029"));
        assertEquals("\\u202a\\u202e\\u2066\\u2069\\u200f", LogText.escape("\u202a\u202e\u2066\u2069\u200f"));
    }

    @Test
    void ordinaryTextIsLeftAloneWithoutACopy() {
        String text = "camera 'küche' from 127.0.0.1:5000 \\n is text, 日本語 too";
        assertSame(text, LogText.escape(text));
        assertEquals(null, LogText.escape(null));
        // Every character from a space up to the tilde, and Latin-1 from U+00A0, is printable.
        for (char c = 0x20; c < 0x7f; c++) {
            assertFalse(LogText.unsafe(c), "U+" + Integer.toHexString(c));
        }
        for (char c = 0xa0; c < 0x100; c++) {
            assertFalse(LogText.unsafe(c), "U+" + Integer.toHexString(c));
        }
    }

    @Test
    void quoteShowsWhereAValueEnds() {
        assertEquals("'x\\ny'", LogText.quote("x\ny"));
        assertEquals("(none)", LogText.quote(null));
    }

    @Test
    void jsonLinesKeepTheirValuesAndCarryNoRawControlOrSeparator() throws Exception {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
        EscapingJsonEncoder json = new EscapingJsonEncoder();
        json.setContext(context);
        json.setWithFormattedMessage(true);
        json.start();
        String evil = "x\n2026-12-01T10:00:00.000Z INFO  [Hub] admin logged in\u001b[2J\u009b\u2028\u202e\u007f";
        LoggingEvent event = new LoggingEvent("test", context.getLogger("test"), Level.INFO, "room '{}'",
                new IllegalStateException("bad " + evil), new Object[] {evil});
        String line = new String(json.encode(event), StandardCharsets.UTF_8);
        assertTrue(line.endsWith("\n"));
        String body = line.substring(0, line.length() - 1);
        assertEquals(-1, LogText.firstUnsafe(body), body);
        JsonNode parsed = JsonMapper.builder().build().readTree(body);
        assertEquals("room '" + evil + "'", parsed.get("formattedMessage").asString());
    }
}
