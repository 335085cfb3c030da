package dev.camgate.media.transport;

import dev.camgate.net.Transport;

/** The media port's tests on Java NIO, the transport of machines without epoll's native file (a Raspberry Pi). */
class MediaPortNioTest extends MediaPortTest {
    @Override
    Transport transport() {
        return Transport.NIO;
    }
}
