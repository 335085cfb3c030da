package dev.camgate.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An amount of disk space as people write it: "500MB", "20GB", "1.5TB", "0". Units are powers of 1024 whether
 * written KB or KiB, as file managers and `df -h` show them; a bare number is bytes.
 */
public record ByteSize(long bytes) {
    private static final Pattern FORM = Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)\\s*([kmgt]i?b?|b)?\\s*", Pattern.CASE_INSENSITIVE);
    public static final ByteSize ZERO = new ByteSize(0);

    public ByteSize {
        if (bytes < 0) {
            throw new IllegalArgumentException("a size cannot be negative: " + bytes);
        }
    }

    public static ByteSize parse(String text) {
        Matcher m = FORM.matcher(text == null ? "" : text);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a size (write it like 500MB, 20GB or 1.5TB)");
        }
        double amount = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(Locale.ROOT);
        int power = switch (unit.charAt(0)) {
            case 'k' -> 1;
            case 'm' -> 2;
            case 'g' -> 3;
            case 't' -> 4;
            default -> 0;
        };
        double bytes = amount * Math.pow(1024, power);
        if (bytes > Long.MAX_VALUE / 2) {
            throw new IllegalArgumentException("'" + text + "' is more space than any disk has");
        }
        return new ByteSize(Math.round(bytes));
    }

    public static ByteSize ofMebibytes(long mib) {
        return new ByteSize(mib << 20);
    }

    /** The shortest exact form: "20GB", "1536MB", "512B". */
    public String format() {
        String[] units = {"B", "KB", "MB", "GB", "TB"};
        long v = bytes;
        int u = 0;
        while (u < units.length - 1 && v >= 1024 && v % 1024 == 0) {
            v /= 1024;
            u++;
        }
        return v + units[u];
    }

    @Override
    public String toString() {
        return format();
    }
}
