package dev.camgate.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sessions that are still valid, by the id inside each signed cookie: a cookie whose id is not here is
 * logged out, whatever its signature says. Kept in memory and in the state directory (mode 600), so a
 * restart does not bring a logged-out cookie back; written on a thread of its own, never an event loop.
 * Open sockets register under their session's id and are told when it ends (logout, expiry, revoke all):
 * one sweep a second for the whole store, no timer per socket.
 */
public final class Sessions implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Sessions.class);
    /** Far more than one home's browsers; beyond it the session closest to expiry makes room. */
    static final int MAX_SESSIONS = 10_000;
    public static final String ENDED = "your session ended: log in again";

    private final Map<String, Long> expiresById = new ConcurrentHashMap<>();
    private final Map<String, Set<Consumer<String>>> watchers = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Path file;
    private final ScheduledExecutorService worker;
    private final AtomicBoolean writePending = new AtomicBoolean();

    private Sessions(Clock clock, Path file) {
        this.clock = clock;
        this.file = file;
        this.worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "camgate-sessions");
            t.setDaemon(true);
            return t;
        });
        worker.scheduleWithFixedDelay(this::expire, 1, 1, TimeUnit.SECONDS);
    }

    /** The store persisted in {@code file} (read now, expired sessions dropped); null: memory only. */
    static Sessions open(Clock clock, Path file) {
        Sessions s = new Sessions(clock, file);
        if (file != null && Files.exists(file)) {
            try {
                long now = clock.instant().getEpochSecond();
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    String[] parts = line.strip().split(" ");
                    if (parts.length == 2 && parts[0].matches("[A-Za-z0-9_-]{1,64}") && parts[1].matches("\\d{1,12}")
                            && Long.parseLong(parts[1]) > now && s.expiresById.size() < MAX_SESSIONS) {
                        s.expiresById.put(parts[0], Long.parseLong(parts[1]));
                    }
                }
            } catch (IOException e) {
                // Unreadable: everybody logs in again, which is the safe way to be wrong.
                LOG.warn("cannot read {} ({}): every session is logged out", file, e.getMessage());
            }
        }
        return s;
    }

    /** A new session until {@code expiresEpochSecond}; its id goes into the cookie. */
    String open(long expiresEpochSecond) {
        if (expiresById.size() >= MAX_SESSIONS) {
            expiresById.entrySet().stream().min(Map.Entry.comparingByValue()).ifPresent(oldest -> end(oldest.getKey()));
        }
        String id = Tokens.random();
        expiresById.put(id, expiresEpochSecond);
        persist();
        return id;
    }

    boolean live(String id) {
        Long expires = id == null ? null : expiresById.get(id);
        return expires != null && clock.instant().getEpochSecond() < expires;
    }

    /** Logs this session out, here and in every socket it opened. */
    public void revoke(String id) {
        if (id != null && expiresById.containsKey(id)) {
            end(id);
            persist();
        }
    }

    /** Logs everybody out (the admin's "log out everywhere"). */
    public void revokeAll() {
        new ArrayList<>(expiresById.keySet()).forEach(this::end);
        persist();
    }

    /**
     * Calls {@code ended} with {@link #ENDED} once the session ends (at once if it already has). Close the
     * result when the socket closes.
     */
    public AutoCloseable watch(String id, Consumer<String> ended) {
        watchers.computeIfAbsent(id, k -> ConcurrentHashMap.newKeySet()).add(ended);
        AutoCloseable stop = () -> watchers.computeIfPresent(id, (k, set) -> {
            set.remove(ended);
            return set.isEmpty() ? null : set;
        });
        if (!live(id)) {
            notifyEnded(id); // it ended between the request's check and this registration
        }
        return stop;
    }

    public int size() {
        return expiresById.size();
    }

    /** Ends what has expired; runs once a second on the store's own thread. */
    void expire() {
        long now = clock.instant().getEpochSecond();
        List<String> due = new ArrayList<>();
        expiresById.forEach((id, expires) -> {
            if (expires <= now) {
                due.add(id);
            }
        });
        if (!due.isEmpty()) {
            due.forEach(this::end);
            persist();
        }
    }

    private void end(String id) {
        expiresById.remove(id);
        notifyEnded(id);
    }

    private void notifyEnded(String id) {
        Set<Consumer<String>> set = watchers.remove(id);
        if (set != null) {
            for (Consumer<String> w : set) {
                try {
                    w.accept(ENDED);
                } catch (RuntimeException e) {
                    LOG.warn("closing a socket of an ended session failed", e);
                }
            }
        }
    }

    /** Writes soon, once for any number of changes meanwhile. */
    private void persist() {
        if (file != null && writePending.compareAndSet(false, true)) {
            try {
                worker.execute(this::write);
            } catch (java.util.concurrent.RejectedExecutionException closed) {
                writePending.set(false);
            }
        }
    }

    private void write() {
        writePending.set(false);
        StringBuilder text = new StringBuilder();
        expiresById.forEach((id, expires) -> text.append(id).append(' ').append(expires).append('\n'));
        try {
            Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".new");
            StateDir.trySetMode(tmp, "rw-------");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            LOG.warn("cannot write {}: {} (a restart would log out sessions opened since)", file, e.getMessage());
        }
    }

    /** Writes what is pending, then stops the store's thread. */
    @Override
    public void close() {
        worker.shutdown();
        try {
            worker.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
