package dev.camgate.media.mp4;

import static dev.camgate.media.mp4.BoxWriter.name;

/**
 * Bounds-checked big-endian reads over one box read into memory (a moov or a moof), and the walk over its child
 * boxes. Every read past a limit is an {@link Mp4Exception} naming the box and the file offset.
 */
final class BoxReader {
    private final byte[] b;
    private final long base;
    /** The header length (8 or 16) of the box {@link #end} last checked. */
    private int header;

    /** {@code base} is the file offset of {@code b[0]}. */
    BoxReader(byte[] b, long base) {
        this.b = b;
        this.base = base;
    }

    long offset(int at) {
        return base + at;
    }

    /** The type of the box whose header starts at {@code at}. */
    int type(int at) {
        return (int) u32(at + 4);
    }

    /**
     * Checks the box at {@code at} lies inside {@code [at, to)} and returns its end; {@link #header} then gives its
     * header length. Size 0 means "to the end of the parent".
     */
    int end(int at, int to, int parent) throws Mp4Exception {
        if (to - at < 8) {
            throw new Mp4Exception(to - at + " stray bytes at offset " + offset(at) + " inside " + name(parent));
        }
        long size = u32(at);
        header = 8;
        if (size == 1) {
            if (to - at < 16) {
                throw new Mp4Exception("box " + name(type(at)) + " at offset " + offset(at) + " has its 64-bit size cut off");
            }
            size = u64(at + 8);
            header = 16;
        } else if (size == 0) {
            size = to - at;
        }
        if (size < header || size > to - at) {
            throw new Mp4Exception("box " + name(type(at)) + " at offset " + offset(at) + " has size " + size + ", "
                    + (size < header ? "less than its header" : "past the end of " + name(parent)));
        }
        return at + (int) size;
    }

    int header() {
        return header;
    }

    /** The first child of the given type among the boxes filling {@code [from, to)}, or -1; all are checked. */
    int child(int from, int to, int type, int parent) throws Mp4Exception {
        int found = -1;
        for (int at = from; at < to; ) {
            int next = end(at, to, parent);
            if (found < 0 && type(at) == type) {
                found = at;
            }
            at = next;
        }
        return found;
    }

    /** Like {@link #child} but the child must be there. */
    int need(int from, int to, int type, int parent, int parentAt) throws Mp4Exception {
        int at = child(from, to, type, parent);
        if (at < 0) {
            throw new Mp4Exception(name(parent) + " at offset " + offset(parentAt) + " has no " + name(type));
        }
        return at;
    }

    /** The body start of a box already checked by {@link #end}. */
    int body(int at) {
        return at + (u32(at) == 1 ? 16 : 8);
    }

    /** Throws unless {@code n} bytes from {@code at} lie before {@code end}, the end of the box at {@code box}. */
    void require(int at, int n, int end, int box) throws Mp4Exception {
        if (n < 0 || at > end - n) {
            throw new Mp4Exception("box " + name(type(box)) + " at offset " + offset(box) + " is too short ("
                    + (end - box) + " bytes) for its fields");
        }
    }

    int u8(int at) {
        return b[at] & 0xFF;
    }

    int u16(int at) {
        return (b[at] & 0xFF) << 8 | b[at + 1] & 0xFF;
    }

    long u32(int at) {
        return ((long) (b[at] & 0xFF) << 24) | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | b[at + 3] & 0xFF;
    }

    long u64(int at) {
        return u32(at) << 32 | u32(at + 4);
    }

    byte[] copy(int at, int n) {
        return java.util.Arrays.copyOfRange(b, at, at + n);
    }
}
