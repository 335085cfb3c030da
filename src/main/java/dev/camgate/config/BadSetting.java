package dev.camgate.config;

import java.util.List;

/**
 * A check that refuses one setting, and which one: Jackson reports a record constructor's refusal at the end
 * of the enclosing object, so the loader uses {@link #path()} to point at the setting's own line instead.
 */
public final class BadSetting extends IllegalArgumentException {
    private final transient List<Object> path;

    /** @param path property names and list indexes below the object being checked, e.g. ["cameras", 2, "id"] */
    public BadSetting(List<Object> path, String message) {
        super(message);
        this.path = List.copyOf(path);
    }

    public BadSetting(String setting, String message) {
        this(List.of(setting), message);
    }

    public List<Object> path() {
        return path;
    }
}
