package dev.camgate.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netty.handler.codec.PrematureChannelClosureException;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LogLimitTest {
    private final AtomicLong now = new AtomicLong(TimeUnit.HOURS.toNanos(5));
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private Logger log;

    @BeforeEach
    void captured() {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
        lines.setContext(context);
        lines.start();
        log = context.getLogger("test");
        log.addAppender(lines);
    }

    private void later(long seconds) {
        now.addAndGet(TimeUnit.SECONDS.toNanos(seconds));
    }

    @Test
    void oneLineAMinuteThenASummary() {
        LogLimit limit = new LogLimit(null, now::get, 100);
        for (int i = 0; i < 1_000; i++) {
            limit.info(log, "10.0.0.1", "cut request", "10.0.0.1: cut request {}", i);
        }
        limit.info(log, "10.0.0.2", "cut request", "10.0.0.2: cut request");
        limit.info(log, "10.0.0.1", "other kind", "10.0.0.1: other kind");
        assertEquals(3, lines.list.size());
        later(30);
        limit.sweep();
        assertEquals(3, lines.list.size(), "the minute is not over");
        later(31);
        limit.sweep();
        assertEquals(4, lines.list.size());
        assertEquals("999 more like this from 10.0.0.1 in the last minute: cut request", lines.list.get(3).getFormattedMessage());
        assertEquals(0, limit.tracked(), "quiet sources are forgotten");
        limit.info(log, "10.0.0.1", "cut request", "again");
        assertEquals("again", lines.list.get(4).getFormattedMessage());
    }

    @Test
    void aSprayOfSourcesIsLimitedAsOneOnceTheTableIsFull() {
        LogLimit limit = new LogLimit(null, now::get, 10);
        for (int i = 0; i < 10_000; i++) {
            limit.info(log, "10.0." + (i / 256) + "." + (i % 256), "cut request", "line");
        }
        assertTrue(limit.tracked() <= 11, "tracked " + limit.tracked());
        assertEquals(11, lines.list.size());
        later(61);
        limit.sweep();
        assertEquals("9989 more like this from other sources in the last minute: cut request", lines.list.get(11).getFormattedMessage());
    }

    @Test
    void aClientFaultIsOneLineWithoutATraceAndABugKeepsItsTrace() {
        LogLimit limit = new LogLimit(null, now::get, 100);
        limit.fault(log, "10.0.0.1", "connection closed", new PrematureChannelClosureException("Channel closed\nwhile aggregating"));
        limit.fault(log, "10.0.0.1", "connection closed", new IllegalStateException("oops"));
        assertEquals(2, lines.list.size());
        assertEquals("10.0.0.1: connection closed (PrematureChannelClosureException 'Channel closed\\nwhile aggregating')",
                lines.list.get(0).getFormattedMessage());
        assertNull(lines.list.get(0).getThrowableProxy());
        assertEquals("WARN", lines.list.get(1).getLevel().toString());
        assertNotNull(lines.list.get(1).getThrowableProxy());
        assertTrue(Faults.isClients(new io.netty.handler.codec.DecoderException(new IOException("reset"))));
    }

    @Test
    void runningOutOfBufferMemoryIsOneLineAMinuteNotABugReport() throws Exception {
        LogLimit limit = new LogLimit(null, now::get, 100);
        // Netty's own error: what 200 clients each sending a 1 MB frame at a 64 MiB hub caused.
        var ctor = io.netty.util.internal.OutOfDirectMemoryError.class.getDeclaredConstructor(String.class);
        ctor.setAccessible(true);
        for (int i = 0; i < 50; i++) {
            limit.fault(log, "10.0.0." + i, "signaling connection closed", ctor.newInstance("failed to allocate 1048576 byte(s)"));
        }
        assertEquals(1, lines.list.size(), "one line for all sources");
        assertNull(lines.list.get(0).getThrowableProxy(), "no stack trace");
        assertTrue(lines.list.get(0).getFormattedMessage().contains("out of buffer memory"), lines.list.get(0).getFormattedMessage());
    }
}
