package dev.camgate.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people write them in a config file: "500ms", "5s", "2m", "1h", "30d", or a bare number of seconds. */
public final class Durations {
    private static final Pattern FORM = Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h|d)?\\s*");

    private Durations() {
    }

    public static Duration parse(String text) {
        Matcher m = FORM.matcher(text == null ? "" : text);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration (write it like 500ms, 5s, 2m, 1h or 30d)");
        }
        double amount = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        double millis = switch (unit) {
            case "ms" -> amount;
            case "s" -> amount * 1_000;
            case "m" -> amount * 60_000;
            case "h" -> amount * 3_600_000;
            default -> amount * 86_400_000;
        };
        return Duration.ofMillis(Math.round(millis));
    }

    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms >= 86_400_000 && ms % 86_400_000 == 0) {
            return ms / 86_400_000 + "d";
        }
        if (ms >= 3_600_000 && ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms >= 600_000 && ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        return ms % 1000 == 0 ? (ms / 1000) + "s" : ms + "ms";
    }
}
