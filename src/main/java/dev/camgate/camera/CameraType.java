package dev.camgate.camera;

import dev.camgate.config.CameraConfig;

/** One kind of camera (the config's {@code type}). Adding a camera kind means one package with one of these. */
public interface CameraType {
    /** The value of {@code type} in the config. */
    String name();

    /** One sentence for the configuration reference: what camera this is and how it connects. */
    String summary();

    /** Its {@code options}, with defaults, for the configuration reference. */
    java.util.List<CameraOption> options();

    /**
     * Checks the fields this type needs, without building anything.
     *
     * @throws IllegalArgumentException naming the field that is wrong, for the config error message
     */
    void validate(CameraConfig config);

    /** Builds the camera from a config that passed {@link #validate}. */
    Camera create(CameraConfig config, CameraContext context);
}
