package dev.camgate.media.stun;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.zip.CRC32;
import javax.crypto.Mac;

/**
 * A STUN message (RFC 8489) read in place: the header and an index of where each attribute camgate cares about
 * sits, over the bytes as they came off the wire. One instance is reused for message after message ({@link #read}),
 * so the packet path allocates nothing to look at a datagram; an instance is not thread-safe and is valid only
 * while its buffer is unchanged.
 *
 * <p>Only the first occurrence of an attribute counts (RFC 8489 §14), and attributes after MESSAGE-INTEGRITY are
 * skipped except FINGERPRINT (§14.5), which must be the last. Offsets returned by the accessors are relative to
 * the message's first byte.
 */
public final class StunMessage {
    public static final int HEADER = 20;
    public static final int MAGIC_COOKIE = 0x2112A442;
    public static final int FINGERPRINT_XOR = 0x5354554E;

    public static final int BINDING = 0x001;
    public static final int BINDING_REQUEST = 0x0001;
    public static final int BINDING_INDICATION = 0x0011;
    public static final int BINDING_SUCCESS = 0x0101;
    public static final int BINDING_ERROR = 0x0111;

    public static final int MAPPED_ADDRESS = 0x0001;
    public static final int USERNAME = 0x0006;
    public static final int MESSAGE_INTEGRITY = 0x0008;
    public static final int ERROR_CODE = 0x0009;
    public static final int UNKNOWN_ATTRIBUTES = 0x000A;
    public static final int XOR_MAPPED_ADDRESS = 0x0020;
    public static final int PRIORITY = 0x0024;
    public static final int USE_CANDIDATE = 0x0025;
    public static final int SOFTWARE = 0x8022;
    public static final int FINGERPRINT = 0x8028;
    public static final int ICE_CONTROLLED = 0x8029;
    public static final int ICE_CONTROLLING = 0x802A;

    /** RFC 8489 §14.3: fewer than 509 bytes. */
    public static final int MAX_USERNAME = 508;
    /** How many unknown comprehension-required attribute types are remembered (and so listed in a 420). */
    public static final int MAX_UNKNOWN = 8;

    /** The four classes of RFC 8489 §5, from the C1 and C0 bits of the type. */
    public enum Kind {
        REQUEST, INDICATION, SUCCESS, ERROR;

        private static final Kind[] BY_BITS = values();
    }

    private byte[] buf;
    private int off;
    private int len;
    // Absolute positions in buf of each attribute's value (or, for integrity and fingerprint, its header); -1 absent.
    private int username;
    private int usernameLen;
    private int integrity;
    private int fingerprint;
    private int priority;
    private int useCandidate;
    private int controlling;
    private int controlled;
    private int xorMapped;
    private int errorCode;
    private int errorCodeLen;
    private final int[] unknown = new int[MAX_UNKNOWN];
    private int unknownCount;
    private int problemAt;

    /** An empty view, to be filled by {@link #read}. */
    public StunMessage() {
        clear();
    }

    /** Parses {@code buf[off, off+len)} into a new view. */
    public static StunMessage parse(byte[] buf, int off, int len) throws StunException {
        return new StunMessage().read(buf, off, len);
    }

    /** Parses {@code buf[off, off+len)} into this view, replacing what it held; after a failure its accessors mean nothing. */
    public StunMessage read(byte[] buf, int off, int len) throws StunException {
        StunProblem p = scan(buf, off, len);
        if (p != null) {
            throw new StunException(p, problemAt);
        }
        return this;
    }

    /**
     * The cheap test of RFC 8489 §6 / RFC 7983 a demultiplexer runs on every datagram: the first two bits are 0,
     * the magic cookie is there, and the length field is {@code len - 20} and a multiple of 4.
     */
    public static boolean isStun(byte[] buf, int off, int len) {
        return header(buf, off, len) == null;
    }

