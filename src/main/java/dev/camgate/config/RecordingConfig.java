package dev.camgate.config;

import java.time.Duration;

/**
 * Where and how cameras with {@code record: true} are recorded, and the rules that keep recordings from
 * filling the disk (docs/recording.md).
 */
public record RecordingConfig(
        @Doc("Folder for recordings, one folder per camera inside; default `recordings` in `state_dir`.") String path,
        @Doc("A recording file starts afresh at the first keyframe after this long (2s to 1h).") Duration segment,
        @Doc("Video reaches the disk in pieces this long: what a power cut can lose at most (200ms to 10s).") Duration fragment,
        @Doc("How long recordings are kept; a camera's own `retention` overrides it.") Duration retention,
        @Doc("Most space all recordings together may take, like `50GB`; `0` = no limit but the free-space floor. The oldest go first.") ByteSize budget,
        @Doc("Space the disk must keep free, like `2GB`: when less is free the oldest recordings go, and recording pauses while nothing is left to delete.") ByteSize minFree,
        @Doc("camgate asks a recorded camera for a keyframe at least this often, so that playback can start close to any moment (1s to 60s).") Duration keyframeInterval) {

    public RecordingConfig {
        path = path == null || path.isBlank() ? null : path;
        segment = within("segment", segment, Duration.ofMinutes(5), Duration.ofSeconds(2), Duration.ofHours(1));
        fragment = within("fragment", fragment, Duration.ofSeconds(1), Duration.ofMillis(200), Duration.ofSeconds(10));
        if (fragment.compareTo(segment) > 0) {
            throw new BadSetting("fragment", "recording.fragment (" + Durations.format(fragment) + ") is longer than recording.segment ("
                    + Durations.format(segment) + ")");
        }
        retention = within("retention", retention, Duration.ofDays(7), Duration.ofMinutes(1), Duration.ofDays(3650));
        budget = budget == null ? ByteSize.ZERO : budget;
        minFree = minFree == null ? ByteSize.ofMebibytes(1024) : minFree;
        keyframeInterval = within("keyframe_interval", keyframeInterval, Duration.ofSeconds(4), Duration.ofSeconds(1), Duration.ofSeconds(60));
    }

    public static RecordingConfig defaults() {
        return Records.ofNulls(RecordingConfig.class);
    }

    static Duration within(String name, Duration value, Duration fallback, Duration min, Duration max) {
        Duration v = value == null ? fallback : value;
        if (v.compareTo(min) < 0 || v.compareTo(max) > 0) {
            throw new BadSetting(name, "recording." + name + " must be between " + Durations.format(min) + " and "
                    + Durations.format(max) + ", not " + Durations.format(v));
        }
        return v;
    }
}
