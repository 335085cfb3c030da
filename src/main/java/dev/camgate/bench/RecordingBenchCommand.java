package dev.camgate.bench;

import dev.camgate.config.RecordingConfig;
import dev.camgate.media.mp4.Fragment;
import dev.camgate.media.mp4.Mp4Exception;
import dev.camgate.media.mp4.Mp4Scanner;
import dev.camgate.media.rtp.H264;
import dev.camgate.media.sfu.Feed;
import dev.camgate.media.sfu.FeedConfig;
import dev.camgate.media.sfu.FeedControl;
import dev.camgate.recording.Recorder;
import dev.camgate.recording.Recordings;
import dev.camgate.recording.Segment;
import io.netty.channel.DefaultEventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code camgate bench recording}: N cameras of real H.264 RTP at real time (a looped JCodec GOP of about
 * 2 Mbit/s at 30 frames/s) recorded either by camgate, in this process (each camera a {@link Feed} on one
 * event loop with a {@link Recorder} attached, writing through {@link Recordings} into a folder on the disk),
 * or by N ffmpeg processes fed the same RTP over loopback UDP. Per step it measures the recorder's CPU (user +
 * sys from /proc), the write rate, what the files hold (scanned with {@link Mp4Scanner}) and, for camgate,
 * fragment lateness: how long after a fragment's last picture arrived it was fsynced and listed in the index.
 * One line per step. Bounded by the steps and --seconds; the files are deleted after each step unless --keep.
 */
@Command(name = "recording", mixinStandardHelpOptions = true,
        description = "Records N synthetic 2 Mbit/s H.264 cameras with camgate (in this process) or ffmpeg and measures CPU, write rate and fragment lateness.")
public final class RecordingBenchCommand implements Callable<Integer> {
    static final long FRAME_NANOS = 1_000_000_000L / 30;

    @Option(names = "--target", defaultValue = "camgate", description = "camgate (in this process) or ffmpeg (one process per camera)")
    String target;

    @Option(names = "--cameras", defaultValue = "1,5,10,20", split = ",",
            description = "camera counts, one step each; camgate: a 0 measures the JVM with nothing to record, and later steps say what each camera adds to it")
    List<Integer> steps;

    @Option(names = "--seconds", defaultValue = "30", description = "measured seconds per step")
    int seconds;

    @Option(names = "--warmup", defaultValue = "8", description = "seconds recorded before measuring (ffmpeg probes its input for up to 5 s)")
    int warmup;

    @Option(names = "--prewarm", defaultValue = "0",
            description = "camgate: seconds of recording the largest step's cameras, unmeasured, before the first step, so that every step "
                    + "runs compiled code as a hub that has run a while does (the JIT needs tens of seconds at one camera's packet rate)")
    int prewarm;

    @Option(names = "--dir", description = "where each step's folder is made (default: java.io.tmpdir); use a real disk, not tmpfs")
    Path dir;

    @Option(names = "--keep", description = "keep the recorded files (each step's folder is printed)")
    boolean keep;

    @Option(names = "--width", defaultValue = "640") int width;

    @Option(names = "--height", defaultValue = "368") int height;

    @Option(names = "--qp", defaultValue = "30", description = "the encoder's constant quantiser (30 at 640x368 gives about 2.1 Mbit/s)")
    int qp;

    @Option(names = "--gop", defaultValue = "30", description = "frames per GOP (one IDR each)")
    int gop;

    @Option(names = "--ffmpeg", defaultValue = "ffmpeg") String ffmpeg;

    @Option(names = "--ffprobe", defaultValue = "ffprobe", description = "counts the frames of ffmpeg's files (camgate's scanner stops at its mfra)")
    String ffprobe;

    @Option(names = "--ffmpeg-cpu", description = "pin the ffmpeg processes to this core (taskset)")
    Integer ffmpegCpu;

    @Option(names = "--port", defaultValue = "25000", description = "ffmpeg: the first camera's UDP port on 127.0.0.1 (camera i: port + 2i)")
    int port;

