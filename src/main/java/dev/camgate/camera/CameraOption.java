package dev.camgate.camera;

import dev.camgate.config.BadSetting;
import dev.camgate.config.CameraConfig;
import java.util.List;
import java.util.stream.Collectors;

/** One entry under a camera's {@code options}, for the generated configuration reference. */
public record CameraOption(String name, String defaultValue, String meaning) {

    /**
     * Refuses an option the camera's type does not read: a typo ({@code max_viewer}) or another type's option
     * would otherwise be ignored without a word and leave its default in force.
     */
    public static void refuseUnknown(CameraConfig config, List<CameraOption> known) {
        for (String option : config.options().keySet().stream().sorted().toList()) {
            if (known.stream().noneMatch(o -> o.name().equals(option))) {
                String accepted = known.isEmpty() ? "takes no options"
                        : "takes " + known.stream().map(CameraOption::name).collect(Collectors.joining(", "));
                throw new BadSetting(List.of("options", option), "camera '" + config.id() + "': unknown option '" + option
                        + "' (type " + config.type() + " " + accepted + ")");
            }
        }
    }
}
