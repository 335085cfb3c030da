package dev.camgate.media.transport;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The addresses camgate's media port can be reached at, for host candidates: announced ones first (a port
 * forward, a 1:1 NAT; alone if so configured), then the machine's own, then loopback last (a viewer on the same machine). Reading the
 * interfaces is a system call per interface, so the result is kept for a while by the caller.
 */
public final class HostAddresses {
    private HostAddresses() {
    }

    /**
     * @param bound     the address the port is bound to; a specific one is the only machine address offered
     * @param port      the media port's number
     * @param announced addresses to offer beside the machine's, with their own port or 0 for {@code port}
     * @param announcedOnly offer the announced addresses alone: the machine's own are unreachable from outside
     */
    public static List<InetSocketAddress> list(InetAddress bound, int port, List<InetSocketAddress> announced,
                                               boolean announcedOnly) {
        Set<InetSocketAddress> out = new LinkedHashSet<>();
        for (InetSocketAddress a : announced) {
            out.add(new InetSocketAddress(a.getAddress(), a.getPort() == 0 ? port : a.getPort()));
        }
        if (announcedOnly && !out.isEmpty()) {
            return List.copyOf(out);
        }
        if (!bound.isAnyLocalAddress()) {
            out.add(new InetSocketAddress(bound, port));
            return List.copyOf(out);
        }
        boolean ipv6 = bound instanceof Inet6Address;
        List<InetAddress> loopback = new ArrayList<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp()) {
                    continue;
                }
                for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                    if (a.isLinkLocalAddress() || (!ipv6 && a instanceof Inet6Address)) {
                        continue; // link-local needs a scope a remote cannot use; an IPv4 socket cannot reach IPv6
                    }
                    if (a.isLoopbackAddress()) {
                        loopback.add(a);
                    } else {
                        out.add(new InetSocketAddress(a, port));
                    }
                }
            }
        } catch (SocketException e) {
            // No interface list (a locked-down container): loopback and the announced addresses still work.
        }
        for (InetAddress a : loopback) {
            out.add(new InetSocketAddress(a, port));
        }
        if (out.isEmpty()) {
            out.add(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        }
        return List.copyOf(out);
    }
}
