package dev.camgate.media.mp4;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** ffprobe and ffmpeg (Debian's 5.1) run on a file; a test using them is skipped only when they are missing. */
public final class Ffmpeg {
    private Ffmpeg() {
    }

    public static void assumePresent() {
        assumeTrue(onPath("ffprobe") && onPath("ffmpeg"), "ffprobe/ffmpeg not installed");
    }

    /** {@code ffprobe -v error -show_streams -show_format -count_frames -of json}; stderr must be empty. */
    public static JsonNode probe(Path file) throws IOException, InterruptedException {
        Result r = run(List.of("ffprobe", "-v", "error", "-show_streams", "-show_format", "-count_frames", "-of", "json",
                file.toString()));
        if (r.code != 0 || !r.err.isBlank()) {
            throw new AssertionError("ffprobe " + file + " exit " + r.code + ": " + r.err);
        }
        return JsonMapper.builder().build().readTree(r.out);
    }

    /** What {@code ffmpeg -v error -i FILE -f null -} prints (empty for a clean decode), with its exit code. */
    public static String decodeErrors(Path file) throws IOException, InterruptedException {
        // The encoder's time base is the file's own: with ffmpeg's default (1/frame rate) a real camera's uneven
        // frame times round onto one tick and the null muxer complains of "non monotonically increasing dts",
        // about its own rounding, not the file.
        Result r = run(List.of("ffmpeg", "-nostdin", "-v", "error", "-i", file.toString(), "-enc_time_base", "-1", "-f", "null", "-"));
        return r.code == 0 ? r.err : "exit " + r.code + ": " + r.err;
    }

    /** The file's sound decoded by ffmpeg to mono 8 kHz samples: what a player would let a person hear. */
    public static short[] pcm(Path file) throws IOException, InterruptedException {
        Path raw = Files.createTempFile("ffmpeg", ".pcm");
        try {
            run("ffmpeg", "-nostdin", "-v", "error", "-y", "-i", file.toString(), "-map", "0:a", "-ac", "1", "-ar", "8000",
                    "-f", "s16le", raw.toString());
            byte[] b = Files.readAllBytes(raw);
            short[] out = new short[b.length / 2];
            java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(out);
            return out;
        } finally {
            Files.deleteIfExists(raw);
        }
    }

    /** Root mean square of 8 kHz {@code pcm} between two times in seconds. */
    public static double rms(short[] pcm, double from, double to) {
        int a = (int) (from * 8000);
        int b = Math.min(pcm.length, (int) (to * 8000));
        double sum = 0;
        for (int i = a; i < b; i++) {
            sum += (double) pcm[i] * pcm[i];
        }
        return b > a ? Math.sqrt(sum / (b - a)) : 0;
    }

    static void run(String... cmd) throws IOException, InterruptedException {
        Result r = run(List.of(cmd));
        if (r.code != 0) {
            throw new AssertionError(String.join(" ", cmd) + " exit " + r.code + ": " + r.err);
        }
    }

    private record Result(int code, String out, String err) {
    }

    private static Result run(List<String> cmd) throws IOException, InterruptedException {
        Path err = Files.createTempFile("ffmpeg", ".err");
        try {
            Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(cmd + " did not finish");
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), Files.readString(err));
        } finally {
            Files.deleteIfExists(err);
        }
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
