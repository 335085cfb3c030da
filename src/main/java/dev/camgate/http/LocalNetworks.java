package dev.camgate.http;

import dev.camgate.config.Cidr;
import java.net.InetAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The networks this machine's interfaces are on. A home network with IPv6 gives every phone a global address,
 * so "private address" alone would call the family's phone on the same Wi-Fi an internet client; a client
 * inside one of these networks is at home whatever its address looks like. Read from the kernel (no DNS),
 * at most once a minute, so a new DHCP lease is seen soon.
 */
final class LocalNetworks {
    private static final long REFRESH = TimeUnit.MINUTES.toNanos(1);

    private final LongSupplier nanos;
    private final Supplier<List<Cidr>> reader;
    private volatile List<Cidr> networks = List.of();
    private volatile long readAt;

    LocalNetworks() {
        this(System::nanoTime, LocalNetworks::read);
    }

    /** @param reader the machine's networks (tests give their own) */
    LocalNetworks(LongSupplier nanos, Supplier<List<Cidr>> reader) {
        this.nanos = nanos;
        this.reader = reader;
        this.readAt = nanos.getAsLong() - REFRESH;
    }

    boolean contains(InetAddress address) {
        long now = nanos.getAsLong();
        if (now - readAt >= REFRESH) {
            readAt = now; // a race between loops only reads the interfaces twice
            networks = reader.get();
        }
        for (Cidr n : networks) {
            if (n.contains(address)) {
                return true;
            }
        }
        return false;
    }

    private static List<Cidr> read() {
        List<Cidr> out = new ArrayList<>();
        try {
            var all = NetworkInterface.getNetworkInterfaces();
            while (all != null && all.hasMoreElements()) {
                NetworkInterface nif = all.nextElement();
                if (!nif.isUp()) {
                    continue;
                }
                for (InterfaceAddress a : nif.getInterfaceAddresses()) {
                    int bits = a.getNetworkPrefixLength();
                    // A /0 or a host route says nothing about neighbours; /8 or wider is not a home network.
                    boolean v4 = a.getAddress().getAddress().length == 4;
                    if (bits >= (v4 ? 16 : 48) && bits < (v4 ? 32 : 128)) {
                        out.add(new Cidr(a.getAddress().getAddress(), bits));
                    }
                }
            }
        } catch (SocketException | RuntimeException e) {
            return List.of(); // nothing counts as on-link; private addresses still do
        }
        return List.copyOf(out);
    }
}