    /** Figures of one step. Lateness is NaN for ffmpeg, which neither fsyncs nor keeps an index. */
    public record Step(String target, int cameras, double cpuPct, double userPct, double kbPerSecondPerCamera, long framesSent,
                       long framesRecorded, int files, long fragments, double lateP50, double lateP99, double lateMax,
                       long lateOverSecond, double pacingLagMaxMs, List<Path> recorded, double recorderThreadsPct) {
        double cpuPctPerCamera() {
            return cameras == 0 ? 0 : cpuPct / cameras;
        }

        String line() {
            return String.format(Locale.ROOT, "recording target=%s cameras=%d cpu_pct=%.2f user_pct=%.2f cpu_pct_per_camera=%.3f "
                            + "write_kB_s_per_camera=%.1f frames=%d/%d files=%d fragments=%d lateness_ms_p50=%.1f p99=%.1f max=%.1f "
                            + "late_over_1s=%d pacing_lag_max_ms=%.1f%s",
                    target, cameras, cpuPct, userPct, cpuPctPerCamera(), kbPerSecondPerCamera, framesRecorded, framesSent, files, fragments,
                    lateP50, lateP99, lateMax, lateOverSecond, pacingLagMaxMs,
                    // The recording threads alone (depacketizing, MP4, writes, fsync): what recording adds to relaying,
                    // without the event loop (the feed, which a relayed camera runs anyway, and the synthetic cameras)
                    // or the JVM's compiler and collector.
                    Double.isNaN(recorderThreadsPct) || cameras == 0 ? ""
                            : String.format(Locale.ROOT, " recorder_threads_pct_per_camera=%.3f", recorderThreadsPct / cameras));
        }
    }

