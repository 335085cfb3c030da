package dev.camgate.bench;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.ResourceLeakDetector;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Drives any Ayame-compatible server (or a PeerJS server) over WebSocket and measures its relay: one-way
 * latency B → hub → A at a fixed aggregate rate (open loop), or the most messages per second it relays
 * (closed loop). Both ends live in this JVM, so one clock times them. Bounded by --seconds.
 *
 * <p>All sending runs on the client's event loop, so the load generator adds as little CPU and jitter of
 * its own as it can: on a box where it shares the machine with the server, its cost shows in the figures.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, subcommands = {MediaBenchCommand.class, RecordingBenchCommand.class},
        description = "Measures relay latency or throughput of a running camgate (or any Ayame-compatible server, or a PeerJS server).")
public final class BenchCommand implements Callable<Integer> {
    @Option(names = "--url", defaultValue = "ws://127.0.0.1:41337/signaling",
            description = "signaling URL (default ${DEFAULT-VALUE}); for PeerJS the server's WebSocket path, e.g. ws://127.0.0.1:9000/peerjs")
    URI url;

    @Option(names = "--protocol", defaultValue = "ayame",
            description = "ayame, or peerjs (the PeerJS server, npm peer) (default ${DEFAULT-VALUE})")
    String protocolName;

    @Option(names = "--key", defaultValue = "${env:CAMGATE_BENCH_KEY}",
            description = "Ayame: token sent as signalingKey: camgate's admin token, or any token with the publish right (env CAMGATE_BENCH_KEY); "
                    + "PeerJS: the server's key (default peerjs)")
    String key;

    @Option(names = "--mode", defaultValue = "latency",
            description = "latency (open loop), throughput (closed loop), register (register → accept), or idle (hold --pairs registered pairs)")
    String mode;

    @Option(names = "--concurrency", defaultValue = "1", description = "register mode: registrations in flight at once (default ${DEFAULT-VALUE})")
    int concurrency;

    @Option(names = "--count", defaultValue = "1000", description = "register mode: registrations in all (default ${DEFAULT-VALUE})")
    int count;

    @Option(names = "--pairs", defaultValue = "100", description = "room pairs (default ${DEFAULT-VALUE})")
    int pairs;

    @Option(names = "--size", defaultValue = "4096", description = "message size in bytes (default ${DEFAULT-VALUE})")
    int size;

    @Option(names = "--rate", defaultValue = "1000", description = "latency mode: messages per second, all pairs together")
    int rate;

    @Option(names = "--window", defaultValue = "8", description = "throughput mode: messages in flight per pair")
    int window;

    @Option(names = "--seconds", defaultValue = "10", description = "measured time (default ${DEFAULT-VALUE})")
    int seconds;

    @Option(names = "--warmup", defaultValue = "3", description = "seconds of the same load before measuring, so both JITs are warm (default ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--threads", defaultValue = "1",
            description = "client event-loop threads (default ${DEFAULT-VALUE}); with one, every send is a direct write")
    int threads;

