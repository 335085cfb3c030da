package dev.camgate.net;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

/**
 * Which of Netty's transports the hub's loops run. Linux's epoll where its native library loads: the media port
 * then hands a whole read batch of datagrams (one camera packet for every viewer) to the kernel in one
 * {@code sendmmsg}, where NIO makes a system call per datagram. NIO everywhere else (the native file here is
 * for x86-64 only, so a Raspberry Pi runs NIO), or when {@code -Dcamgate.transport=nio} asks for it.
 *
 * <p>A channel must match its loop's transport, so code that opens one asks {@link #of} the loop it was given;
 * tests and tools that make NIO loops of their own keep working unchanged.
 */
public enum Transport {
    EPOLL, NIO;

    /** The system property that turns epoll off: {@code -Dcamgate.transport=nio}. */
    public static final String PROPERTY = "camgate.transport";

    /** What the hub runs on this machine. */
    public static Transport best() {
        if ("nio".equalsIgnoreCase(System.getProperty(PROPERTY, ""))) {
            return NIO;
        }
        return Epoll.isAvailable() ? EPOLL : NIO;
    }

    /** Why epoll is not used here, for the start-up log; null when it is available. */
    public static String epollUnavailable() {
        Throwable why = Epoll.unavailabilityCause();
        return why == null ? null : why.getMessage() == null ? why.toString() : why.getMessage();
    }

    /** The transport {@code group}'s loops run. */
    public static Transport of(EventLoopGroup group) {
        return group instanceof IoEventLoopGroup g && g.isIoType(EpollIoHandler.class) ? EPOLL : NIO;
    }

    public IoHandlerFactory handlers() {
        return this == EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    }

    public Class<? extends ServerSocketChannel> serverSocket() {
        return this == EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    public Class<? extends SocketChannel> socket() {
        return this == EPOLL ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    public Class<? extends DatagramChannel> datagram() {
        return this == EPOLL ? EpollDatagramChannel.class : NioDatagramChannel.class;
    }
}
