package dev.camgate.recording;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How segment files are named: {@code 20261201T145100123Z.mp4} while written, renamed to
 * {@code 20261201T145100123Z_300042.mp4} (its length in milliseconds) once closed, so that the index is
 * rebuilt at start from the folder listing alone; only a file without a length (cut off by a crash) is read.
 */
final class SegmentNames {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);
    static final Pattern ID = Pattern.compile("\\d{8}T\\d{9}Z");
    private static final Pattern FILE = Pattern.compile("(" + ID.pattern() + ")(?:_(\\d{1,12}))?\\.mp4");

    /** A segment file's name, read: its id, start, and length (-1 while open). */
    record Parsed(String id, long start, long durationMillis) {
        boolean closed() {
            return durationMillis >= 0;
        }
    }

    private SegmentNames() {
    }

    static String id(long startMillis) {
        return STAMP.format(Instant.ofEpochMilli(startMillis));
    }

    static String openName(String id) {
        return id + ".mp4";
    }

    static String closedName(String id, long durationMillis) {
        return id + "_" + durationMillis + ".mp4";
    }

    /** Null for a name that is not a segment's. */
    static Parsed parse(String fileName) {
        Matcher m = FILE.matcher(fileName);
        if (!m.matches()) {
            return null;
        }
        Long start = start(m.group(1));
        if (start == null) {
            return null;
        }
        return new Parsed(m.group(1), start, m.group(2) == null ? -1 : Long.parseLong(m.group(2)));
    }

    /** The start an id names, or null when it names none (also what an id from a URL is checked with). */
    static Long start(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            return null;
        }
        try {
            return Instant.from(STAMP.parse(id)).toEpochMilli();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
