package dev.camgate.http;

import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many connections the port holds in all, against one limit below the process's open-files limit: the
 * descriptors above it stay free for camera dials, recordings, the state directory and the admin, and the
 * acceptor never meets EMFILE (which Netty answers with a stack trace a second).
 */
final class OpenConnections {
    private static final Logger LOG = LoggerFactory.getLogger(OpenConnections.class);
    private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);

    private final int limit;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong lastLog = new AtomicLong(System.nanoTime() - MINUTE);

    /** @param configured limits.max_connections; 0 = from the open-files limit */
    OpenConnections(int configured) {
        this.limit = configured > 0 ? configured : automatic(openFilesLimit());
    }

    static int automatic(long openFiles) {
        long reserve = Math.min(1024, Math.max(64, openFiles / 8));
        return (int) Math.max(16, Math.min(Integer.MAX_VALUE, openFiles - reserve));
    }

    private static long openFilesLimit() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            return unix.getMaxFileDescriptorCount();
        }
        return 4096;
    }

    int limit() {
        return limit;
    }

    int open() {
        return open.get();
    }

    /** @return false when the port is full: then refuse this connection */
    boolean tryOpen() {
        if (open.incrementAndGet() <= limit) {
            return true;
        }
        open.decrementAndGet();
        long n = refused.incrementAndGet();
        long now = System.nanoTime();
        long last = lastLog.get();
        if (now - last >= MINUTE && lastLog.compareAndSet(last, now)) {
            LOG.warn("{} connections open, the limit (limits.max_connections): refusing new ones; {} refused so far", limit, n);
        }
        return false;
    }

    void closed() {
        open.decrementAndGet();
    }
}