    /** The first header check {@code buf[off, off+len)} fails, or null if the header is sound. */
    static StunProblem header(byte[] b, int o, int n) {
        if (n < HEADER) {
            return StunProblem.TOO_SHORT;
        }
        if ((b[o] & 0xC0) != 0) {
            return StunProblem.NOT_STUN;
        }
        if (s32(b, o + 4) != MAGIC_COOKIE) {
            return StunProblem.BAD_COOKIE;
        }
        int length = u16(b, o + 2);
        if (length != n - HEADER) {
            return StunProblem.LENGTH_MISMATCH;
        }
        if ((length & 3) != 0) {
            return StunProblem.UNALIGNED_LENGTH;
        }
        return null;
    }

    /**
     * Fills the view, or returns what is wrong (and leaves the position in {@link #problemAt}) without throwing:
     * the answerer's way in, so junk costs no exception.
     */
    StunProblem scan(byte[] b, int o, int n) {
        Objects.checkFromIndexSize(o, n, b.length);
        clear();
        this.buf = b;
        this.off = o;
        this.len = n;
        StunProblem h = header(b, o, n);
        if (h != null) {
            problemAt = 0;
            return h;
        }
        int end = o + n;
        int p = o + HEADER;
        while (p < end) {
            if (fingerprint >= 0) {
                return fail(StunProblem.FINGERPRINT_NOT_LAST, p);
            }
            if (end - p < 4) {
                return fail(StunProblem.ATTRIBUTE_TRUNCATED, p);
            }
            int type = u16(b, p);
            int vlen = u16(b, p + 2);
            int padded = (vlen + 3) & ~3;
            if (padded > end - p - 4) {
                return fail(StunProblem.ATTRIBUTE_TRUNCATED, p);
            }
            StunProblem bad = type == FINGERPRINT ? fingerprintAt(p, vlen)
                    : integrity < 0 ? index(type, p, vlen) : null;
            if (bad != null) {
                return fail(bad, p);
            }
            p += 4 + padded;
        }
        return null;
    }

    private StunProblem fingerprintAt(int p, int vlen) {
        if (vlen != 4) {
            return StunProblem.BAD_FINGERPRINT_LENGTH;
        }
        fingerprint = p;
        return null;
    }

    /** Records one attribute that comes before MESSAGE-INTEGRITY. */
    private StunProblem index(int type, int p, int vlen) {
        int v = p + 4;
        switch (type) {
            case USERNAME -> {
                if (vlen > MAX_USERNAME) {
                    return StunProblem.USERNAME_TOO_LONG;
                }
                if (username < 0) {
                    username = v;
                    usernameLen = vlen;
                }
            }
            case MESSAGE_INTEGRITY -> {
                if (vlen != 20) {
                    return StunProblem.BAD_INTEGRITY_LENGTH;
                }
                integrity = p;
            }
            case PRIORITY -> {
                if (vlen != 4) {
                    return StunProblem.BAD_PRIORITY_LENGTH;
                }
                priority = first(priority, v);
            }
            case USE_CANDIDATE -> {
                if (vlen != 0) {
                    return StunProblem.BAD_USE_CANDIDATE_LENGTH;
                }
                useCandidate = first(useCandidate, v);
            }
            case ICE_CONTROLLING, ICE_CONTROLLED -> {
                if (vlen != 8) {
                    return StunProblem.BAD_ROLE_LENGTH;
                }
                if (type == ICE_CONTROLLING) {
                    controlling = first(controlling, v);
                } else {
                    controlled = first(controlled, v);
                }
            }
            case XOR_MAPPED_ADDRESS, MAPPED_ADDRESS -> {
                int family = vlen >= 2 ? buf[v + 1] & 0xFF : 0;
                if (!(family == 1 && vlen == 8 || family == 2 && vlen == 20)) {
                    return StunProblem.BAD_ADDRESS;
                }
                if (type == XOR_MAPPED_ADDRESS) {
                    xorMapped = first(xorMapped, v);
                }
            }
            case ERROR_CODE -> {
                int code = vlen >= 4 ? (buf[v + 2] & 0x07) * 100 + (buf[v + 3] & 0xFF) : 0;
                if (vlen > 767 || code < 300 || code > 699 || (buf[v + 3] & 0xFF) > 99) {
                    return StunProblem.BAD_ERROR_CODE;
                }
                if (errorCode < 0) {
                    errorCode = v;
                    errorCodeLen = vlen;
                }
            }
            case UNKNOWN_ATTRIBUTES -> {
                // understood; nothing camgate needs from it
            }
            default -> {
                if (type < 0x8000 && unknownCount < MAX_UNKNOWN && !isListed(type)) {
                    unknown[unknownCount++] = type;
                }
            }
        }
        return null;
    }

