package dev.camgate.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.camgate.testing.TestHub;
import dev.camgate.testing.WsClient;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * What keeps the relay fast, checked without a clock (speed itself lives in bench/run): relaying writes
 * no log line, and the hub's allocation per relayed message stays bounded, so a busy hub does not drown
 * in garbage collection.
 */
class RelayGuardTest {
    static final int MESSAGES = 2000;
    static final int SIZE = 4096;

    @Test
    void relayingLogsNothingAndAllocatesABoundedAmountPerMessage() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        try (TestHub hub = TestHub.start(null); WsClient a = hub.client(); WsClient b = hub.client()) {
            a.register("guard-room");
            b.register("guard-room");
            String offer = "{\"type\":\"offer\",\"sdp\":\"" + "v".repeat(SIZE - 30) + "\"}";
            relay(a, b, offer, 200); // warm-up: class loading and the JIT allocate too
            root.addAppender(log);
            long before = hubAllocatedBytes();
            relay(a, b, offer, MESSAGES);
            long perMessage = (hubAllocatedBytes() - before) / MESSAGES;
            root.detachAppender(log);
            assertEquals(0, log.list.size(), "a relayed message writes no log line: " + log.list);
            System.out.printf("relay guard: the hub allocated %d bytes per relayed %d-byte message%n", perMessage, offer.length());
            // One copy of the frame and small change (5.9 KB for 4.1 KB when written). Building a JSON tree of
            // every relayed SDP, as the hub did before its streaming check, cost 10.4 KB and fails this.
            assertTrue(perMessage < 2L * offer.length(), "allocation per relayed message: " + perMessage + " bytes");
        } finally {
            root.detachAppender(log);
        }
    }

    private static void relay(WsClient from, WsClient to, String message, int count) {
        for (int i = 0; i < count; i++) {
            from.send(message);
            assertEquals("offer", to.nextJson().get("type").asString());
        }
    }

    /** Bytes allocated so far by the hub's event-loop threads (the test's clients run on other threads). */
    private static long hubAllocatedBytes() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long total = 0;
        for (var info : threads.dumpAllThreads(false, false)) {
            if (info.getThreadName().startsWith("multiThreadIoEventLoopGroup")) {
                total += Math.max(0, threads.getThreadAllocatedBytes(info.getThreadId()));
            }
        }
        return total;
    }
}
