package dev.camgate.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TransportTest {
    /** The jar carries epoll's native file for Linux x86-64: there the hub must not quietly fall back to NIO. */
    @Test
    void linuxOnX8664RunsEpoll() {
        boolean linuxX64 = System.getProperty("os.name").equals("Linux") && System.getProperty("os.arch").equals("amd64");
        assertEquals(linuxX64 ? Transport.EPOLL : Transport.NIO, Transport.best(), "epoll: " + Transport.epollUnavailable());
    }

    @Test
    void aChannelTakesItsLoopsTransport() {
        for (Transport t : Transport.values()) {
            if (t == Transport.EPOLL && Transport.best() != Transport.EPOLL) {
                continue; // no native file on this machine: only NIO loops can be made
            }
            EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, t.handlers());
            try {
                assertEquals(t, Transport.of(group));
                assertEquals(t, Transport.of(group.next()), "a single loop answers as its group does");
            } finally {
                group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void thePropertyTurnsEpollOff() {
        String before = System.getProperty(Transport.PROPERTY);
        System.setProperty(Transport.PROPERTY, "nio");
        try {
            assertEquals(Transport.NIO, Transport.best());
        } finally {
            if (before == null) {
                System.clearProperty(Transport.PROPERTY);
            } else {
                System.setProperty(Transport.PROPERTY, before);
            }
        }
    }
}