    private BenchProtocol protocol;
    /** Tells this run's peers from any left over on the server. */
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Override
    public Integer call() throws Exception {
        if (pairs < 1 || pairs > 50_000 || size < 64 || size > 1 << 20 || seconds < 1 || seconds > 600
                || concurrency < 1 || concurrency > 1000 || count < 1 || count > 100_000 || rate < 1 || rate > 1_000_000) {
            System.err.println("bench: pairs 1-50000, size 64-1048576, seconds 1-600, concurrency 1-1000, count 1-100000, rate 1-1000000");
            return 2;
        }
        try {
            protocol = BenchProtocol.valueOf(protocolName.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            System.err.println("bench: --protocol is ayame or peerjs");
            return 2;
        }
        int minSize = protocol.minSize(room("", pairs - 1), 1);
        if (size < minSize) {
            System.err.println("bench: --size must be at least " + minSize + " for " + protocolName);
            return 2;
        }
        if (System.getProperty("io.netty.leakDetection.level") == null) {
            // The leak detector takes a stack trace of every 128th buffer: client CPU that is no part of the relay.
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        }
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory());
        try {
            if (mode.equals("register")) {
                System.out.printf(Locale.ROOT, "register concurrency=%d %s%n", concurrency, register(group));
                return 0;
            }
            if (mode.equals("idle")) {
                return idle(group);
            }
            List<BenchClient[]> rooms = open(group);
            if (warmup > 0) {
                int measured = seconds;
                seconds = warmup;
                String ignored = mode.equals("throughput") ? throughput(rooms) : latency(rooms);
                seconds = measured;
            }
            long cpuBefore = processCpuNanos();
            long wallBefore = System.nanoTime();
            String result = mode.equals("throughput") ? throughput(rooms) : latency(rooms);
            double cpu = (processCpuNanos() - cpuBefore) * 100.0 / (System.nanoTime() - wallBefore);
            System.out.printf(Locale.ROOT, "%s pairs=%d size=%d %s client_cpu=%.0f%%%n", mode, pairs, size, result, cpu);
            return 0;
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /** register → accept, {@code count} times, {@code concurrency} at once; each in a room of its own, then closed. */
    private String register(EventLoopGroup group) throws Exception {
        long[] took = new long[count];
        java.util.concurrent.Semaphore slots = new java.util.concurrent.Semaphore(concurrency);
        AtomicInteger done = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        java.util.concurrent.CountDownLatch all = new java.util.concurrent.CountDownLatch(count);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds + 60L);
        for (int i = 0; i < count && System.nanoTime() < deadline; i++) {
            slots.acquire();
            connect(group, room("reg-", i), 0, null).whenComplete((c, e) -> {
                if (e != null) {
                    failed.incrementAndGet();
                    slots.release();
                    all.countDown();
                    return;
                }
                c.accepted.whenComplete((text, rejected) -> {
                    if (rejected == null) {
                        took[done.getAndIncrement()] = c.acceptedNanos - c.registerSentNanos;
                    } else {
                        failed.incrementAndGet();
                    }
                    c.channel.close();
                    slots.release();
                    all.countDown();
                });
            });
        }
        all.await(Math.max(1, (deadline - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS);
        long[] got = Arrays.copyOf(took, done.get());
        Arrays.sort(got);
        return String.format(Locale.ROOT, "accepted=%d failed=%d p50=%.3fms p99=%.3fms max=%.3fms",
                got.length, failed.get(), pct(got, 50), pct(got, 99), got.length == 0 ? 0 : got[got.length - 1] / 1e6);
    }

    /**
     * Opens {@code pairs} registered pairs from many loopback source addresses (one address has only ~28k
     * ports), prints "holding N connections", holds them for --seconds kept alive, then closes them.
     * Memory is read from outside (bench/run reads the hub's RSS and heap while this holds).
     */
    private int idle(EventLoopGroup group) throws Exception {
        boolean loopback = java.net.InetAddress.getByName(url.getHost()).isLoopbackAddress();
        List<BenchClient> all = new ArrayList<>();
        long start = System.nanoTime();
        int inFlight = 200;
        java.util.concurrent.Semaphore slots = new java.util.concurrent.Semaphore(inFlight);
        java.util.concurrent.ConcurrentLinkedQueue<BenchClient> open = new java.util.concurrent.ConcurrentLinkedQueue<>();
        AtomicInteger failed = new AtomicInteger();
        for (int i = 0; i < 2 * pairs; i++) {
            // 127.0.1.x, a new address every 10,000 connections
            java.net.InetAddress source = loopback ? java.net.InetAddress.getByAddress(new byte[] {127, 0, 1, (byte) (1 + i / 10_000)}) : null;
            slots.acquire();
            connect(group, room("idle-", i / 2), i % 2, source).whenComplete((c, e) -> {
                if (e != null) {
                    failed.incrementAndGet();
                    slots.release();
                    return;
                }
                c.accepted.whenComplete((text, rejected) -> {
                    if (rejected == null) {
                        open.add(c);
                    } else {
                        failed.incrementAndGet();
                        c.channel.close();
                    }
                    slots.release();
                });
            });
        }
        slots.acquire(inFlight);
        double openSeconds = (System.nanoTime() - start) / 1e9;
        all.addAll(open);
        System.out.printf(Locale.ROOT, "holding %d connections (failed=%d) opened in %.1f s%n", all.size(), failed.get(), openSeconds);
        System.out.flush();
        Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
        long alive = all.stream().filter(c -> c.channel.isActive()).count();
        System.out.printf(Locale.ROOT, "idle pairs=%d connections=%d still_open=%d open_seconds=%.1f%n", pairs, all.size(), alive, openSeconds);
        all.forEach(c -> c.channel.close());
        return failed.get() == 0 ? 0 : 1;
    }

    private List<BenchClient[]> open(EventLoopGroup group) throws Exception {
        List<BenchClient[]> rooms = new ArrayList<>();
        for (int i = 0; i < pairs; i++) {
            BenchClient a = connect(group, room("", i), 0, null).get(10, TimeUnit.SECONDS);
            a.accepted.get(10, TimeUnit.SECONDS);
            BenchClient b = connect(group, room("", i), 1, null).get(10, TimeUnit.SECONDS);
            b.accepted.get(10, TimeUnit.SECONDS);
            rooms.add(new BenchClient[] {a, b});
        }
        return rooms;
    }

    private String room(String kind, int i) {
        return "bench-" + kind + run + "-" + i;
    }

    private java.util.concurrent.CompletableFuture<BenchClient> connect(EventLoopGroup group, String room, int side,
                                                                        java.net.InetAddress source) {
        return BenchClient.connect(group, protocol, url, room, side, key, run, source);
    }

    private String latency(List<BenchClient[]> rooms) throws Exception {
        long total = Math.min((long) rate * seconds, 2_000_000);
        long[] samples = new long[(int) total];
        AtomicInteger received = new AtomicInteger();
        for (BenchClient[] r : rooms) {
            r[0].onMessage = stamp -> {
                long took = BenchClient.now() - stamp;
                int i = received.getAndIncrement();
                if (i < samples.length) {
                    samples[i] = took;
                }
            };
        }
        // The ticker runs on the senders' event loop (with --threads 1 every channel's), so each send is a
        // direct write, not a task handed to the loop with a wake-up. It counts what is due from the time
        // elapsed, not from ticks: a late tick sends the backlog, so a stall cannot quietly lower the rate.
        EventLoop loop = rooms.get(0)[1].channel.eventLoop();
        long[] sent = {0};   // only touched on loop
        long start = System.nanoTime();
        ScheduledFuture<?> ticker = loop.scheduleAtFixedRate(() -> {
            long due = Math.min(total, (System.nanoTime() - start) * rate / 1_000_000_000L);
            for (; sent[0] < due; sent[0]++) {
                rooms.get((int) (sent[0] % rooms.size()))[1].send(size, BenchClient.now());
            }
        }, 0, 1, TimeUnit.MILLISECONDS);
        long deadline = start + TimeUnit.SECONDS.toNanos(seconds + 10L);
        while (received.get() < total && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        ticker.cancel(false);
        int n = Math.min(received.get(), samples.length);
        long[] got = Arrays.copyOf(samples, n);
        Arrays.sort(got);
        return String.format(Locale.ROOT, "rate=%d/s received=%d/%d p50=%.3fms p99=%.3fms p99.9=%.3fms max=%.3fms",
                rate, n, total, pct(got, 50), pct(got, 99), pct(got, 99.9), n == 0 ? 0 : got[n - 1] / 1e6);
    }

    private String throughput(List<BenchClient[]> rooms) throws Exception {
        AtomicLong received = new AtomicLong();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        for (BenchClient[] r : rooms) {
            BenchClient sender = r[1];
            r[0].onMessage = stamp -> {
                received.incrementAndGet();
                if (System.nanoTime() < end) {
                    sender.write(size, 0);
                }
            };
            // One write to the socket for all that one read brought back, not one per message: otherwise the
            // client pays a system call per message, as the hub does, and on one core it saturates first.
            // A hub that is the limit sees its input batched like this anyway, queued in its socket buffers.
            r[0].onReadDone = sender::flush;
        }
        long warm = received.get();
        long start = System.nanoTime();
        for (BenchClient[] r : rooms) {
            BenchClient sender = r[1];
            // On the sender's loop, like every later send: direct writes.
            sender.channel.eventLoop().execute(() -> {
                for (int i = 0; i < window; i++) {
                    sender.write(size, 0);
                }
                sender.flush();
            });
        }
        while (System.nanoTime() < end) {
            Thread.sleep(50);
        }
        double secs = (System.nanoTime() - start) / 1e9;
        return String.format(Locale.ROOT, "window=%d relayed=%d msgs_per_s=%.0f", window, received.get() - warm,
                (received.get() - warm) / secs);
    }

    private static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.min(sorted.length - 1, Math.ceil(p / 100 * sorted.length) - 1);
        return sorted[Math.max(0, i)] / 1e6;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

}
