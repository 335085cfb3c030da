package dev.camgate.media.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which addresses camgate offers as host candidates. */
class HostAddressesTest {
    static final InetSocketAddress PUBLIC = new InetSocketAddress("203.0.113.7", 0);
    static final InetSocketAddress FORWARDED = new InetSocketAddress("203.0.113.8", 5000);

    @Test
    void announcedAddressesComeFirstThenTheMachinesOwn() throws Exception {
        List<InetSocketAddress> all = HostAddresses.list(InetAddress.getByName("127.0.0.1"), 41337, List.of(PUBLIC, FORWARDED), false);
        assertEquals(List.of(new InetSocketAddress("203.0.113.7", 41337), FORWARDED, new InetSocketAddress("127.0.0.1", 41337)), all);
    }

    @Test
    void announceOnlyLeavesTheMachinesAddressesOut() throws Exception {
        for (String bound : List.of("127.0.0.1", "0.0.0.0")) {
            List<InetSocketAddress> only = HostAddresses.list(InetAddress.getByName(bound), 41337, List.of(PUBLIC, FORWARDED), true);
            assertEquals(List.of(new InetSocketAddress("203.0.113.7", 41337), FORWARDED), only, "bound to " + bound);
        }
    }

    @Test
    void withNothingAnnouncedTheMachineIsStillReachable() throws Exception {
        List<InetSocketAddress> some = HostAddresses.list(InetAddress.getByName("0.0.0.0"), 41337, List.of(), true);
        assertTrue(!some.isEmpty() && some.stream().allMatch(a -> a.getPort() == 41337), some.toString());
    }
}
