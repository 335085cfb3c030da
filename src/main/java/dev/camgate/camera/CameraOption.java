package dev.camgate.camera;

/** One entry under a camera's {@code options}, for the generated configuration reference. */
public record CameraOption(String name, String defaultValue, String meaning) {
}
