package dev.camgate.auth;

/** What someone may do with a camera. Each right includes the ones before it: admin ⊃ publish ⊃ view. */
public enum Right {
    VIEW, PUBLISH, ADMIN;

    public boolean includes(Right other) {
        return ordinal() >= other.ordinal();
    }

    static Right parse(String name) {
        return valueOf(name.toUpperCase(java.util.Locale.ROOT));
    }
}
