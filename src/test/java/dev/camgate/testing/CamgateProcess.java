package dev.camgate.testing;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** camgate as its own process (the test class path), on an ephemeral loopback port, with its output collected. */
public final class CamgateProcess implements AutoCloseable {
    private static final Pattern PORT = Pattern.compile("is listening on [0-9.:]+?:(\\d+)");
    public final Process process;
    public final List<String> output = Collections.synchronizedList(new ArrayList<>());
    public final int port;

    private CamgateProcess(Process process) throws InterruptedException {
        this.process = process;
        Thread.ofVirtual().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    output.add(line);
                }
            } catch (Exception ignored) {
                // the process ended
            }
        });
        String line = awaitLine(l -> PORT.matcher(l).find());
        Matcher m = PORT.matcher(line);
        m.find();
        this.port = Integer.parseInt(m.group(1));
    }

    public static CamgateProcess start(String... args) throws Exception {
        return start(List.of(), args);
    }

    /** With JVM options before the main class, e.g. {@code List.of("-Xmx64m", "-XX:+UseSerialGC")}. */
    public static CamgateProcess start(List<String> jvmOptions, String... args) throws Exception {
        return start(java.util.Map.of(), jvmOptions, args);
    }

    /**
     * With HOME set to {@code home} and no state directory chosen (no --state-dir, CAMGATE_STATE_DIR or
     * XDG_STATE_HOME unless the arguments give one), as a person's own start would be.
     */
    public static CamgateProcess startWithHome(Path home, String... args) throws Exception {
        java.util.Map<String, String> env = new java.util.HashMap<>();
        env.put("HOME", home.toString());
        env.put("CAMGATE_STATE_DIR", null);
        env.put("XDG_STATE_HOME", null);
        return start(env, List.of(), args);
    }

    /**
     * Inside a command that ends by exec-ing its arguments, e.g. {@code unshare -m sh -c 'mount ... && exec "$@"' sh}:
     * the wrapper's process becomes camgate's, so {@link #pid} is camgate's and names its namespaces.
     */
    public static CamgateProcess startWrapped(List<String> wrapper, String... args) throws Exception {
        return start(java.util.Map.of(), List.of(), wrapper, args);
    }

    private static CamgateProcess start(java.util.Map<String, String> env, List<String> jvmOptions, String... args) throws Exception {
        return start(env, jvmOptions, List.of(), args);
    }

    /** {@code env} changes the child's environment: a null value removes that variable. */
    private static CamgateProcess start(java.util.Map<String, String> env, List<String> jvmOptions, List<String> wrapper,
                                        String... args) throws Exception {
        List<String> command = new ArrayList<>(wrapper);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        // What the jar's manifest says (Enable-Native-Access), for a run from the class path.
        command.add("--enable-native-access=ALL-UNNAMED");
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.camgate.Main", "--port", "0"));
        List<String> given = List.of(args);
        // Loopback and the test run's state directory, unless the test chooses.
        if (!given.contains("--listen")) {
            command.addAll(List.of("--listen", "127.0.0.1"));
        }
        if (!given.contains("--state-dir") && !env.containsKey("HOME")) {
            command.addAll(List.of("--state-dir", TestHub.STATE.toString()));
        }
        command.addAll(given);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        env.forEach((name, value) -> {
            if (value == null) {
                builder.environment().remove(name);
            } else {
                builder.environment().put(name, value);
            }
        });
        return new CamgateProcess(builder.start());
    }

    /** The first output line matching, waiting up to 20 s for it. */
    public String awaitLine(Predicate<String> match) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < end) {
            synchronized (output) {
                for (String line : output) {
                    if (match.test(line)) {
                        return line;
                    }
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("camgate printed no such line within 20 s; it printed: " + output);
    }

    public long pid() {
        return process.pid();
    }

    /** Resident memory of the process in bytes (VmRSS in /proc/PID/status); -1 once it has ended or off Linux. */
    public long rssBytes() {
        try {
            for (String line : java.nio.file.Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (java.io.IOException | NumberFormatException e) {
            // gone
        }
        return -1;
    }

    /** A copy of the output so far. */
    public List<String> outputSoFar() {
        synchronized (output) {
            return new ArrayList<>(output);
        }
    }

    /**
     * Waits (up to 20 s) until the output has not grown for half a second: what a burst of clients made the hub
     * print has been printed. A slow hub can only make a test see fewer lines, never fail one that should pass.
     */
    public void awaitQuiet() throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        int seen = output.size();
        long stillSince = System.nanoTime();
        while (System.nanoTime() < end) {
            Thread.sleep(50);
            int now = output.size();
            if (now != seen) {
                seen = now;
                stillSince = System.nanoTime();
            } else if (System.nanoTime() - stillSince > TimeUnit.MILLISECONDS.toNanos(500)) {
                return;
            }
        }
    }

    /** The admin token, as a user finds it in the state directory. */
    public String adminToken() throws java.io.IOException {
        return java.nio.file.Files.readString(TestHub.STATE.resolve("admin-token")).strip();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
