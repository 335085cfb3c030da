package dev.camgate.media.stun;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Function;

/**
 * Sessions by local ufrag, looked up straight from the bytes of a USERNAME attribute. Reads take no lock and
 * allocate nothing (an open-addressing table over a snapshot that a write replaces whole), so the event loop can
 * ask for every datagram; writes (a session starts or ends) are rare and may come from any thread.
 */
public final class UfragTable<V> {
    private record Snapshot(byte[][] keys, Object[] values, int size) {
    }

    private volatile Snapshot snapshot = new Snapshot(new byte[16][], new Object[16], 0);

    /** Adds or replaces the value for {@code ufrag}. */
    public synchronized void put(String ufrag, V value) {
        if (value == null) {
            throw new IllegalArgumentException("no null values");
        }
        rebuild(ufrag.getBytes(StandardCharsets.UTF_8), value);
    }

    /** Removes {@code ufrag}; returns what it held, or null. */
    public synchronized V remove(String ufrag) {
        V old = get(ufrag);
        if (old != null) {
            rebuild(ufrag.getBytes(StandardCharsets.UTF_8), null);
        }
        return old;
    }

    private void rebuild(byte[] key, Object value) {
        Snapshot s = snapshot;
        int size = s.size + (value == null ? 0 : 1);
        int capacity = 16;
        while (capacity < 2 * size) {
            capacity <<= 1;
        }
        byte[][] keys = new byte[capacity][];
        Object[] values = new Object[capacity];
        int n = 0;
        for (int i = 0; i < s.keys.length; i++) {
            byte[] k = s.keys[i];
            if (k != null && !Arrays.equals(k, key)) {
                insert(keys, values, k, s.values[i]);
                n++;
            }
        }
        if (value != null) {
            insert(keys, values, key, value);
            n++;
        }
        snapshot = new Snapshot(keys, values, n);
    }

    private static void insert(byte[][] keys, Object[] values, byte[] key, Object value) {
        int mask = keys.length - 1;
        int i = hash(key, 0, key.length) & mask;
        while (keys[i] != null) {
            i = (i + 1) & mask;
        }
        keys[i] = key;
        values[i] = value;
    }

    /** The value whose ufrag is the bytes {@code buf[off, off+len)}, or null. */
    @SuppressWarnings("unchecked")
    public V get(byte[] buf, int off, int len) {
        Snapshot s = snapshot;
        byte[][] keys = s.keys;
        int mask = keys.length - 1;
        // The table is never more than half full, so a probe always reaches an empty slot.
        for (int i = hash(buf, off, len) & mask; ; i = (i + 1) & mask) {
            byte[] k = keys[i];
            if (k == null) {
                return null;
            }
            if (Arrays.equals(k, 0, k.length, buf, off, off + len)) {
                return (V) s.values[i];
            }
        }
    }

    public V get(String ufrag) {
        byte[] b = ufrag.getBytes(StandardCharsets.UTF_8);
        return get(b, 0, b.length);
    }

    public int size() {
        return snapshot.size;
    }

    /** This table as the answerer's lookup, through {@code credentialsOf} (which must not allocate). */
    public CredentialLookup credentials(Function<? super V, IceCredentials> credentialsOf) {
        return (buf, off, len) -> {
            V v = get(buf, off, len);
            return v == null ? null : credentialsOf.apply(v);
        };
    }

    private static int hash(byte[] b, int off, int len) {
        int h = 0x811C9DC5;
        for (int i = off; i < off + len; i++) {
            h = (h ^ b[i]) * 0x01000193;
        }
        return h ^ h >>> 16;
    }
}
