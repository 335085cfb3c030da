package dev.camgate.abuse;

import dev.camgate.config.LimitsConfig;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-address limits: open connections, registrations per second, and a growing delay once an address,
 * or a room id from all addresses, keeps failing. A signaling credential waits out that delay before it
 * is checked ({@link #beforeCheck}), so the right key is no faster than a wrong one; a login is refused
 * with 429 until it has passed ({@link #backoff}). The delay is also what stops a reconnect storm (Momo
 * with a wrong key reconnects at once after every reject, momo#204): the client waits on one idle socket,
 * so its attempt rate falls to one per delay. Logs at most once per minute per address.
 */
public final class AbuseGuard implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AbuseGuard.class);
    /** Enough addresses for any real home or office; a spray of more is not tracked, not remembered forever. */
    private static final int MAX_TRACKED = 100_000;
    private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);

    private final LimitsConfig limits;
    private final LongSupplier nanos;
    private final ConcurrentHashMap<InetAddress, Source> sources = new ConcurrentHashMap<>();
    /** Wrong credentials per room id from all addresses: a camera's key guessed from many addresses at once. */
    private final ConcurrentHashMap<String, Guesses> rooms = new ConcurrentHashMap<>();
    /** Stands in for every room id beyond MAX_TRACKED, so a spray of ids shares one back-off instead of none. */
    private final Guesses otherRooms = new Guesses();
    private final ScheduledFuture<?> sweeper;

    public AbuseGuard(LimitsConfig limits, ScheduledExecutorService timer) {
        this(limits, timer, System::nanoTime);
    }

    /** @param nanos the clock its limits are measured on (a test's own); {@code timer} may be null for no sweeping */
    public AbuseGuard(LimitsConfig limits, ScheduledExecutorService timer, LongSupplier nanos) {
        this.limits = limits;
        this.nanos = nanos;
        this.sweeper = timer == null ? null : timer.scheduleAtFixedRate(this::sweep, 1, 1, TimeUnit.MINUTES);
    }

    /** @return false if the address already holds as many connections as allowed (then close this one) */
    public boolean opened(InetAddress address) {
        Source s = source(address);
        if (s == null) {
            return true;
        }
        synchronized (s) {
            if (s.connections >= limits.connectionsPerIp()) {
                s.note(nanos.getAsLong(), address, "connections refused: already " + s.connections + " open (limits.connections_per_ip)");
                return false;
            }
            s.connections++;
            return true;
        }
    }

    public void closed(InetAddress address) {
        Source s = sources.get(address);
        if (s != null) {
            synchronized (s) {
                s.connections = Math.max(0, s.connections - 1);
            }
        }
    }

    /** A token bucket per address: {@code registrations_per_second}, with a burst of twice that. */
    public boolean mayRegister(InetAddress address) {
        Source s = source(address);
        if (s == null) {
            return true;
        }
        long now = nanos.getAsLong();
        synchronized (s) {
            int rate = limits.registrationsPerSecond();
            double capacity = 2.0 * rate;
            if (s.lastRefill == 0) {
                s.tokens = capacity;
            } else {
                s.tokens = Math.min(capacity, s.tokens + (now - s.lastRefill) / 1e9 * rate);
            }
            s.lastRefill = now;
            if (s.tokens >= 1) {
                s.tokens -= 1;
                return true;
            }
            s.note(now, address, "registrations refused: more than " + rate + " a second (limits.registrations_per_second)");
            return false;
        }
    }

    /**
     * Records a refused credential and returns how long to wait before answering it: nothing for the first
     * few, then 0.5 s doubling up to {@code max_backoff}. Failures are forgotten after a quiet period.
     */
    public Duration failed(InetAddress address, String what) {
        Source s = source(address);
        if (s == null) {
            return limits.maxBackoff();
        }
        long now = nanos.getAsLong();
        synchronized (s) {
            s.guesses.failed(now, forgetAfter());
            Duration delay = delayFor(s.guesses.failures);
            s.note(now, address, what + (delay.isZero() ? "" : "; answering after " + delay.toMillis() + " ms"));
            return delay;
        }
    }

    /** How long the address must wait before its next credential is even checked (failed-login backoff). */
    public Duration backoff(InetAddress address) {
        Source s = sources.get(address);
        if (s == null) {
            return Duration.ZERO;
        }
        synchronized (s) {
            long waited = nanos.getAsLong() - s.guesses.lastFailure;
            long due = delayFor(s.guesses.failures).toNanos() - waited;
            return due > 0 ? Duration.ofNanos(due) : Duration.ZERO;
        }
    }

    /**
     * A signaling credential (a camera key, a token in signalingKey) for {@code room} from {@code address}:
     * how long to wait before checking it, reserving that check; null if so many are already waiting that it
     * is to be refused unchecked. Past {@code failures_before_backoff} wrong ones from the address, or for
     * the room from all addresses, even the right key waits: it is checked only after the wait, so an
     * answer's timing never tells a right guess from a wrong one. Every room id is tracked alike, configured
     * or not, so the timing does not tell which ids are cameras either.
     */
    public Duration beforeCheck(InetAddress address, String room) {
        long now = nanos.getAsLong();
        long cap = limits.maxBackoff().toNanos();
        long fromAddress = 0;
        Source s = source(address);
        if (s != null) {
            synchronized (s) {
                fromAddress = s.guesses.reserve(now, delayFor(s.guesses.failures).toNanos(), cap);
                if (fromAddress < 0) {
                    s.note(now, address, "registration refused unchecked: more credentials waiting than one per back-off");
                    return null;
                }
            }
        }
        Guesses g = roomGuesses(room, false);
        if (g == null) {
            return Duration.ofNanos(fromAddress);
        }
        synchronized (g) {
            long forRoom = g.reserve(now, delayFor(g.failures).toNanos(), cap);
            return forRoom < 0 ? null : Duration.ofNanos(Math.max(fromAddress, forRoom));
        }
    }

    /** A refused signaling credential: it counts against the address and against the room, from anywhere. */
    public void failed(InetAddress address, String room, String what) {
        failed(address, what);
        Guesses g = roomGuesses(room, true);
        long now = nanos.getAsLong();
        synchronized (g) {
            g.failed(now, forgetAfter());
            // Once per streak, when the room starts backing off: the address lines say who, this says which room.
            // Tied to the count that starts the back-off, not to a later one, because past it guesses are spaced
            // out and a later count might not come for minutes.
            if (g.failures == limits.failuresBeforeBackoff() + 1) {
                LOG.warn("room '{}': {} wrong credentials from all addresses in a row; each further one waits its turn",
                        room.length() > 64 ? room.substring(0, 64) : room, g.failures);
            }
        }
    }

    private Guesses roomGuesses(String room, boolean create) {
        String key = room == null ? "" : room;
        Guesses g = rooms.get(key);
        if (g != null) {
            return g;
        }
        if (rooms.size() >= MAX_TRACKED) {
            return otherRooms;
        }
        return create ? rooms.computeIfAbsent(key, k -> new Guesses()) : null;
    }

    private Duration delayFor(int failures) {
        int over = failures - limits.failuresBeforeBackoff();
        if (over <= 0) {
            return Duration.ZERO;
        }
        long millis = 500L << Math.min(over - 1, 20);
        return millis >= limits.maxBackoff().toMillis() ? limits.maxBackoff() : Duration.ofMillis(millis);
    }

    private Source source(InetAddress address) {
        Source s = sources.get(address);
        if (s != null || sources.size() >= MAX_TRACKED) {
            return s;
        }
        return sources.computeIfAbsent(address, a -> new Source());
    }

    /** Summarises what each address did in the last minute and forgets addresses that went quiet. */
    void sweep() {
        long now = nanos.getAsLong();
        sources.forEach((address, s) -> {
            synchronized (s) {
                s.flush(now, address);
                boolean quiet = s.guesses.quietSince(now, forgetAfter()) && now - s.lastRefill > forgetAfter();
                if (s.connections == 0 && quiet && s.suppressed == 0) {
                    sources.remove(address, s);
                }
            }
        });
        rooms.forEach((room, g) -> {
            synchronized (g) {
                if (g.quietSince(now, forgetAfter())) {
                    rooms.remove(room, g);
                }
            }
        });
    }

    private long forgetAfter() {
        return 2 * Math.max(limits.maxBackoff().toNanos(), MINUTE);
    }

    int tracked() {
        return sources.size();
    }

    @Override
    public void close() {
        if (sweeper != null) {
            sweeper.cancel(false);
        }
    }

    /** What one address has done. Guarded by its own monitor. */
    private static final class Source {
        int connections;
        double tokens;
        long lastRefill;
        final Guesses guesses = new Guesses();
        long windowStart = Long.MIN_VALUE / 4;
        int suppressed;
        String lastWhat;

        /** The first event of a minute is logged; the rest are counted and summarised when the minute ends. */
        void note(long now, InetAddress address, String what) {
            if (now - windowStart >= MINUTE) {
                flush(now, address);
                windowStart = now;
                LOG.warn("{}: {} (further events from this address are summarised once a minute)", address.getHostAddress(), what);
            } else {
                suppressed++;
                lastWhat = what;
            }
        }

        void flush(long now, InetAddress address) {
            if (suppressed > 0 && now - windowStart >= MINUTE) {
                LOG.warn("{}: {} more in the last minute, latest: {}", address.getHostAddress(), suppressed, lastWhat);
                suppressed = 0;
            }
        }
    }
}