    /** Collected results when run from code. */
    public final List<Step> results = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        if (seconds < 1 || seconds > 600 || warmup < 0 || prewarm < 0 || prewarm > 600 || steps.isEmpty() || steps.stream().anyMatch(n -> n < 0 || n > 200)
                || gop < 1 || gop > 300 || width % 16 != 0 || height % 16 != 0 || width < 64 || height < 64) {
            System.err.println("bench recording: seconds 1-600, cameras 1-200, gop 1-300, width and height multiples of 16 from 64");
            return 2;
        }
        if (!target.equals("camgate") && !target.equals("ffmpeg")) {
            System.err.println("bench recording: --target is camgate or ffmpeg");
            return 2;
        }
        if (target.equals("ffmpeg") && steps.contains(0)) {
            System.err.println("bench recording: a step of 0 cameras (the idle JVM) is for camgate only");
            return 2;
        }
        long t0 = System.nanoTime();
        RecordingStream stream = new RecordingStream(width, height, gop, qp);
        System.out.printf(Locale.ROOT, "# stream: H.264 %dx%d, %d-frame GOP at 30 fps, QP %d: %.2f Mbit/s of RTP, %d packets per GOP (IDR %d), "
                        + "encoded in %.1f s%n", width, height, gop, qp, stream.bitsPerSecond() / 1e6,
                Arrays.stream(stream.packets).mapToInt(p -> p.length).sum(), stream.packets[0].length, (System.nanoTime() - t0) / 1e9);
        Path parent = dir != null ? dir : Path.of(System.getProperty("java.io.tmpdir"));
        Files.createDirectories(parent);
        if (prewarm > 0 && target.equals("camgate")) {
            Path folder = Files.createTempDirectory(parent, "camgate-bench-recording-");
            int w = warmup;
            int m = seconds;
            try {
                warmup = prewarm;
                seconds = 1;
                Step s = camgate(stream, Math.max(1, steps.stream().mapToInt(Integer::intValue).max().orElse(1)), folder);
                System.out.printf(Locale.ROOT, "# prewarmed: %d cameras recorded for %d s, unmeasured%n", s.cameras(), prewarm);
            } finally {
                warmup = w;
                seconds = m;
                delete(folder);
            }
        }
        Step idle = null;
        for (int n : steps) {
            Path folder = Files.createTempDirectory(parent, "camgate-bench-recording-");
            try {
                Step step = target.equals("camgate") ? camgate(stream, n, folder) : ffmpeg(stream, n, folder);
                results.add(step);
                // The JVM's own cost with nothing recorded (a step of 0 cameras), taken off: what one more camera adds.
                String above = idle == null || n == 0 ? "" : String.format(Locale.ROOT, " cpu_pct_per_camera_above_idle=%.3f",
                        (step.cpuPct() - idle.cpuPct()) / n);
                if (n == 0) {
                    idle = step;
                }
                System.out.println(step.line() + above + (keep ? " dir=" + folder : ""));
            } finally {
                if (!keep) {
                    delete(folder);
                }
            }
        }
        return 0;
    }

    // camgate: every camera's feed and the generator on one event loop; a recording thread per camera.

    private Step camgate(RecordingStream stream, int n, Path folder) throws Exception {
        Lateness lateness = new Lateness();
        DefaultEventLoop loop = new DefaultEventLoop();
        Recordings recordings = Recordings.open(folder, RecordingConfig.defaults(), Map.of());
        List<ScheduledFuture<?>> timers = new ArrayList<>();
        List<LoopCamera> cameras = new ArrayList<>();
        try {
            recordings.observe(lateness::written);
            for (int i = 0; i < n; i++) {
                LoopCamera c = new LoopCamera(stream, "bench-" + i, recordings.recorder("bench-" + i), i);
                cameras.add(c);
                loop.submit(c::attach).get(5, TimeUnit.SECONDS);
            }
            long start = System.nanoTime() + 50_000_000L;
            for (int i = 0; i < n; i++) {
                LoopCamera c = cameras.get(i);
                // Cameras are spread over the frame interval, as independent cameras are.
                c.firstNanos = start + FRAME_NANOS * i / n;
                timers.add(loop.scheduleAtFixedRate(c::frame, Math.max(0, c.firstNanos - System.nanoTime()), FRAME_NANOS, TimeUnit.NANOSECONDS));
            }
            // As the relay does once a second: the feed's timers and the recorder's keyframe check.
            timers.add(loop.scheduleAtFixedRate(() -> {
                long now = System.nanoTime();
                for (LoopCamera c : cameras) {
                    c.feed.poll(now);
                    c.recorder.tick(now);
                }
            }, 1, 1, TimeUnit.SECONDS));
            Window w = measure(List.of(ProcessHandle.current().pid()), folder, () -> {
                lateness.on = true;
                loop.submit(() -> cameras.forEach(c -> c.lagMax = 0)).syncUninterruptibly();
            });
            lateness.on = false;
            for (ScheduledFuture<?> t : timers) {
                t.cancel(false);
            }
            long lag = loop.submit(() -> {
                long max = 0;
                for (LoopCamera c : cameras) {
                    c.recorder.detach();
                    max = Math.max(max, c.lagMax);
                }
                return max;
            }).get(5, TimeUnit.SECONDS);
            recordings.close();
            long sent = cameras.stream().mapToLong(c -> c.frames).sum();
            Scan scan = scan(folder);
            double[] late = lateness.percentiles();
            return new Step("camgate", n, w.cpuPct, w.userPct, n == 0 ? 0 : w.bytes / 1000.0 / w.seconds / n, sent, scan.frames, scan.files,
                    lateness.count(), late[0], late[1], late[2], lateness.over(1000), lag / 1e6, scan.paths, w.recorderPct);
        } finally {
            recordings.close();
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /** One camera on the loop: its feed, the recorder attached to it, and the frames it sends at 30 per second. */
    private static final class LoopCamera {
        private static final FeedControl NO_CONTROL = new FeedControl() {
            @Override
            public void nack(int[] seqs, int count) {
                // Nothing is lost on the loop.
            }

            @Override
            public void requestKeyframe() {
                // The GOP loop brings one every second anyway.
            }
        };

        final Feed feed = new Feed(FeedConfig.forVideo(), NO_CONTROL, H264::isKeyframe);
        final Recorder recorder;
        private final RtpSender sender;
        volatile long firstNanos;
        long frames;
        long lagMax;

        LoopCamera(RecordingStream stream, String id, Recorder recorder, int index) {
            this.recorder = recorder;
            this.sender = new RtpSender(stream, index);
        }

        void attach() {
            recorder.attach(feed, null, System.nanoTime());
        }

        void frame() {
            long now = System.nanoTime();
            lagMax = Math.max(lagMax, now - (firstNanos + frames * FRAME_NANOS));
            sender.frame((buf, len) -> feed.onPacket(buf, 0, len, now));
            frames++;
        }
    }

    /** Sequence numbers, timestamps and SSRC of one camera over the looped GOP; one buffer, reused. */
    static final class RtpSender {
        interface Out {
            void packet(byte[] buf, int len) throws IOException;
        }

        private final RecordingStream stream;
        private final byte[] buf = new byte[RecordingStream.MTU_PAYLOAD + 64];
        private final long ssrc;
        private int seq;
        private long ts;
        private long frame;

        RtpSender(RecordingStream stream, int index) {
            this.stream = stream;
            SplittableRandom r = new SplittableRandom(1000 + index);
            ssrc = r.nextLong(1, 0xFFFF_FFFFL);
            seq = r.nextInt(0x10000);
            ts = r.nextLong(0x1_0000_0000L);
        }

        void frame(Out out) {
            byte[][] packets = stream.packets[(int) (frame++ % stream.frames())];
            try {
                for (byte[] p : packets) {
                    out.packet(buf, RecordingStream.write(p, buf, seq, ts, ssrc));
                    seq = (seq + 1) & 0xFFFF;
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            ts = (ts + RecordingStream.FRAME_90K) & 0xFFFF_FFFFL;
        }
    }

    /** Fragment lateness, from the index's side: a fragment is listed this long after its last picture arrived. */
    private static final class Lateness {
        private final long[] samples = new long[1 << 16];
        private int count;
        volatile boolean on;

        void written(Segment s) {
            // The segment's end is its start (when its first picture arrived) plus the RTP time of its pictures, so
            // at real-time pacing the last picture of the fragment just listed arrived one frame before its end.
            if (!on || !s.open() || s.end() == s.start()) {
                return;
            }
            long late = System.currentTimeMillis() - (s.end() - 1000 / 30);
            synchronized (this) {
                if (count < samples.length) {
                    samples[count++] = late;
                }
            }
        }

        synchronized long count() {
            return count;
        }

        synchronized long over(long millis) {
            return Arrays.stream(samples, 0, count).filter(v -> v > millis).count();
        }

        synchronized double[] percentiles() {
            if (count == 0) {
                return new double[] {Double.NaN, Double.NaN, Double.NaN};
            }
            long[] s = Arrays.copyOf(samples, count);
            Arrays.sort(s);
            return new double[] {s[(int) Math.ceil(0.5 * count) - 1], s[(int) Math.ceil(0.99 * count) - 1], s[count - 1]};
        }
    }

    // ffmpeg: one process per camera, fed over loopback UDP from a thread of this process.

    private Step ffmpeg(RecordingStream stream, int n, Path folder) throws Exception {
        List<Process> procs = new ArrayList<>();
        Thread gen = null;
        long[] sent = new long[1];
        double[] lag = new double[1];
        try (DatagramChannel ch = DatagramChannel.open()) {
            ch.bind(new InetSocketAddress("127.0.0.1", 0));
            for (int i = 0; i < n; i++) {
                Path cam = Files.createDirectories(folder.resolve("bench-" + i));
                Path sdp = folder.resolve("bench-" + i + ".sdp");
                Files.writeString(sdp, stream.sdp(port + 2 * i));
                List<String> cmd = new ArrayList<>();
                if (ffmpegCpu != null) {
                    cmd.addAll(List.of("taskset", "-c", String.valueOf(ffmpegCpu)));
                }
                cmd.addAll(List.of(ffmpeg, "-nostdin", "-loglevel", "error", "-protocol_whitelist", "file,udp,rtp", "-i", sdp.toString(),
                        "-c", "copy", "-f", "segment", "-segment_time", "300", "-segment_format", "mp4",
                        "-segment_format_options", "movflags=+frag_keyframe+empty_moov+default_base_moof",
                        cam.resolve("%05d.mp4").toString()));
                procs.add(new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(folder.resolve("bench-" + i + ".log").toFile()).start());
            }
            awaitBound(n);
            List<InetSocketAddress> to = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                to.add(new InetSocketAddress("127.0.0.1", port + 2 * i));
            }
            gen = Thread.ofPlatform().name("bench-recording-rtp").daemon().start(() -> generate(stream, ch, to, sent, lag));
            Window w = measure(procs.stream().map(Process::pid).toList(), folder, () -> lag[0] = 0);
            gen.interrupt();
            gen.join(2000);
            for (Process p : procs) {
                p.destroy(); // SIGTERM: ffmpeg finishes its file
            }
            for (Process p : procs) {
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
            Scan scan = probe(folder);
            return new Step("ffmpeg", n, w.cpuPct, w.userPct, w.bytes / 1000.0 / w.seconds / n, sent[0], scan.frames, scan.files, scan.fragments,
                    Double.NaN, Double.NaN, Double.NaN, 0, lag[0], scan.paths, Double.NaN);
        } finally {
            if (gen != null) {
                gen.interrupt();
            }
            for (Process p : procs) {
                p.destroyForcibly();
            }
        }
    }

    /**
     * Until every ffmpeg has bound its RTP port (at most 10 s), and a second more, so that none misses the
     * start of the stream. (Even so, the ffmpeg that gets the generator's very first frame logs a partial
     * access unit and drops that GOP, whatever the SSRC and sequence numbers: not understood; it is before
     * the measuring window.)
     */
    private void awaitBound(int n) throws IOException, InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < end) {
            String udp = Files.readString(Path.of("/proc/net/udp"));
            int bound = 0;
            for (int i = 0; i < n; i++) {
                if (udp.contains(String.format(Locale.ROOT, ":%04X ", port + 2 * i))) {
                    bound++;
                }
            }
            if (bound == n) {
                Thread.sleep(1000); // bound is not yet reading
                return;
            }
            Thread.sleep(50);
        }
        System.out.println("# not every ffmpeg bound its port within 10 s");
    }

    /** Every camera's frames at 30 per second, spread over the frame interval, each frame's packets at once. */
    private static void generate(RecordingStream stream, DatagramChannel ch, List<InetSocketAddress> to, long[] sent, double[] lag) {
        int n = to.size();
        RtpSender[] senders = new RtpSender[n];
        long[] next = new long[n];
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            senders[i] = new RtpSender(stream, i);
            next[i] = start + FRAME_NANOS * i / n;
        }
        ByteBuffer bb = ByteBuffer.allocate(RecordingStream.MTU_PAYLOAD + 64);
        while (!Thread.currentThread().isInterrupted()) {
            long now = System.nanoTime();
            long soonest = Long.MAX_VALUE;
            for (int i = 0; i < n; i++) {
                if (now >= next[i]) {
                    lag[0] = Math.max(lag[0], (now - next[i]) / 1e6);
                    InetSocketAddress dest = to.get(i);
                    senders[i].frame((buf, len) -> {
                        bb.clear();
                        bb.put(buf, 0, len).flip();
                        ch.send(bb, dest);
                    });
                    sent[0]++;
                    next[i] += FRAME_NANOS;
                }
                soonest = Math.min(soonest, next[i]);
            }
            long wait = soonest - System.nanoTime();
            if (wait > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(wait);
            }
        }
    }

    // Measuring.

    private record Window(double seconds, double cpuPct, double userPct, long bytes, double recorderPct) {
    }

    private Window measure(List<Long> pids, Path folder, Runnable atStart) throws Exception {
        Thread.sleep(warmup * 1000L);
        atStart.run();
        long[] cpu0 = cpuTicks(pids);
        long ns0 = cpuNanos(pids);
        long bytes0 = bytes(folder);
        long rec0 = recorderThreadNanos();
        long wall0 = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        long[] cpu1 = cpuTicks(pids);
        long ns1 = cpuNanos(pids);
        long rec1 = recorderThreadNanos();
        long bytes1 = bytes(folder);
        double wall = (System.nanoTime() - wall0) / 1e9;
        double tick = 100.0; // USER_HZ on Linux
        double user = (cpu1[0] - cpu0[0]) / tick / wall * 100;
        boolean self = pids.equals(List.of(ProcessHandle.current().pid()));
        return new Window(wall, (ns1 - ns0) / 1e9 / wall * 100, user, bytes1 - bytes0,
                self ? (rec1 - rec0) / 1e9 / wall * 100 : Double.NaN);
    }

    /** CPU time of this JVM's recording threads (camgate-record-*), which live through a whole step. */
    private static long recorderThreadNanos() {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (java.lang.management.ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (t != null && t.getThreadName().startsWith("camgate-record-")) {
                sum += Math.max(0, threads.getThreadCpuTime(t.getThreadId()));
            }
        }
        return sum;
    }

    /**
     * User + sys in nanoseconds: /proc/PID/stat counts in 10 ms ticks, too coarse for a process that takes a
     * few ms a second. This process's own from the JVM (every thread, ended ones too); another's summed over
     * its threads' /proc/PID/task/TID/schedstat (ffmpeg's threads live as long as it does).
     */
    private static long cpuNanos(List<Long> pids) throws IOException {
        long sum = 0;
        for (long pid : pids) {
            if (pid == ProcessHandle.current().pid()) {
                sum += ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                        .getProcessCpuTime();
                continue;
            }
            try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
                for (Path t : tasks.toList()) {
                    try {
                        sum += Long.parseLong(Files.readString(t.resolve("schedstat")).split(" ")[0]);
                    } catch (IOException e) {
                        // the thread ended between the listing and the read
                    }
                }
            }
        }
        return sum;
    }

    /** utime and stime, summed over the processes (each counts all its threads). */
    private static long[] cpuTicks(List<Long> pids) throws IOException {
        long[] sum = new long[2];
        for (long pid : pids) {
            long[] t = MediaBenchCommand.cpuTicks((int) pid);
            sum[0] += t[0];
            sum[1] += t[1];
        }
        return sum;
    }

    private static long bytes(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(p -> p.toString().endsWith(".mp4")).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private record Scan(long frames, int files, long fragments, List<Path> paths) {
    }

    /** What the recorded files hold, read back with camgate's MP4 scanner. */
    private static Scan scan(Path folder) throws IOException {
        List<Path> mp4s;
        try (Stream<Path> files = Files.walk(folder)) {
            mp4s = files.filter(p -> p.toString().endsWith(".mp4")).sorted().toList();
        }
        long frames = 0;
        long fragments = 0;
        for (Path p : mp4s) {
            try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
                for (Fragment f : Mp4Scanner.scan(ch).fragments()) {
                    frames += f.samples();
                    fragments++;
                }
            } catch (Mp4Exception e) {
                System.out.println("# " + p + " cannot be scanned: " + e.getMessage());
            }
        }
        return new Scan(frames, mp4s.size(), fragments, mp4s);
    }

    /** What ffmpeg's files hold, as ffprobe counts it (fragments are not counted). */
    private Scan probe(Path folder) throws IOException, InterruptedException {
        List<Path> mp4s;
        try (Stream<Path> files = Files.walk(folder)) {
            mp4s = files.filter(p -> p.toString().endsWith(".mp4")).sorted().toList();
        }
        long frames = 0;
        for (Path p : mp4s) {
            Process probe = new ProcessBuilder(ffprobe, "-v", "error", "-count_packets", "-select_streams", "v:0", "-show_entries",
                    "stream=nb_read_packets", "-of", "csv=p=0", p.toString()).redirectErrorStream(true).start();
            String out = new String(probe.getInputStream().readAllBytes()).trim();
            probe.waitFor(30, TimeUnit.SECONDS);
            try {
                frames += Long.parseLong(out.lines().reduce((a, b) -> b).orElse("").trim());
            } catch (NumberFormatException e) {
                System.out.println("# ffprobe cannot count " + p + ": " + out);
            }
        }
        return new Scan(frames, mp4s.size(), -1, mp4s);
    }

    private static void delete(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
