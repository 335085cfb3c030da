package dev.camgate.config;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * One camera from the config file. {@code type} names a {@link dev.camgate.camera.CameraType}; which other
 * fields it needs ({@code key}, {@code url}, {@code options}) is checked by that type.
 */
public record CameraConfig(String id, String name, String type, String key, String url, Map<String, Object> options) {

    /** Ids travel in URLs and as Ayame room ids: keep them to characters that need no escaping anywhere. */
    public static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public CameraConfig {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("camera id '" + id
                    + "' must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        if (type == null || type.isBlank()) {
            throw new IllegalArgumentException("camera '" + id + "' needs a 'type'");
        }
        name = name == null || name.isBlank() ? id : name;
        options = options == null ? Map.of() : Map.copyOf(options);
    }

    /** A whole-number option between min and max, or the fallback when absent; the message names the option. */
    public int intOption(String option, int fallback, int min, int max) {
        Object value = options.getOrDefault(option, fallback);
        if (!(value instanceof Integer n) || n < min || n > max) {
            throw new IllegalArgumentException("camera '" + id + "': options." + option + " must be a whole number from "
                    + min + " to " + max);
        }
        return n;
    }
}
