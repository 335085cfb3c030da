package dev.camgate.log;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.event.Level;

/**
 * At most one log line per source (an address, a camera) and kind per minute; the rest are counted and
 * summarised in one line when the minute is over. Whatever a client does, it costs the log (a Pi's SD card)
 * two lines a minute per kind. One instance per hub; its memory is bounded: past {@link #MAX_TRACKED}
 * sources, new ones share one entry, so a spray of addresses is limited as one source.
 */
public final class LogLimit implements AutoCloseable {
    /** Also the most lines a spray of addresses can cause per kind and minute: a few hundred kilobytes. */
    static final int MAX_TRACKED = 1_000;
    static final String OTHERS = "other sources";
    private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);

    private final LongSupplier nanos;
    private final int maxTracked;
    private final Map<Key, Entry> entries = new ConcurrentHashMap<>();
    private final ScheduledFuture<?> sweeper;

    /** @param timer runs the summaries; null in tests that call {@link #sweep()} themselves */
    public LogLimit(ScheduledExecutorService timer) {
        this(timer, System::nanoTime, MAX_TRACKED);
    }

    LogLimit(ScheduledExecutorService timer, LongSupplier nanos, int maxTracked) {
        this.nanos = nanos;
        this.maxTracked = maxTracked;
        // Every 10 s, so a summary comes at most 10 s after its minute ends.
        this.sweeper = timer == null ? null : timer.scheduleAtFixedRate(this::sweep, 10, 10, TimeUnit.SECONDS);
    }

    /**
     * Logs the line if it is the first of this kind from this source in the minute, else counts it. The
     * format's arguments follow SLF4J's rules (a trailing Throwable is the line's exception).
     */
    public void log(Logger log, Level level, String source, String kind, String format, Object... args) {
        if (!log.isEnabledForLevel(level)) {
            return;
        }
        Entry e = entry(new Key(source, kind), log, level);
        long now = nanos.getAsLong();
        synchronized (e) {
            if (e.logged && now - e.windowStart < MINUTE) {
                e.suppressed++;
                return;
            }
            e.flush(now);
            e.logged = true;
            e.windowStart = now;
        }
        log.atLevel(level).log(format, args);
    }

    public void info(Logger log, String source, String kind, String format, Object... args) {
        log(log, Level.INFO, source, kind, format, args);
    }

    public void warn(Logger log, String source, String kind, String format, Object... args) {
        log(log, Level.WARN, source, kind, format, args);
    }

    /**
     * A failure on a connection, in one line. What a client can cause (a cut request, a reset, garbage) is
     * logged as its class and quoted message without a trace; anything else is camgate's own bug, logged
     * at WARN with its stack trace, limited per bug rather than per source: the same trace from a thousand
     * addresses is one bug.
     */
    public void fault(Logger log, String source, String what, Throwable cause) {
        if (cause instanceof io.netty.util.internal.OutOfDirectMemoryError) {
            // Netty's buffer budget is spent (many clients sending big messages at once): that connection
            // fails, the rest go on. Not a bug, and not worth a trace; one line a minute says it happens.
            log(log, Level.WARN, "any client", "out of buffer memory",
                    "{}: {}: out of buffer memory ({}); lower limits.connections_per_ip or max_message_bytes, or give the JVM more memory",
                    source, what, cause.getMessage());
        } else if (Faults.isClients(cause)) {
            log(log, Faults.isPeerGone(cause) ? Level.DEBUG : Level.INFO, source, what,
                    "{}: {} ({})", source, what, Faults.describe(cause));
        } else {
            log(log, Level.WARN, "any client", "bug: " + what + ": " + cause.getClass().getName(),
                    "{}: {}: unexpected error (camgate's bug)", source, what, cause);
        }
    }

    private Entry entry(Key key, Logger log, Level level) {
        Entry e = entries.get(key);
        if (e != null) {
            return e;
        }
        if (entries.size() >= maxTracked) {
            key = new Key(OTHERS, key.kind());
        }
        return entries.computeIfAbsent(key, k -> new Entry(k, log, level));
    }

    /** Prints the summary of every minute that has ended, and forgets sources whose minute ended quietly. */
    public void sweep() {
        long now = nanos.getAsLong();
        entries.forEach((key, e) -> {
            synchronized (e) {
                if (now - e.windowStart >= MINUTE) {
                    e.flush(now);
                    entries.remove(key, e);
                }
            }
        });
    }

    int tracked() {
        return entries.size();
    }

    @Override
    public void close() {
        if (sweeper != null) {
            sweeper.cancel(false);
        }
    }

    private record Key(String source, String kind) {
    }

    /** One source and kind. Guarded by its own monitor. */
    private static final class Entry {
        final Key key;
        final Logger log;
        final Level level;
        long windowStart;
        boolean logged;
        int suppressed;

        Entry(Key key, Logger log, Level level) {
            this.key = key;
            this.log = log;
            this.level = level;
        }

        void flush(long now) {
            if (suppressed > 0 && now - windowStart >= MINUTE) {
                log.atLevel(level).log("{} more like this from {} in the last minute: {}", suppressed, key.source(), key.kind());
                suppressed = 0;
            }
        }
    }
}
