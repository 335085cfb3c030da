package dev.camgate.media.stun;

import java.net.InetSocketAddress;
import java.util.zip.CRC32;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;

/**
 * Writes a STUN message into a caller's buffer, attribute by attribute, keeping the header's length field
 * current. Positions are absolute in the buffer; each method returns where the next attribute goes.
 */
final class StunWriter {
    private StunWriter() {
    }

    /** The header with a zero length; the transaction id is copied from {@code txBuf[txOff, txOff+12)}. */
    static int header(byte[] out, int o, int type, byte[] txBuf, int txOff) {
        putU16(out, o, type);
        putU16(out, o + 2, 0);
        putS32(out, o + 4, StunMessage.MAGIC_COOKIE);
        System.arraycopy(txBuf, txOff, out, o + 8, 12);
        return o + StunMessage.HEADER;
    }

    /** An attribute header, its value left to the caller, the padding zeroed, the length field updated. */
    static int attribute(byte[] out, int o, int p, int type, int vlen) {
        putU16(out, p, type);
        putU16(out, p + 2, vlen);
        int end = p + 4 + ((vlen + 3) & ~3);
        for (int i = p + 4 + vlen; i < end; i++) {
            out[i] = 0;
        }
        putU16(out, o + 2, end - o - StunMessage.HEADER);
        return p + 4;
    }

    static int bytes(byte[] out, int o, int p, int type, byte[] value) {
        int v = attribute(out, o, p, type, value.length);
        System.arraycopy(value, 0, out, v, value.length);
        return v + ((value.length + 3) & ~3);
    }

    static int u32(byte[] out, int o, int p, int type, long value) {
        int v = attribute(out, o, p, type, 4);
        putS32(out, v, (int) value);
        return v + 4;
    }

    static int u64(byte[] out, int o, int p, int type, long value) {
        int v = attribute(out, o, p, type, 8);
        putS32(out, v, (int) (value >>> 32));
        putS32(out, v + 4, (int) value);
        return v + 8;
    }

    static int flag(byte[] out, int o, int p, int type) {
        return attribute(out, o, p, type, 0);
    }

    /** XOR-MAPPED-ADDRESS of {@code address}; the header (cookie, transaction id) must already be written. Allocates the address bytes. */
    static int xorMappedAddress(byte[] out, int o, int p, InetSocketAddress address) {
        byte[] addr = address.getAddress().getAddress();
        int v = attribute(out, o, p, StunMessage.XOR_MAPPED_ADDRESS, 4 + addr.length);
        out[v] = 0;
        out[v + 1] = (byte) (addr.length == 4 ? 1 : 2);
        putU16(out, v + 2, address.getPort() ^ StunMessage.MAGIC_COOKIE >>> 16);
        for (int i = 0; i < addr.length; i++) {
            out[v + 4 + i] = (byte) (addr[i] ^ out[o + 4 + i]);
        }
        return v + 4 + addr.length;
    }

    /** The space {@link #xorMappedAddress} takes for {@code address}. */
    static int xorMappedAddressSize(InetSocketAddress address) {
        return address.getAddress().getAddress().length == 4 ? 12 : 24;
    }

    /** ERROR-CODE with {@code code} (300-699) and a reason phrase of ASCII. */
    static int errorCode(byte[] out, int o, int p, int code, String reason) {
        int v = attribute(out, o, p, StunMessage.ERROR_CODE, 4 + reason.length());
        out[v] = 0;
        out[v + 1] = 0;
        out[v + 2] = (byte) (code / 100);
        out[v + 3] = (byte) (code % 100);
        for (int i = 0; i < reason.length(); i++) {
            out[v + 4 + i] = (byte) reason.charAt(i);
        }
        return v + ((4 + reason.length() + 3) & ~3);
    }

    /** MESSAGE-INTEGRITY over {@code out[o, p)}, the length field counting it (RFC 8489 §14.5). */
    static int integrity(Mac keyed, byte[] out, int o, int p) {
        int v = attribute(out, o, p, StunMessage.MESSAGE_INTEGRITY, 20);
        keyed.update(out, o, p - o);
        try {
            keyed.doFinal(out, v);
        } catch (ShortBufferException e) {
            throw new IllegalStateException("the caller checked the room", e);
        }
        return v + 20;
    }

    /** FINGERPRINT over {@code out[o, p)}, the length field counting it; it ends the message. */
    static int fingerprint(CRC32 crc, byte[] out, int o, int p) {
        int v = attribute(out, o, p, StunMessage.FINGERPRINT, 4);
        crc.reset();
        crc.update(out, o, p - o);
        putS32(out, v, (int) crc.getValue() ^ StunMessage.FINGERPRINT_XOR);
        return v + 4;
    }

    static void putU16(byte[] b, int i, int v) {
        b[i] = (byte) (v >>> 8);
        b[i + 1] = (byte) v;
    }

    static void putS32(byte[] b, int i, int v) {
        b[i] = (byte) (v >>> 24);
        b[i + 1] = (byte) (v >>> 16);
        b[i + 2] = (byte) (v >>> 8);
        b[i + 3] = (byte) v;
    }
}
