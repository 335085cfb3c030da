package dev.camgate.bench;

import dev.camgate.media.dtls.HubCertificate;
import dev.camgate.media.srtp.SrtpSession;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code camgate bench media}: one synthetic 2 Mbit/s H.264 camera and N WebRTC viewers in this process, on
 * one packet thread, against camgate (a relayed browser camera), against Janus's Streaming plugin, or with no
 * hub at all (the camera sends to one viewer directly: the baseline the hubs' delay is compared with).
 * Viewers are added in steps; at each step it measures loss (against the camera's packet indexes), one-way
 * delay, and the hub's CPU and RSS from /proc. One line per step. Bounded by the steps and --seconds.
 */
@Command(name = "media", mixinStandardHelpOptions = true,
        description = "Relays one synthetic 2 Mbit/s H.264 camera to N WebRTC viewers through camgate or Janus and measures loss, delay, CPU and memory.")
public final class MediaBenchCommand implements Callable<Integer> {
    @Option(names = "--target", defaultValue = "camgate", description = "camgate, janus, or direct (no hub: the baseline)")
    String target;

    @Option(names = "--label", description = "the name printed for the target (default: the target)")
    String label;

    @Option(names = "--url", defaultValue = "ws://127.0.0.1:41337/signaling", description = "camgate's signaling URL")
    URI url;

    @Option(names = "--camera", defaultValue = "bench", description = "camgate: the relayed browser camera's id")
    String camera;

    @Option(names = "--camera-key", defaultValue = "bench-camera-key", description = "camgate: that camera's key")
    String cameraKey;

    @Option(names = "--key", description = "camgate: signalingKey for viewers (a hub with auth on)")
    String key;

    @Option(names = "--janus", defaultValue = "http://127.0.0.1:8088/janus", description = "Janus's HTTP API")
    URI janus;

    @Option(names = "--mountpoint", defaultValue = "1", description = "Janus: the Streaming mountpoint id")
    int mountpoint;

    @Option(names = "--rtp", defaultValue = "127.0.0.1:5004", description = "Janus: where the mountpoint takes plain RTP")
    String rtp;

    @Option(names = "--bind", defaultValue = "127.0.0.1", description = "local address of the bench's UDP sockets")
    String bind;

    @Option(names = "--steps", defaultValue = "100,250,500,1000", split = ",", description = "viewer counts, in order")
    List<Integer> steps;

    @Option(names = "--seconds", defaultValue = "20", description = "measured seconds per step")
    int seconds;

    @Option(names = "--warmup", defaultValue = "3", description = "seconds between the last viewer joining and measuring")
    int warmup;

    @Option(names = "--hub-pid", description = "the hub's process id: its CPU and RSS are read from /proc")
    Integer hubPid;

    @Option(names = "--hub-heap", description = "the hub is a JVM: after each step, read its live heap after a full GC (jcmd)")
    boolean hubHeap;

    @Option(names = "--verify-every", defaultValue = "1", description = "decrypt every n-th packet (1: all)")
    int verifyEvery;

    @Option(names = "--setup-concurrency", defaultValue = "8", description = "viewers being set up at once")
    int concurrency;

    @Option(names = "--setup-seconds", defaultValue = "60", description = "most seconds to wait for a step's viewers; later ones count as failed")
    int setupSeconds;

    @Option(names = "--stop-loss", defaultValue = "5", description = "stop adding steps after one with more loss than this, percent")
    double stopLoss;

    /** Figures of one step, for callers (the test) as well as the printed line. */
    public record Step(int viewers, int live, int undecryptable, long expected, long received, double lossPct, double p50, double p99,
                       double p999, double max, double hubCpuPct, double hubUserPct, long hubRssKib, double rssPerViewerKib,
                       double clientCpuPct, long authFailures, double clientLagMaxMs, long lateSends, long sent) {
        String line(String target) {
            return String.format(Locale.ROOT, "media target=%s viewers=%d live=%d undecryptable=%d loss_pct=%.4f delay_ms_p50=%.3f p99=%.3f p999=%.3f "
                            + "max=%.3f hub_cpu_pct=%.1f hub_user_pct=%.1f hub_cpu_pct_per_viewer=%.4f hub_rss_kib=%d rss_per_viewer_kib=%.1f "
                            + "client_cpu_pct=%.0f client_lag_max_ms=%.1f client_late_sends=%d/%d packets=%d/%d auth_failures=%d",
                    target, viewers, live, undecryptable, lossPct, p50, p99, p999, max, hubCpuPct, hubUserPct,
                    viewers == 0 ? 0 : hubCpuPct / viewers, hubRssKib, rssPerViewerKib, clientCpuPct, clientLagMaxMs, lateSends, sent,
                    received, expected, authFailures);
        }
    }

    private long heapAtZero;

    /** Collected results when run from code. */
    public final List<Step> results = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        if (seconds < 1 || seconds > 200 || steps.isEmpty() || steps.stream().anyMatch(n -> n < 1 || n > 20_000)
                || verifyEvery < 1 || concurrency < 1 || concurrency > 256) {
            System.err.println("bench media: seconds 1-200 (a window must stay under 65,536 packets), steps 1-20000, verify-every >= 1, setup-concurrency 1-256");
            return 2;
        }
        SrtpSession.warmUp();
        InetAddress local = InetAddress.getByName(bind);
        HubCertificate cert = HubCertificate.generate();
        ExecutorService dtls = Executors.newVirtualThreadPerTaskExecutor();
        HttpClient http = HttpClient.newBuilder().connectTimeout(java.time.Duration.ofSeconds(10)).build();
        Measure measure = new Measure();
        List<BenchViewer> viewers = new ArrayList<>();
        List<AutoCloseable> closers = java.util.Collections.synchronizedList(new ArrayList<>());
        boolean plain = target.equals("direct");
        try (MediaLoop loop = new MediaLoop()) {
            SyntheticCamera cam = new SyntheticCamera(loop, new InetSocketAddress(local, 0), plain || target.equals("janus"),
                    SyntheticCamera.PT_DEFAULT, cert, dtls);
            closers.add(cam::close);
            JanusApi janusApi = null;
            AtomicReference<Exception> cameraFailure = new AtomicReference<>();
            switch (target) {
                case "camgate" -> closers.add(startCamgateCamera(http, cam, cert, cameraFailure));
                case "janus" -> {
                    String[] hp = rtp.split(":");
                    cam.sendPlainTo(new InetSocketAddress(hp[0], Integer.parseInt(hp[1])));
                    janusApi = new JanusApi(http, janus);
                    closers.add(janusApi);
                }
                case "direct" -> {
                    steps = List.of(1);
                }
                default -> {
                    System.err.println("bench media: --target is camgate, janus or direct");
                    return 2;
                }
            }
            long rss0 = hubPid == null ? 0 : rssKib(hubPid);
            heapAtZero = hubHeap && hubPid != null ? liveHeapKib(hubPid) : 0;
            System.out.printf(Locale.ROOT, "media target=%s viewers=0 hub_rss_kib=%d native_srtp=%s%s%n", label != null ? label : target, rss0,
                    SrtpSession.nativeCrypto(), BenchViewer.DEBUG ? " camera_ssrc=" + cam.ssrc + " camera_port=" + cam.localPort() : "");
            for (int n : steps) {
                int add = n - viewers.size();
                long t0 = System.nanoTime();
                AtomicInteger failed = new AtomicInteger();
                Semaphore slots = new Semaphore(concurrency);
                List<Thread> setups = new ArrayList<>();
                AtomicReference<String> firstError = new AtomicReference<>();
                // A hub that cannot take more viewers can make each setup wait its full timeout: bound the step.
                long setupEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(setupSeconds);
                for (int i = 0; i < add; i++) {
                    if (!slots.tryAcquire(Math.max(0, setupEnd - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                        break; // out of time: the viewers not started count as failed
                    }
                    BenchViewer v = new BenchViewer(loop, new InetSocketAddress(local, 0), plain, cert, dtls, measure, verifyEvery);
                    viewers.add(v);
                    int number = viewers.size();
                    JanusApi api = janusApi;
                    setups.add(Thread.ofVirtual().start(() -> {
                        try {
                            switch (target) {
                                case "camgate" -> closers.add(joinCamgate(http, v, cert, number));
                                case "janus" -> joinJanus(api, v, cert, local);
                                default -> {
                                    cam.sendPlainTo(new InetSocketAddress(local, v.localPort()));
                                    v.start(null, null, null, false);
                                }
                            }
                            v.secure.get(30, TimeUnit.SECONDS);
                        } catch (Exception e) {
                            failed.incrementAndGet();
                            firstError.compareAndSet(null, e.toString());
                        } finally {
                            slots.release();
                        }
                    }));
                }
                for (Thread t : setups) {
                    long left = setupEnd - System.nanoTime();
                    if (left > 0) {
                        t.join(Math.max(1, left / 1_000_000));
                    }
                }
                int live = (int) viewers.stream().filter(v -> v.secure.isDone() && !v.secure.isCompletedExceptionally()).count();
                System.out.printf(Locale.ROOT, "# %d viewers set up in %.1f s, %d failed%s%n", add,
                        (System.nanoTime() - t0) / 1e9, n - live, firstError.get() == null ? "" : " (first: " + firstError.get() + ")");
                if (cameraFailure.get() != null) {
                    System.err.println("bench media: the camera failed: " + cameraFailure.get());
                    return 1;
                }
                Thread.sleep(warmup * 1000L);
                Step step = measureStep(loop, cam, measure, viewers, n, live, rss0);
                results.add(step);
                String heap = "";
                if (hubHeap && hubPid != null) {
                    long h = liveHeapKib(hubPid);
                    heap = String.format(Locale.ROOT, " hub_heap_kib=%d heap_per_viewer_kib=%.1f", h, heapAtZero <= 0 ? 0 : (h - heapAtZero) / (double) n);
                }
                System.out.println(step.line(label != null ? label : target) + heap);
                if (step.lossPct() > stopLoss) {
                    System.out.printf(Locale.ROOT, "# loss %.2f %% is over %.1f %%: no more steps%n", step.lossPct(), stopLoss);
                    break;
                }
            }
            return 0;
        } finally {
            for (BenchViewer v : viewers) {
                v.close();
            }
            for (AutoCloseable c : closers) {
                try {
                    c.close();
                } catch (Exception e) {
                    // closing down
                }
            }
            dtls.shutdownNow();
        }
    }

    private Step measureStep(MediaLoop loop, SyntheticCamera cam, Measure measure, List<BenchViewer> viewers, int n, int live,
                             long rss0) throws Exception {
        loop.submit(() -> {
            for (BenchViewer v : viewers) {
                v.clearSeen();
            }
            measure.open(cam.index);
            cam.lagMaxNanos = 0;
            cam.lateSends = 0;
            return null;
        }).get(5, TimeUnit.SECONDS);
        long[] hub0 = hubPid == null ? new long[2] : cpuTicks(hubPid);
        long own0 = processCpuNanos();
        long wall0 = System.nanoTime();
        long fails0 = viewers.stream().mapToLong(v -> v.authFailures).sum();
        Thread.sleep(seconds * 1000L);
        loop.submit(() -> {
            measure.end(cam.index);
            return null;
        }).get(5, TimeUnit.SECONDS);
        long wall = System.nanoTime() - wall0;
        long[] hub1 = hubPid == null ? new long[2] : cpuTicks(hubPid);
        long own1 = processCpuNanos();
        Thread.sleep(500); // packets still on their way count
        long[] counted = loop.submit(() -> {
            long got = 0;
            int liveNow = 0;
            int undecryptable = 0;
            for (BenchViewer v : viewers) {
                if (v.secure.isDone() && !v.secure.isCompletedExceptionally()) {
                    if (v.verified == 0 && v.authFailures > 0) {
                        undecryptable++; // connected, but not one packet authenticated: a failed call, reported apart
                        continue;
                    }
                    got += v.countSeen(measure.from(), measure.to());
                    liveNow++;
                }
            }
            measure.close();
            return new long[] {got, liveNow, undecryptable};
        }).get(5, TimeUnit.SECONDS);
        long expected = (long) (measure.to() - measure.from()) * counted[1];
        double loss = expected == 0 ? 100 : 100.0 * (expected - counted[0]) / expected;
        double tick = 100.0; // USER_HZ on Linux
        double hubCpu = ((hub1[0] + hub1[1]) - (hub0[0] + hub0[1])) / tick * 1e9 / wall * 100;
        double hubUser = (hub1[0] - hub0[0]) / tick * 1e9 / wall * 100;
        long rss = hubPid == null ? 0 : rssKib(hubPid);
        double client = (own1 - own0) * 100.0 / wall;
        long fails = viewers.stream().mapToLong(v -> v.authFailures).sum() - fails0;
        return new Step(n, (int) counted[1], (int) counted[2], expected, counted[0], loss, measure.percentileMillis(0.5), measure.percentileMillis(0.99),
                measure.percentileMillis(0.999), measure.maxMillis(), hubCpu, hubUser, rss,
                n == 0 || rss0 == 0 ? 0 : (rss - rss0) / (double) n, client, fails, cam.lagMaxNanos / 1e6, cam.lateSends,
                measure.to() - measure.from());
    }

    /** Registers the camera at camgate and answers camgate's offer (which comes when the first viewer watches). */
    private AutoCloseable startCamgateCamera(HttpClient http, SyntheticCamera cam, HubCertificate cert, AtomicReference<Exception> failure) throws Exception {
        AyameSocket ws = AyameSocket.open(http, url);
        var reg = AyameSocket.object().put("type", "register").put("roomId", camera).put("clientId", "bench-camera").put("key", cameraKey);
        reg.putObject("camgate").put("role", "camera").put("multiViewer", true).put("name", "bench camera");
        ws.send(reg);
        ws.await(m -> m.path("type").asString("").equals("accept"), 10_000, "the camera's accept");
        Thread t = Thread.ofVirtual().start(() -> {
            boolean answered = false;
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    var m = ws.poll(1000);
                    if (m == null || answered || !m.path("type").asString("").equals("offer")) {
                        continue;
                    }
                    BenchSdp.Remote offer = BenchSdp.read(m.path("sdp").asString(""));
                    if (offer.payloadType() < 0 || offer.candidate() == null) {
                        throw new IOException("camgate's offer to the camera has no H.264 (mode 1) or no candidate");
                    }
                    cam.pt = offer.payloadType();
                    String answer = BenchSdp.answer(offer, cam.local, cert.fingerprint(), cam.ssrc, null);
                    ws.send(AyameSocket.object().put("type", "answer").put("sdp", answer).put("viewerId", m.path("viewerId").asString("")));
                    cam.start(offer.candidate(), offer.ice(), offer.fingerprint(), true);
                    answered = true;
                }
            } catch (InterruptedException e) {
                // the run is over
            } catch (Exception e) {
                failure.set(e);
            }
        });
        return () -> {
            t.interrupt();
            ws.close();
        };
    }

    private AutoCloseable joinCamgate(HttpClient http, BenchViewer v, HubCertificate cert, int number) throws Exception {
        AyameSocket ws = AyameSocket.open(http, url);
        var reg = AyameSocket.object().put("type", "register").put("roomId", camera).put("clientId", "bench-viewer-" + number);
        if (key != null) {
            reg.put("key", key);
        }
        ws.send(reg);
        ws.await(m -> m.path("type").asString("").equals("accept"), 15_000, "a viewer's accept");
        ws.send(AyameSocket.object().put("type", "offer").put("sdp", BenchSdp.viewerOffer(v.local, cert.fingerprint())));
        var answer = ws.await(m -> m.path("type").asString("").equals("answer"), 25_000, "camgate's answer");
        BenchSdp.Remote r = BenchSdp.read(answer.path("sdp").asString(""));
        if (r.candidate() == null) {
            ws.close();
            throw new IOException("camgate's answer has no IPv4 UDP candidate");
        }
        v.start(r.candidate(), r.ice(), r.fingerprint(), true);
        return ws;
    }

    private void joinJanus(JanusApi api, BenchViewer v, HubCertificate cert, InetAddress local) throws Exception {
        long handle = api.attach();
        String offerSdp = api.watch(handle, mountpoint, 20_000);
        BenchSdp.Remote offer = BenchSdp.read(offerSdp);
        if (offer.payloadType() < 0) {
            throw new IOException("Janus's offer has no H.264 in packetization mode 1");
        }
        v.start(null, offer.ice(), offer.fingerprint(), false);
        api.start(handle, BenchSdp.answer(offer, v.local, cert.fingerprint(), 0, new InetSocketAddress(local, v.localPort())));
    }

    static long[] cpuTicks(int pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12])}; // utime, stime: fields 14 and 15
    }

    /** The hub's live heap after a full GC, in KiB (jcmd GC.run, then the "used" of GC.heap_info's spaces); 0 if jcmd fails. */
    static long liveHeapKib(int pid) {
        try {
            String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
            new ProcessBuilder(jcmd, String.valueOf(pid), "GC.run").redirectErrorStream(true).start().waitFor(30, TimeUnit.SECONDS);
            Process p = new ProcessBuilder(jcmd, String.valueOf(pid), "GC.heap_info").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            p.waitFor(30, TimeUnit.SECONDS);
            long kib = 0;
            for (String line : out.split("\n")) {
                var m = java.util.regex.Pattern.compile("^\\s*\\S.* total \\d+K, used (\\d+)K").matcher(line);
                if (m.find() && !line.contains("Metaspace") && !line.contains("class space")) {
                    kib += Long.parseLong(m.group(1));
                }
            }
            return kib;
        } catch (IOException | InterruptedException | RuntimeException e) {
            return 0;
        }
    }

    static long rssKib(int pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return 0;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
