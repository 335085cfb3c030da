package dev.camgate.log;

import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.nio.charset.StandardCharsets;

/**
 * logback's JSON encoder, finished. It escapes only what JSON requires (quotes, backslashes, C0 controls),
 * so DEL, C1 controls (U+009B is a terminal's CSI), U+2028/U+2029 (line breaks to JavaScript and some
 * viewers) and bidi controls would reach the line raw, in any field. Here they become \\uXXXX escapes too:
 * the line still decodes to the same values, and printed raw it is one inert line.
 */
public final class EscapingJsonEncoder extends JsonEncoder {
    @Override
    public byte[] encode(ILoggingEvent event) {
        byte[] line = super.encode(event);
        String text = new String(line, StandardCharsets.UTF_8);
        // The record ends with one newline of its own; every other unsafe character is escaped.
        int end = text.endsWith("\n") ? text.length() - 1 : text.length();
        int first = LogText.firstUnsafe(text.substring(0, end));
        if (first < 0) {
            return line;
        }
        StringBuilder out = new StringBuilder(text.length() + 16).append(text, 0, first);
        for (int i = first; i < end; i++) {
            char c = text.charAt(i);
            if (LogText.unsafe(c)) {
                LogText.unicode(out, c);
            } else {
                out.append(c);
            }
        }
        out.append(text, end, text.length());
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }
}
