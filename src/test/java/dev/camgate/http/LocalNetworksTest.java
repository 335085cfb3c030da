package dev.camgate.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camgate.config.Cidr;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A phone on the home Wi-Fi with a global IPv6 address is at home, not on the internet. */
class LocalNetworksTest {
    @Test
    void anAddressOnOneOfTheMachinesNetworksIsAtHome() throws Exception {
        AtomicLong now = new AtomicLong();
        AtomicInteger reads = new AtomicInteger();
        LocalNetworks home = new LocalNetworks(now::get, () -> {
            reads.incrementAndGet();
            return List.of(Cidr.parse("2001:db8:1:2::/64"), Cidr.parse("192.0.2.0/24"));
        });
        assertTrue(home.contains(InetAddress.getByName("2001:db8:1:2::77")), "the family's phone");
        assertTrue(home.contains(InetAddress.getByName("192.0.2.9")));
        assertFalse(home.contains(InetAddress.getByName("2001:db8:1:3::77")), "another network");
        assertFalse(home.contains(InetAddress.getByName("203.0.113.5")));
        assertFalse(PlainHttpGuard.isPrivate(InetAddress.getByName("2001:db8:1:2::77")), "a global address, so private alone would refuse it");
        assertEquals(1, reads.get(), "the interfaces are read once a minute, not per request");
        now.addAndGet(61_000_000_000L);
        home.contains(InetAddress.getByName("192.0.2.9"));
        assertEquals(2, reads.get(), "and again after a minute (a new DHCP lease)");
    }
}
