package dev.camgate.auth;

/**
 * What someone may do with a camera. Each right includes the ones before it: admin ⊃ publish ⊃ playback ⊃
 * view. Watching recordings is a right of its own above live view, as in MediaMTX, so that a guest can be
 * shown the door camera now without being shown who came and went last week.
 */
public enum Right {
    VIEW, PLAYBACK, PUBLISH, ADMIN;

    public boolean includes(Right other) {
        return ordinal() >= other.ordinal();
    }

    static Right parse(String name) {
        return valueOf(name.toUpperCase(java.util.Locale.ROOT));
    }
}
