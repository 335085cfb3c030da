package dev.camgate.camera;

import dev.camgate.config.CameraConfig;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * One camera's options as its type reads them, during {@link CameraType#parse}. It refuses to read an option
 * the type does not declare and notices one the type declares but never reads, so the reference (built from
 * the declaration) and the parsing cannot drift apart. Used by one thread, for one parse.
 */
public final class OptionValues {
    private final String type;
    private final CameraConfig config;
    private final List<CameraOption<?>> declared;
    private final Set<CameraOption<?>> read = Collections.newSetFromMap(new IdentityHashMap<>());

    OptionValues(String type, CameraConfig config, List<CameraOption<?>> declared) {
        this.type = type;
        this.config = config;
        this.declared = declared;
    }

    /**
     * The option's value, or its default when the file leaves it out.
     *
     * @throws dev.camgate.config.BadSetting when the value is not what the option takes
     * @throws IllegalStateException when the type does not declare the option (a bug in the type)
     */
    public <T> T get(CameraOption<T> option) {
        if (declared.stream().noneMatch(o -> o == option)) {
            throw new IllegalStateException("camera type " + type + " reads option '" + option.name() + "' it does not declare");
        }
        read.add(option);
        return option.read(config);
    }

    void checkAllRead() {
        for (CameraOption<?> option : declared) {
            if (!read.contains(option)) {
                throw new IllegalStateException("camera type " + type + " declares option '" + option.name() + "' but never reads it");
            }
        }
    }
}
