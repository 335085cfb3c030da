package dev.camgate.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * An IP address or a CIDR block, as {@code web.trusted_proxies} lists them. One parser for the config check
 * and for the running hub, so a file that passes check-config also starts; it never asks DNS, because a
 * host name's answer can change under a running hub.
 */
public record Cidr(byte[] base, int bits) {
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    public Cidr {
        base = base.clone();
    }

    /** @throws IllegalArgumentException in words, naming the text */
    public static Cidr parse(String text) {
        String t = text == null ? "" : text.strip();
        int slash = t.indexOf('/');
        String address = slash < 0 ? t : t.substring(0, slash);
        InetAddress a = literal(address);
        if (a == null) {
            throw new IllegalArgumentException("'" + text + "' is not an IP address or a CIDR block like 10.0.0.0/8 or fd00::/8"
                    + " (host names are not accepted: their address can change)");
        }
        int max = a.getAddress().length * 8;
        int bits = max;
        if (slash >= 0) {
            String prefix = t.substring(slash + 1);
            bits = prefix.matches("\\d{1,3}") ? Integer.parseInt(prefix) : -1;
            if (bits < 0 || bits > max) {
                throw new IllegalArgumentException("'" + text + "': the prefix length after '/' must be a number from 0 to " + max);
            }
        }
        return new Cidr(a.getAddress(), bits);
    }

    /** An IPv4 dotted quad or an IPv6 literal, else null; never a DNS query (getByName only sees literals here). */
    public static InetAddress literal(String text) {
        if (text == null || !(IPV4.matcher(text).matches() || text.indexOf(':') >= 0 && IPV6.matcher(text).matches())) {
            return null;
        }
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    public boolean contains(InetAddress address) {
        byte[] b = address.getAddress();
        if (b.length != base.length) {
            return false;
        }
        for (int i = 0; i < bits; i++) {
            int mask = 0x80 >> (i % 8);
            if ((b[i / 8] & mask) != (base[i / 8] & mask)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr c && c.bits == bits && java.util.Arrays.equals(c.base, base);
    }

    @Override
    public int hashCode() {
        return 31 * java.util.Arrays.hashCode(base) + bits;
    }

    @Override
    public String toString() {
        try {
            return InetAddress.getByAddress(base).getHostAddress() + "/" + bits;
        } catch (UnknownHostException e) {
            return "?/" + bits;
        }
    }
}