    private boolean isListed(int type) {
        for (int i = 0; i < unknownCount; i++) {
            if (unknown[i] == type) {
                return true;
            }
        }
        return false;
    }

    private static int first(int seen, int v) {
        return seen >= 0 ? seen : v;
    }

    private StunProblem fail(StunProblem p, int at) {
        problemAt = at - off;
        return p;
    }

    private void clear() {
        username = -1;
        usernameLen = 0;
        integrity = -1;
        fingerprint = -1;
        priority = -1;
        useCandidate = -1;
        controlling = -1;
        controlled = -1;
        xorMapped = -1;
        errorCode = -1;
        errorCodeLen = 0;
        unknownCount = 0;
        problemAt = -1;
    }

    public int length() {
        return len;
    }

    /** The 14-bit message type, e.g. {@link #BINDING_REQUEST}. */
    public int type() {
        return u16(buf, off);
    }

    /** The 12-bit method, the type without its class bits (RFC 8489 §5). */
    public int method() {
        int t = type();
        return (t & 0x3E00) >> 2 | (t & 0x00E0) >> 1 | t & 0x000F;
    }

    public Kind kind() {
        int t = type();
        return Kind.BY_BITS[(t >> 7 & 2) | (t >> 4 & 1)];
    }

    /** Whether the transaction id is {@code id[0, 12)}. */
    public boolean hasTransactionId(byte[] id) {
        int diff = 0;
        for (int i = 0; i < 12; i++) {
            diff |= buf[off + 8 + i] ^ id[i];
        }
        return diff == 0;
    }

    public byte[] transactionId() {
        byte[] id = new byte[12];
        System.arraycopy(buf, off + 8, id, 0, 12);
        return id;
    }

    public boolean hasUsername() {
        return username >= 0;
    }

    /** Where USERNAME's value starts, relative to the message; -1 if absent. */
    public int usernameOffset() {
        return username < 0 ? -1 : username - off;
    }

    public int usernameLength() {
        return usernameLen;
    }

    /** USERNAME decoded as UTF-8 (malformed bytes become U+FFFD), or null if absent. Allocates. */
    public String username() {
        return username < 0 ? null : new String(buf, username, usernameLen, StandardCharsets.UTF_8);
    }

    public boolean hasIntegrity() {
        return integrity >= 0;
    }

    /** Where the MESSAGE-INTEGRITY attribute (its type field) starts, relative to the message; -1 if absent. */
    public int integrityOffset() {
        return integrity < 0 ? -1 : integrity - off;
    }

    public boolean hasFingerprint() {
        return fingerprint >= 0;
    }

    /** Where the FINGERPRINT attribute (its type field) starts, relative to the message; -1 if absent. */
    public int fingerprintOffset() {
        return fingerprint < 0 ? -1 : fingerprint - off;
    }

    /**
     * Whether FINGERPRINT is present and is the CRC-32 of everything before it XOR 0x5354554e (RFC 8489 §14.7).
     * The length field already counts FINGERPRINT, as it is last, so the bytes are hashed as they are.
     */
    public boolean fingerprintValid(CRC32 crc) {
        if (fingerprint < 0) {
            return false;
        }
        crc.reset();
        crc.update(buf, off, fingerprint - off);
        return ((int) crc.getValue() ^ FINGERPRINT_XOR) == s32(buf, fingerprint + 4);
    }

