package dev.camgate.abuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.camgate.config.LimitsConfig;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The per-address rules, on a clock the test moves by hand. */
class AbuseGuardTest {
    final AtomicLong now = new AtomicLong(TimeUnit.HOURS.toNanos(1));
    final InetAddress a = InetAddress.getLoopbackAddress();
    final InetAddress b;

    AbuseGuardTest() throws Exception {
        b = InetAddress.getByName("127.0.0.2");
    }

    AbuseGuard guard(LimitsConfig limits) {
        return new AbuseGuard(limits, null, now::get);
    }

    void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    @Test
    void connectionsPerAddressAreCappedAndFreedOnClose() {
        AbuseGuard g = guard(LimitsConfig.perAddress(2, null, null, null));
        assertTrue(g.opened(a));
        assertTrue(g.opened(a));
        assertFalse(g.opened(a), "a third connection from one address");
        assertTrue(g.opened(b), "another address is not affected");
        g.closed(a);
        assertTrue(g.opened(a));
    }

    @Test
    void registrationsAreABucketRefilledEverySecond() {
        AbuseGuard g = guard(LimitsConfig.perAddress(null, 5, null, null));
        int allowed = 0;
        for (int i = 0; i < 100; i++) {
            allowed += g.mayRegister(a) ? 1 : 0;
        }
        assertEquals(10, allowed, "a burst of twice the rate");
        advance(Duration.ofSeconds(1));
        allowed = 0;
        for (int i = 0; i < 100; i++) {
            allowed += g.mayRegister(a) ? 1 : 0;
        }
        assertEquals(5, allowed, "then the rate");
        assertTrue(g.mayRegister(b));
    }

    @Test
    void refusalsAreDelayedMoreAndMoreThenForgiven() {
        AbuseGuard g = guard(LimitsConfig.perAddress(null, null, 3, Duration.ofSeconds(4)));
        for (int i = 0; i < 3; i++) {
            assertEquals(Duration.ZERO, g.failed(a, "wrong key"), "the first few are answered at once");
        }
        assertEquals(Duration.ofMillis(500), g.failed(a, "wrong key"));
        assertEquals(Duration.ofSeconds(1), g.failed(a, "wrong key"));
        assertEquals(Duration.ofSeconds(2), g.failed(a, "wrong key"));
        assertEquals(Duration.ofSeconds(4), g.failed(a, "wrong key"));
        assertEquals(Duration.ofSeconds(4), g.failed(a, "wrong key"), "capped at max_backoff");
        assertEquals(Duration.ofSeconds(4), g.backoff(a), "a login must wait that long before it is even checked");
        assertEquals(Duration.ZERO, g.failed(b, "wrong key"), "another address starts afresh");
        advance(Duration.ofMinutes(3));
        assertEquals(Duration.ZERO, g.backoff(a));
        assertEquals(Duration.ZERO, g.failed(a, "wrong key"), "forgiven after a quiet spell");
    }

    @Test
    void pastTheLimitEvenTheNextKeyWaitsAndConcurrentGuessesQueueOnePerDelay() {
        AbuseGuard g = guard(LimitsConfig.perAddress(null, null, 3, Duration.ofSeconds(4)));
        for (int i = 0; i < 4; i++) {
            assertEquals(Duration.ZERO, g.beforeCheck(a, "porch"), "the first few are checked at once");
            g.failed(a, "porch", "wrong key");
        }
        // Whatever key comes next (the right one too) is checked only after the wait.
        assertEquals(Duration.ofMillis(500), g.beforeCheck(a, "porch"));
        assertEquals(Duration.ofMillis(1000), g.beforeCheck(a, "porch"), "a second connection at once waits its own turn");
        assertEquals(Duration.ofMillis(1500), g.beforeCheck(b, "porch"), "a fresh address queues behind them for that room");
        assertEquals(Duration.ZERO, g.beforeCheck(b, "garage"), "another room from a fresh address is not slowed");
        for (int i = 4; i <= 8; i++) {
            assertEquals(Duration.ofMillis(500L * i), g.beforeCheck(b, "porch"));
        }
        assertNull(g.beforeCheck(b, "porch"), "beyond max_backoff of waiting: refused unchecked");
        advance(Duration.ofMinutes(3));
        assertEquals(Duration.ZERO, g.beforeCheck(a, "porch"), "forgiven after a quiet spell");
    }

    @Test
    void aSpreadOutGuessingAttackSlowsTheRoomForEveryAddress() throws Exception {
        AbuseGuard g = guard(LimitsConfig.perAddress(null, null, 3, Duration.ofSeconds(4)));
        for (int i = 1; i <= 10; i++) {
            InetAddress each = InetAddress.getByName("127.0.5." + i);
            g.failed(each, "porch", "wrong key"); // one each: no address passes its own limit
            assertEquals(Duration.ZERO, g.backoff(each));
        }
        InetAddress eleventh = InetAddress.getByName("127.0.5.11");
        assertEquals(Duration.ofSeconds(4), g.beforeCheck(eleventh, "porch"), "ten guesses from ten addresses: the room backs off");
        assertEquals(Duration.ZERO, g.beforeCheck(eleventh, "garage"));
    }

    @Test
    void theRoomIsNamedOnceWhenItStartsBackingOff() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(AbuseGuard.class);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        logger.addAppender(log);
        try {
            AbuseGuard g = guard(LimitsConfig.perAddress(null, null, 3, Duration.ofSeconds(4)));
            for (int i = 1; i <= 20; i++) {
                g.failed(InetAddress.getByName("127.0.6." + i), "porch", "wrong key");
                long roomLines = log.list.stream().filter(e -> e.getFormattedMessage().startsWith("room 'porch'")).count();
                assertEquals(i <= 3 ? 0 : 1, roomLines, "after " + i + " wrong keys");
            }
        } finally {
            logger.detachAppender(log);
        }
    }

    @Test
    void theLogSaysOnceAMinutePerAddressAndSumsUpTheRest() {
        Logger logger = (Logger) LoggerFactory.getLogger(AbuseGuard.class);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        logger.addAppender(log);
        try {
            AbuseGuard g = guard(LimitsConfig.defaults());
            for (int i = 0; i < 1000; i++) {
                g.failed(a, "refused: key: wrong key for camera 'porch'");
                advance(Duration.ofMillis(10));
            }
            assertEquals(1, log.list.size(), "one line for a thousand refusals in ten seconds");
            advance(Duration.ofMinutes(1));
            g.sweep();
            assertEquals(2, log.list.size());
            String summary = log.list.get(1).getFormattedMessage();
            assertTrue(summary.startsWith("127.0.0.1: 999 more in the last minute"), summary);
            advance(Duration.ofMinutes(5));
            g.sweep();
            assertEquals(0, g.tracked(), "a quiet address is forgotten");
        } finally {
            logger.detachAppender(log);
        }
    }
}
