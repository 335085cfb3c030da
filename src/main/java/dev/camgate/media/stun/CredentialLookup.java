package dev.camgate.media.stun;

/**
 * Finds the session camgate created with a given local ufrag, as the first half of a Binding request's USERNAME
 * names it. Called on the packet path for every request that passed FINGERPRINT, so it must not allocate and
 * must answer null, not throw, for bytes it has never seen; {@link UfragTable#credentials} is one.
 */
@FunctionalInterface
public interface CredentialLookup {
    /** The credentials whose ufrag is the bytes {@code buf[off, off+len)}, or null. */
    IceCredentials find(byte[] buf, int off, int len);
}
