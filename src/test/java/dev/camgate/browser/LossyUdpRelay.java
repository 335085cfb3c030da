package dev.camgate.browser;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A UDP relay on loopback that loses a share of the datagrams at random, both ways: what peers send to its
 * {@link #address()} goes on to the target from a socket of its own per peer (so the target tells the peers
 * apart), and what the target answers on that socket goes back to the peer. It stops by itself after
 * {@code life}, so a test that forgets it leaves no threads behind for long.
 */
final class LossyUdpRelay implements AutoCloseable {
    private final DatagramSocket front;
    private final double loss;
    private final long deadline;
    private final Random random = new Random(15);
    private final Map<InetSocketAddress, DatagramSocket> legs = new ConcurrentHashMap<>();
    private volatile InetSocketAddress target;
    private volatile boolean open = true;
    final AtomicLong forwarded = new AtomicLong();
    final AtomicLong dropped = new AtomicLong();

    LossyUdpRelay(double loss, java.time.Duration life) throws SocketException {
        this.loss = loss;
        this.deadline = System.nanoTime() + life.toNanos();
        this.front = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        front.setSoTimeout(100);
        Thread.ofPlatform().daemon().name("lossy-relay-front").start(this::fromPeers);
    }

    /** Where peers send: the address to announce. */
    InetSocketAddress address() {
        return (InetSocketAddress) front.getLocalSocketAddress();
    }

    /** Where what the peers send goes (set once the target is listening). */
    void target(InetSocketAddress to) {
        target = to;
    }

    private boolean alive() {
        return open && System.nanoTime() < deadline;
    }

    private synchronized boolean lose() {
        return random.nextDouble() < loss;
    }

    private void fromPeers() {
        byte[] buf = new byte[2048];
        while (alive()) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                front.receive(p);
            } catch (SocketTimeoutException e) {
                continue;
            } catch (IOException e) {
                break;
            }
            InetSocketAddress to = target;
            if (to == null) {
                continue;
            }
            try {
                DatagramSocket leg = leg((InetSocketAddress) p.getSocketAddress());
                pass(leg, new DatagramPacket(buf, p.getLength(), to));
            } catch (IOException e) {
                break;
            }
        }
        close();
    }

    private DatagramSocket leg(InetSocketAddress peer) throws SocketException {
        DatagramSocket leg = legs.get(peer);
        if (leg == null) {
            leg = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
            leg.setSoTimeout(100);
            legs.put(peer, leg);
            DatagramSocket s = leg;
            Thread.ofPlatform().daemon().name("lossy-relay-leg").start(() -> fromTarget(s, peer));
        }
        return leg;
    }

    private void fromTarget(DatagramSocket leg, InetSocketAddress peer) {
        byte[] buf = new byte[2048];
        while (alive() && !leg.isClosed()) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                leg.receive(p);
                pass(front, new DatagramPacket(buf, p.getLength(), peer));
            } catch (SocketTimeoutException e) {
                // look at the deadline again
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pass(DatagramSocket via, DatagramPacket p) throws IOException {
        if (lose()) {
            dropped.incrementAndGet();
        } else {
            via.send(p);
            forwarded.incrementAndGet();
        }
    }

    @Override
    public void close() {
        open = false;
        front.close();
        legs.values().forEach(DatagramSocket::close);
    }
}
