package dev.camgate.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class CidrTest {
    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0/abc", "10.0.0.0/33", "10.0.0.0/-1", "10.0.0.0/", "10.0.0.0/8/8", "::/129", "fd00::/+8",
            "proxy.example.org", "localhost", "10", "1.2.3", "256.0.0.1", "010.0.0.1", "[::1]", "fe80::1%eth0", "", " ", "10.0.0.0 /8"})
    void refusesWhatIsNotAnAddressOrBlock(String text) {
        String message = assertThrows(IllegalArgumentException.class, () -> Cidr.parse(text)).getMessage();
        assertTrue(message.startsWith("'" + text + "'"), message);
    }

    @Test
    void readsIpv4AndIpv6AddressesAndBlocks() throws Exception {
        assertTrue(Cidr.parse("10.0.0.0/8").contains(InetAddress.getByName("10.200.1.1")));
        assertFalse(Cidr.parse("10.0.0.0/8").contains(InetAddress.getByName("11.0.0.1")));
        assertTrue(Cidr.parse("192.168.1.5").contains(InetAddress.getByName("192.168.1.5")));
        assertTrue(Cidr.parse("fd00::/8").contains(InetAddress.getByName("fd12::1")));
        assertFalse(Cidr.parse("fd00::/8").contains(InetAddress.getByName("10.0.0.1")));
        assertTrue(Cidr.parse("0.0.0.0/0").contains(InetAddress.getByName("8.8.8.8")));
        assertTrue(Cidr.parse(" ::1 ").contains(InetAddress.getByName("::1")));
    }

    @Test
    void literalNeverResolvesNames() {
        assertNull(Cidr.literal("localhost"));
        assertNull(Cidr.literal("example.org"));
    }
}
