package dev.camgate.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Drives any Ayame-compatible server over WebSocket and measures its relay: one-way latency A → hub → B at a
 * fixed aggregate rate (open loop), or the most messages per second it relays (closed loop). Both ends
 * live in this JVM, so one clock times them. Bounded by --seconds and by --max-messages.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measures relay latency or throughput of a running camgate (or any Ayame-compatible server).")
public final class BenchCommand implements Callable<Integer> {
    private static final String PREFIX = "{\"type\":\"offer\",\"sdp\":\"";

    @Option(names = "--url", defaultValue = "ws://127.0.0.1:41337/signaling", description = "signaling URL (default ${DEFAULT-VALUE})")
    URI url;

    @Option(names = "--key", defaultValue = "${env:CAMGATE_BENCH_KEY}",
            description = "token sent as signalingKey: camgate's admin token, or any token with the publish right (env CAMGATE_BENCH_KEY)")
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

    @Option(names = "--threads", defaultValue = "1", description = "client event-loop threads (default ${DEFAULT-VALUE})")
    int threads;

    @Override
    public Integer call() throws Exception {
        if (pairs < 1 || pairs > 50_000 || size < 64 || size > 1 << 20 || seconds < 1 || seconds > 600
                || concurrency < 1 || concurrency > 1000 || count < 1 || count > 100_000) {
            System.err.println("bench: pairs 1-50000, size 64-1048576, seconds 1-600, concurrency 1-1000, count 1-100000");
            return 2;
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
        String run = UUID.randomUUID().toString().substring(0, 8);
        long[] took = new long[count];
        java.util.concurrent.Semaphore slots = new java.util.concurrent.Semaphore(concurrency);
        AtomicInteger done = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        java.util.concurrent.CountDownLatch all = new java.util.concurrent.CountDownLatch(count);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds + 60L);
        for (int i = 0; i < count && System.nanoTime() < deadline; i++) {
            slots.acquire();
            BenchClient.connect(group, url, "bench-reg-" + run + "-" + i, key).whenComplete((c, e) -> {
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
     * ports), prints "holding N connections", holds them for --seconds answering pings, then closes them.
     * Memory is read from outside (bench/run reads the hub's RSS and heap while this holds).
     */
    private int idle(EventLoopGroup group) throws Exception {
        boolean loopback = java.net.InetAddress.getByName(url.getHost()).isLoopbackAddress();
        String run = UUID.randomUUID().toString().substring(0, 8);
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
            BenchClient.connect(group, url, "bench-idle-" + run + "-" + (i / 2), key, source).whenComplete((c, e) -> {
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
        String run = UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < pairs; i++) {
            String room = "bench-" + run + "-" + i;
            BenchClient a = BenchClient.connect(group, url, room, key).get(10, TimeUnit.SECONDS);
            a.accepted.get(10, TimeUnit.SECONDS);
            BenchClient b = BenchClient.connect(group, url, room, key).get(10, TimeUnit.SECONDS);
            b.accepted.get(10, TimeUnit.SECONDS);
            rooms.add(new BenchClient[] {a, b});
        }
        return rooms;
    }

    /** A message of exactly {@code size} bytes whose sdp starts with the send time. */
    private ByteBuf message(long sentNanos) {
        byte[] m = new byte[size];
        Arrays.fill(m, (byte) 'x');
        byte[] head = (PREFIX + String.format(Locale.ROOT, "%020d", sentNanos)).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(head, 0, m, 0, head.length);
        m[size - 2] = '"';
        m[size - 1] = '}';
        return Unpooled.wrappedBuffer(m);
    }

    private static long sentAt(ByteBuf msg) {
        return Long.parseLong(msg.toString(msg.readerIndex() + PREFIX.length(), 20, StandardCharsets.US_ASCII));
    }

    private String latency(List<BenchClient[]> rooms) throws Exception {
        long total = Math.min((long) rate * seconds, 2_000_000);
        long[] samples = new long[(int) total];
        AtomicInteger received = new AtomicInteger();
        for (BenchClient[] r : rooms) {
            r[0].onMessage = msg -> {
                long took = System.nanoTime() - sentAt(msg);
                int i = received.getAndIncrement();
                if (i < samples.length) {
                    samples[i] = took;
                }
            };
        }
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        AtomicLong sent = new AtomicLong();
        long start = System.nanoTime();
        ticker.scheduleAtFixedRate(() -> {
            long due = Math.min(total, (System.nanoTime() - start) * rate / 1_000_000_000L);
            while (sent.get() < due) {
                long n = sent.getAndIncrement();
                rooms.get((int) (n % rooms.size()))[1].send(message(System.nanoTime()));
            }
        }, 0, 1, TimeUnit.MILLISECONDS);
        long deadline = start + TimeUnit.SECONDS.toNanos(seconds + 10L);
        while (received.get() < total && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        ticker.shutdownNow();
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
            r[0].onMessage = msg -> {
                received.incrementAndGet();
                if (System.nanoTime() < end) {
                    sender.send(message(0));
                }
            };
        }
        long warm = received.get();
        long start = System.nanoTime();
        for (BenchClient[] r : rooms) {
            for (int i = 0; i < window; i++) {
                r[1].send(message(0));
            }
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
