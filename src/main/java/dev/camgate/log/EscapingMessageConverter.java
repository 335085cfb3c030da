package dev.camgate.log;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * {@code %msg} for the text format, escaped: whatever a log statement puts in its message, and whoever
 * supplied it, it stays on its own line and cannot drive the terminal showing it.
 */
public final class EscapingMessageConverter extends MessageConverter {
    @Override
    public String convert(ILoggingEvent event) {
        return LogText.escape(event.getFormattedMessage());
    }
}
