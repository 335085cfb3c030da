package dev.camgate.camera;

import dev.camgate.config.BadSetting;
import dev.camgate.config.CameraConfig;
import dev.camgate.config.Durations;
import java.time.Duration;
import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

/**
 * One entry a camera type accepts under {@code options}: its name, default and meaning (for the generated
 * configuration reference) and how its value is read, declared together so the reference cannot drift from
 * the parsing. Immutable; a type keeps its options in constants.
 *
 * @param <T> what the value becomes once read
 */
public final class CameraOption<T> {
    private final String name;
    private final T fallback;
    private final String defaultValue;
    private final String meaning;
    /** Turns the value from the file (never null) into T, or throws the message after "camera 'ID': options.NAME". */
    private final BiFunction<Object, String, T> parser;

    private CameraOption(String name, T fallback, String defaultValue, String meaning, BiFunction<Object, String, T> parser) {
        this.name = name;
        this.fallback = fallback;
        this.defaultValue = defaultValue;
        this.meaning = meaning;
        this.parser = parser;
    }

    /** A whole number from min to max. */
    public static CameraOption<Integer> whole(String name, int fallback, int min, int max, String meaning) {
        return new CameraOption<>(name, fallback, String.valueOf(fallback), meaning, (value, where) -> {
            if (!(value instanceof Integer n) || n < min || n > max) {
                throw new BadSetting(List.of("options", name), where + " must be a whole number from " + min + " to " + max);
            }
            return n;
        });
    }

    /** true or false. */
    public static CameraOption<Boolean> flag(String name, boolean fallback, String meaning) {
        return new CameraOption<>(name, fallback, String.valueOf(fallback), meaning, (value, where) -> {
            if (!(value instanceof Boolean b)) {
                throw new BadSetting(List.of("options", name), where + " must be true or false");
            }
            return b;
        });
    }

    /** A duration above zero, written like the config's other durations (5s, 500ms). */
    public static CameraOption<Duration> duration(String name, Duration fallback, String meaning) {
        return new CameraOption<>(name, fallback, Durations.format(fallback), meaning, (value, where) -> {
            try {
                Duration d = Durations.parse(String.valueOf(value));
                if (d.isZero()) {
                    throw new IllegalArgumentException("must be above 0");
                }
                return d;
            } catch (IllegalArgumentException e) {
                throw new BadSetting(List.of("options", name), where + ": " + e.getMessage());
            }
        });
    }

    public String name() {
        return name;
    }

    /** The default as the reference shows it. */
    public String defaultValue() {
        return defaultValue;
    }

    public String meaning() {
        return meaning;
    }

    /**
     * This option's value in {@code config}, or its default when absent.
     *
     * @throws BadSetting pointing at the option, naming the camera and what the value must be
     */
    T read(CameraConfig config) {
        Object value = config.options().get(name);
        return value == null ? fallback : parser.apply(value, "camera '" + config.id() + "': options." + name);
    }

    /**
     * Refuses an option the camera's type does not read: a typo ({@code max_viewer}) or another type's option
     * would otherwise be ignored without a word and leave its default in force.
     */
    public static void refuseUnknown(CameraConfig config, List<CameraOption<?>> known) {
        for (String option : config.options().keySet().stream().sorted().toList()) {
            if (known.stream().noneMatch(o -> o.name().equals(option))) {
                String accepted = known.isEmpty() ? "takes no options"
                        : "takes " + known.stream().map(CameraOption::name).collect(Collectors.joining(", "));
                throw new BadSetting(List.of("options", option), "camera '" + config.id() + "': unknown option '" + option
                        + "' (type " + config.type() + " " + accepted + ")");
            }
        }
    }

    @Override
    public String toString() {
        return name + " (default " + defaultValue + ")";
    }
}
