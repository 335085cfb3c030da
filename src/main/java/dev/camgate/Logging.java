package dev.camgate;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import dev.camgate.log.EscapingJsonEncoder;
import dev.camgate.log.EscapingMessageConverter;
import dev.camgate.log.EscapingThrowableConverter;
import java.nio.charset.StandardCharsets;
import org.slf4j.LoggerFactory;

/** Log output set from the command line: readable lines for people, or one JSON object a line for log shippers. */
final class Logging {
    enum Format { TEXT, JSON }

    private Logging() {
    }

    static void configure(String level, Format format) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        Encoder<ILoggingEvent> encoder;
        if (format == Format.JSON) {
            JsonEncoder json = new EscapingJsonEncoder();
            json.setWithSequenceNumber(false);
            json.setWithNanoseconds(false);
            json.setWithContext(false);
            json.setWithFormattedMessage(true);
            json.setWithArguments(false);
            json.setWithMessage(false);
            encoder = json;
        } else {
            encoder = textEncoder(context, "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%logger{0}] %msg%n%ex");
        }
        encoder.setContext(context);
        encoder.start();
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setEncoder(encoder);
        console.start();
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(level, Level.INFO));
        root.addAppender(console);
        // Netty's own debug output is noise for camgate's users.
        context.getLogger("io.netty").setLevel(Level.WARN);
        // Out of descriptors, this one logs a stack trace per failed accept; AcceptErrors says it once a minute.
        context.getLogger("io.netty.channel.socket.nio.NioServerSocketChannel").setLevel(Level.ERROR);
    }

    /**
     * Messages and exception messages quote what clients sent, so %msg and %ex escape control characters
     * (LogText): every log line, present and future, stays one line that cannot drive a terminal.
     */
    static Encoder<ILoggingEvent> textEncoder(LoggerContext context, String pattern) {
        PatternLayout layout = new PatternLayout();
        for (String word : new String[] {"m", "msg", "message"}) {
            layout.getInstanceConverterMap().put(word, EscapingMessageConverter::new);
        }
        for (String word : new String[] {"ex", "exception", "throwable"}) {
            layout.getInstanceConverterMap().put(word, EscapingThrowableConverter::new);
        }
        layout.setContext(context);
        layout.setPattern(pattern);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> text = new LayoutWrappingEncoder<>();
        text.setLayout(layout);
        text.setCharset(StandardCharsets.UTF_8);
        return text;
    }
}