    /**
     * Whether MESSAGE-INTEGRITY is present and is the HMAC-SHA1, under {@code keyed}'s key, of the message up to
     * it with the length field counting up to and including it (RFC 8489 §14.5). Compares in constant time.
     * {@code keyed} must be an HmacSHA1 Mac already initialised; it is left reset.
     */
    public boolean integrityValid(Mac keyed) {
        if (integrity < 0) {
            return false;
        }
        int lengthAsIfLast = integrity + 24 - off - HEADER;
        keyed.update(buf, off, 2);
        keyed.update((byte) (lengthAsIfLast >>> 8));
        keyed.update((byte) lengthAsIfLast);
        keyed.update(buf, off + 4, integrity - off - 4);
        byte[] mac = keyed.doFinal(); // javax.crypto allocates these 20 bytes whichever doFinal is called
        int diff = 0;
        for (int i = 0; i < 20; i++) {
            diff |= mac[i] ^ buf[integrity + 4 + i];
        }
        return diff == 0;
    }

    /** PRIORITY as an unsigned 32-bit value, or -1 if absent. */
    public long priority() {
        return priority < 0 ? -1 : s32(buf, priority) & 0xFFFFFFFFL;
    }

    public boolean useCandidate() {
        return useCandidate >= 0;
    }

    public boolean iceControlling() {
        return controlling >= 0;
    }

    public boolean iceControlled() {
        return controlled >= 0;
    }

    /** The tie-breaker of ICE-CONTROLLING, else of ICE-CONTROLLED, else 0. */
    public long tiebreaker() {
        int v = controlling >= 0 ? controlling : controlled;
        return v < 0 ? 0 : (long) s32(buf, v) << 32 | s32(buf, v + 4) & 0xFFFFFFFFL;
    }

    public boolean hasXorMappedAddress() {
        return xorMapped >= 0;
    }

    /** XOR-MAPPED-ADDRESS decoded (RFC 8489 §14.2), or null if absent. Allocates. */
    public InetSocketAddress xorMappedAddress() {
        if (xorMapped < 0) {
            return null;
        }
        int port = u16(buf, xorMapped + 2) ^ (MAGIC_COOKIE >>> 16);
        byte[] addr = new byte[buf[xorMapped + 1] == 1 ? 4 : 16];
        for (int i = 0; i < addr.length; i++) {
            // the cookie then the transaction id are the 16 bytes at off+4, the key the address is XORed with
            addr[i] = (byte) (buf[xorMapped + 4 + i] ^ buf[off + 4 + i]);
        }
        try {
            return new InetSocketAddress(InetAddress.getByAddress(addr), port);
        } catch (UnknownHostException e) {
            throw new AssertionError("4 or 16 bytes are always an address", e);
        }
    }

    /** ERROR-CODE as a number 300-699, or -1 if absent. */
    public int errorCode() {
        return errorCode < 0 ? -1 : (buf[errorCode + 2] & 0x07) * 100 + (buf[errorCode + 3] & 0xFF);
    }

    /** ERROR-CODE's reason phrase, or null if absent. Allocates. */
    public String errorReason() {
        return errorCode < 0 ? null : new String(buf, errorCode + 4, errorCodeLen - 4, StandardCharsets.UTF_8);
    }

    /** How many comprehension-required attributes before MESSAGE-INTEGRITY camgate does not understand (at most {@link #MAX_UNKNOWN}). */
    public int unknownCount() {
        return unknownCount;
    }

    public int unknownType(int i) {
        Objects.checkIndex(i, unknownCount);
        return unknown[i];
    }

    /** Where the last failed {@link #read} found its problem, relative to the message; -1 after a success. */
    int problemAt() {
        return problemAt;
    }

    static int u16(byte[] b, int i) {
        return (b[i] & 0xFF) << 8 | b[i + 1] & 0xFF;
    }

    static int s32(byte[] b, int i) {
        return (b[i] & 0xFF) << 24 | (b[i + 1] & 0xFF) << 16 | (b[i + 2] & 0xFF) << 8 | b[i + 3] & 0xFF;
    }
}
