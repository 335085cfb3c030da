package dev.camgate.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;

/**
 * The media bench's one packet thread: every UDP socket of the synthetic camera and of all viewers sits on
 * one selector, read into one buffer, so the load generator costs one core however many viewers it plays.
 * Work from other threads (signaling, DTLS) is handed over with {@link #execute}. Nothing is allocated per
 * packet here: a datagram from the address it came from last reuses the JDK's cached sender address.
 */
final class MediaLoop implements AutoCloseable {
    /** What owns a socket: told of every datagram and given a look every {@link #TICK_NANOS}. */
    interface Endpoint {
        void received(byte[] buf, int len, SocketAddress from, long now);

        void tick(long now);
    }

    /** Timers (receiver reports, consent checks) are coarse: a look at every endpoint this often is enough. */
    static final long TICK_NANOS = 20_000_000L;

    private final Selector selector;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final List<Endpoint> endpoints = new ArrayList<>();
    private final byte[] buf = new byte[4096];
    private final ByteBuffer bb = ByteBuffer.wrap(buf);
    private final Thread thread;
    /** The camera: called as often as the loop turns, it says when it next wants to be called. */
    private volatile Pacer pacer;
    private volatile boolean stop;
    private long nextTick;

    interface Pacer {
        /** Sends what is due and returns when it next wants to run (System.nanoTime). */
        long run(long now);
    }

    MediaLoop() throws IOException {
        selector = Selector.open();
        thread = Thread.ofPlatform().name("bench-media").daemon().start(this::loop);
    }

    boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    void execute(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    <T> CompletableFuture<T> submit(Supplier<T> task) {
        CompletableFuture<T> f = new CompletableFuture<>();
        execute(() -> {
            try {
                f.complete(task.get());
            } catch (RuntimeException e) {
                f.completeExceptionally(e);
            }
        });
        return f;
    }

    void pacer(Pacer p) {
        pacer = p;
        selector.wakeup();
    }

    /** A non-blocking UDP socket bound to {@code local}, read by {@code endpoint} on this loop. */
    DatagramChannel open(InetSocketAddress local, Endpoint endpoint) {
        try {
            DatagramChannel ch = DatagramChannel.open();
            ch.setOption(java.net.StandardSocketOptions.SO_RCVBUF, 1 << 20);
            ch.bind(local);
            ch.configureBlocking(false);
            execute(() -> {
                try {
                    ch.register(selector, SelectionKey.OP_READ, endpoint);
                    endpoints.add(endpoint);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            return ch;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** On the loop: forget a socket's endpoint (the socket itself is closed by its owner). */
    void remove(Endpoint endpoint) {
        endpoints.remove(endpoint);
    }

    private void loop() {
        while (!stop) {
            try {
                long now = System.nanoTime();
                Runnable t;
                while ((t = tasks.poll()) != null) {
                    t.run();
                }
                long due = Long.MAX_VALUE;
                Pacer p = pacer;
                if (p != null) {
                    due = p.run(now);
                }
                if (now >= nextTick) {
                    nextTick = now + TICK_NANOS;
                    for (int i = 0; i < endpoints.size(); i++) {
                        endpoints.get(i).tick(now);
                    }
                }
                due = Math.min(due, nextTick);
                long wait = due - System.nanoTime();
                int ready = wait <= 100_000 ? selector.selectNow() : selector.select(Math.max(1, wait / 1_000_000));
                if (ready > 0) {
                    read();
                }
            } catch (IOException | RuntimeException e) {
                if (!stop) {
                    System.err.println("bench media loop: " + e);
                }
            }
        }
    }

    private void read() throws IOException {
        Iterator<SelectionKey> it = selector.selectedKeys().iterator();
        while (it.hasNext()) {
            SelectionKey key = it.next();
            it.remove();
            if (!key.isValid()) {
                continue;
            }
            DatagramChannel ch = (DatagramChannel) key.channel();
            Endpoint ep = (Endpoint) key.attachment();
            // A few datagrams per socket per turn, so one busy socket cannot starve the camera's pacing.
            for (int i = 0; i < 16; i++) {
                bb.clear();
                SocketAddress from;
                try {
                    from = ch.receive(bb);
                } catch (IOException e) {
                    break; // e.g. ICMP port unreachable reported on a connected socket
                }
                if (from == null) {
                    break;
                }
                ep.received(buf, bb.position(), from, System.nanoTime());
            }
        }
    }

    @Override
    public void close() {
        stop = true;
        selector.wakeup();
        try {
            thread.join(2000);
            selector.close();
        } catch (IOException | InterruptedException e) {
            // closing down
        }
    }
}
