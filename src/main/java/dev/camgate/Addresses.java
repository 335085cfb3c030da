package dev.camgate;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The addresses a phone on the LAN can type to reach this machine, for the start-up text. Read from the
 * interfaces, never from DNS: a headless Pi often has no name that resolves, and a lookup could stall the start.
 */
final class Addresses {
    private Addresses() {
    }

    /** Every usable address of every interface that is up, as URL hosts (IPv6 in brackets). */
    static List<String> ofThisMachine(boolean withIpv6) {
        List<InetAddress> found = new ArrayList<>();
        try {
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (nif.isUp() && !nif.isLoopback()) {
                    found.addAll(Collections.list(nif.getInetAddresses()));
                }
            }
        } catch (SocketException e) {
            // Only a convenience for the welcome text: localhost is still printed.
        }
        return usable(found, withIpv6);
    }

    /**
     * Loopback is covered by localhost, and link-local (169.254/16, fe80::/10) needs a zone id no phone
     * browser accepts; an IPv6 address only helps when camgate listens on "::".
     */
    static List<String> usable(List<InetAddress> addresses, boolean withIpv6) {
        List<String> out = new ArrayList<>();
        for (InetAddress a : addresses) {
            if (a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isAnyLocalAddress() || a.isMulticastAddress()) {
                continue;
            }
            if (a instanceof Inet4Address) {
                out.add(a.getHostAddress());
            } else if (a instanceof Inet6Address && withIpv6) {
                String text = a.getHostAddress();
                int zone = text.indexOf('%');
                out.add("[" + (zone < 0 ? text : text.substring(0, zone)) + "]");
            }
        }
        return out.stream().distinct().toList();
    }
}
