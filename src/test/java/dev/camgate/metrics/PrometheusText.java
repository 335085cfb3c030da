package dev.camgate.metrics;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A strict reader of the Prometheus text format (0.0.4): fails on any line that is not valid. */
public final class PrometheusText {
    private static final Pattern SAMPLE = Pattern.compile(
            "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\.)*\",?)*\\})? (\\S+)( \\d+)?");
    private static final Pattern TYPE = Pattern.compile("# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)");

    private PrometheusText() {
    }

    /** Samples by "name{labels}" (labels as written), after checking every line and that each sample has a TYPE. */
    public static Map<String, Double> parse(String text) {
        Map<String, Double> samples = new HashMap<>();
        Set<String> typed = new HashSet<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty() || line.startsWith("# HELP ")) {
                continue;
            }
            Matcher t = TYPE.matcher(line);
            if (t.matches()) {
                typed.add(t.group(1));
                continue;
            }
            Matcher s = SAMPLE.matcher(line);
            if (!s.matches()) {
                throw new AssertionError("not a Prometheus text line: " + line);
            }
            String name = s.group(1);
            String family = name.replaceAll("_(total|created|bucket|count|sum)$", "");
            if (!typed.contains(name) && !typed.contains(family)) {
                throw new AssertionError("sample without a TYPE line: " + line);
            }
            samples.put(name + (s.group(2) == null ? "" : s.group(2)), Double.parseDouble(s.group(3)));
        }
        return samples;
    }
}
