package dev.camgate.media.dtls;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.DatagramTransport;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsFatalAlertReceived;
import org.bouncycastle.tls.TlsTimeoutException;

/**
 * One DTLS association with one remote peer, over datagrams the caller carries (RFC 5764 DTLS-SRTP).
 *
 * <p>BouncyCastle's DTLS API blocks while it waits for a datagram, so the handshake runs on a thread from the
 * caller's executor (meant to be a virtual thread), and the event loop hands each incoming datagram to
 * {@link #receive}, which copies it into a bounded queue and returns at once. Outgoing datagrams go to the
 * {@link DatagramSender} from that thread.
 *
 * <p>After the handshake the thread stays, parked on the queue, for as long as the association lives: if the
 * peer missed camgate's last flight it resends its own, and only a reader answers that by resending ours (the
 * peer would otherwise never finish); it also notices the peer's close_notify or fatal alert. Application data
 * (camgate offers no data channel) is read and dropped. A parked virtual thread costs a few hundred bytes.
 *
 * <p>Listener calls come from that thread: {@code connected} once, or {@code failed} once, and after
 * {@code connected} at most one {@code closed}. None starts after {@link #close()}; one already running may
 * finish after it.
 */
public abstract sealed class DtlsSession implements AutoCloseable permits DtlsServerSession, DtlsClientSession {
    /** Largest datagram this side sends: what fits any path WebRTC runs on (libwebrtc uses 1200 too). */
    public static final int MTU = 1200;
    /** Largest datagram accepted; anything longer is not DTLS from a WebRTC stack and is dropped. */
    public static final int RECEIVE_LIMIT = 1500;

    /** Hands a datagram to the network. The bytes are valid only during the call: copy them to keep them. */
    @FunctionalInterface
    public interface DatagramSender {
        void send(byte[] buf, int off, int len);
    }

    /** What becomes of the association; called on the session's own thread. */
    public interface Listener {
        /** The handshake finished and the peer's certificate matched its fingerprint. */
        void connected(SrtpKeys keys);

        /** The handshake did not finish; the reason is one line for the log. */
        void failed(String reason);

        /** After {@code connected}: the peer closed the association or broke it with an alert. */
        void closed(String reason);
    }

    /**
     * @param handshakeTimeout how long the whole handshake may take, first datagram to last
     * @param initialResend the first retransmission timer; it doubles up to 60 s (RFC 6347 §4.2.4.1)
     * @param queueCapacity datagrams buffered between the event loop and the session's thread
     */
    public record Settings(Duration handshakeTimeout, Duration initialResend, int queueCapacity) {
        public static final Settings DEFAULTS = new Settings(Duration.ofSeconds(10), Duration.ofSeconds(1), 64);

        public Settings {
            if (handshakeTimeout.toMillis() < 1 || handshakeTimeout.toMillis() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("handshake timeout out of range: " + handshakeTimeout);
            }
            if (initialResend.toMillis() < 1 || initialResend.toMillis() > 60_000) {
                throw new IllegalArgumentException("initial resend out of range: " + initialResend);
            }
            if (queueCapacity < 1 || queueCapacity > 4096) {
                throw new IllegalArgumentException("queue capacity out of range: " + queueCapacity);
            }
        }
    }

    enum State { HANDSHAKING, CONNECTED, FAILED, ENDED, CLOSED }

    private static final int RECORD_HEADER = 13;
    /** The shortest AES-GCM record fragment: explicit nonce and tag around no plaintext. */
    private static final int MIN_CIPHERTEXT = 8 + 16;
    /** How long the reader waits before looking again; close() wakes it at once, so this only bounds a stall. */
    private static final int IDLE_WAIT_MILLIS = 60_000;

    final Settings settings;
    private final DatagramSender sender;
    private final Listener listener;
    private final Executor executor;
    private final ArrayBlockingQueue<byte[]> queue;
    /** Put in the queue by close() to wake the reader; compared by identity. */
    private final byte[] wake = new byte[0];
    private final AtomicReference<State> state = new AtomicReference<>(State.HANDSHAKING);
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean transportClosed;
    private volatile boolean sayingGoodbye;
    private volatile Thread thread;
    private volatile boolean finished;

    DtlsSession(DatagramSender sender, Listener listener, Executor executor, Settings settings) {
        this.sender = sender;
        this.listener = listener;
        this.executor = executor;
        this.settings = settings;
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
    }

    /** Runs the BouncyCastle handshake over {@code transport}, as client or server. */
    abstract DTLSTransport handshake(DatagramTransport transport) throws IOException;

    /** The keys the finished handshake exports, or an exception when it did not verify what it must. */
    abstract SrtpKeys exportKeys() throws IOException;

    /** Why the peer object refused the handshake, when it did (its alert alone would say less); else null. */
    abstract String refusal();

    /** Called by the final subclass's constructor when it is complete, so the thread never sees it half-built. */
    final void start() {
        executor.execute(this::run);
    }

    /**
     * Takes one incoming DTLS datagram (first byte 20-63, RFC 7983). Copies it and returns at once: never blocks,
     * never throws for any content. When the queue is full the oldest datagram is dropped (DTLS retransmits); one
     * holding a truncated ciphertext is dropped at once ({@link #hasTruncatedCiphertext}). Ignored after the
     * session has ended.
     */
    public void receive(byte[] buf, int off, int len) {
        State s = state.get();
        if (s != State.HANDSHAKING && s != State.CONNECTED) {
            return;
        }
        if (len <= 0 || len > RECEIVE_LIMIT || hasTruncatedCiphertext(buf, off, len)) {
            dropped.incrementAndGet();
            return;
        }
        byte[] copy = Arrays.copyOfRange(buf, off, off + len);
        while (!queue.offer(copy)) {
            if (queue.poll() != null) {
                dropped.incrementAndGet();
            }
        }
    }

    /**
     * Whether a record of the datagram is encrypted (epoch 1 or later) yet shorter than any AES-GCM ciphertext
     * (8-byte explicit nonce and 16-byte tag, the only suites camgate uses: {@link DtlsSuites}). BouncyCastle
     * answers such a record with a fatal decode_error that ends the association, where RFC 6347 §4.1.2.7 says
     * invalid records are silently discarded; since the record's header is not authenticated, one forged
     * datagram from a peer's address would otherwise end its media session. Records with a wrong tag
     * BouncyCastle already discards. Reads the 13-byte record headers only.
     */
    static boolean hasTruncatedCiphertext(byte[] buf, int off, int len) {
        int at = off;
        int end = off + len;
        while (end - at >= RECORD_HEADER) {
            int epoch = (buf[at + 3] & 0xFF) << 8 | buf[at + 4] & 0xFF;
            int length = (buf[at + 11] & 0xFF) << 8 | buf[at + 12] & 0xFF;
            if (epoch != 0 && length < MIN_CIPHERTEXT) {
                return true;
            }
            at += RECORD_HEADER + length;
        }
        return false;
    }

    /** Datagrams dropped because the queue was full, they were empty or too long, or held a truncated ciphertext. */
    public long droppedDatagrams() {
        return dropped.get();
    }

    /** Whether the handshake finished and the association is still up. */
    public boolean isConnected() {
        return state.get() == State.CONNECTED;
    }

    /**
     * Ends the session: no listener call starts after this, queued datagrams are freed, and the thread ends soon
     * (it sends a close_notify first if the handshake had finished). Never blocks; safe to call twice.
     */
    @Override
    public void close() {
        State before = state.getAndSet(State.CLOSED);
        if (before == State.CLOSED) {
            return;
        }
        queue.clear();
        queue.offer(wake);
    }

    /** Whether the session's thread has ended (or never started before close()). For tests and leak checks. */
    public boolean isFinished() {
        return finished;
    }

    /** The session's thread while it runs, else null. For tests. */
    Thread thread() {
        return thread;
    }

    private void run() {
        thread = Thread.currentThread();
        try {
            if (state.get() != State.HANDSHAKING) {
                return;
            }
            DTLSTransport dtls;
            SrtpKeys keys;
            try {
                dtls = handshake(new Transport());
                keys = exportKeys();
            } catch (Exception e) {
                if (state.compareAndSet(State.HANDSHAKING, State.FAILED)) {
                    String why = refusal();
                    listener.failed(why != null ? why : describe(e));
                }
                queue.clear();
                return;
            }
            if (!state.compareAndSet(State.HANDSHAKING, State.CONNECTED)) {
                goodbye(dtls);
                return;
            }
            listener.connected(keys);
            readUntilClosed(dtls);
        } finally {
            thread = null;
            finished = true;
        }
    }

    private void readUntilClosed(DTLSTransport dtls) {
        byte[] buf = new byte[RECEIVE_LIMIT];
        String why;
        try {
            while (true) {
                dtls.receive(buf, 0, buf.length, IDLE_WAIT_MILLIS); // application data: nothing camgate reads
            }
        } catch (InterruptedIOException e) {
            if (state.get() == State.CLOSED) {
                goodbye(dtls);
                return;
            }
            why = "the peer closed the DTLS association"; // BouncyCastle closes the transport on close_notify
        } catch (TlsFatalAlertReceived e) {
            why = "the peer sent a fatal alert: " + AlertDescription.getText(e.getAlertDescription());
        } catch (IOException | RuntimeException e) {
            why = "DTLS failed: " + describe(e);
        }
        queue.clear();
        if (state.compareAndSet(State.CONNECTED, State.ENDED)) {
            listener.closed(why);
        }
    }

    /** After a local close(): close_notify to the peer (RFC 5246 §7.2.1), so it need not wait for a timeout. */
    private void goodbye(DTLSTransport dtls) {
        sayingGoodbye = true;
        try {
            dtls.close();
        } catch (IOException | RuntimeException e) {
            // the peer learns it from ICE consent instead
        }
        queue.clear();
    }

    private String describe(Exception e) {
        return switch (e) {
            case TlsTimeoutException t -> "the DTLS handshake timed out after " + settings.handshakeTimeout().toMillis() + " ms";
            case TlsFatalAlertReceived a -> "the peer sent a fatal alert: " + AlertDescription.getText(a.getAlertDescription());
            case TlsFatalAlert a -> "DTLS handshake failed: " + AlertDescription.getText(a.getAlertDescription())
                    + (a.getCause() != null ? " (" + a.getCause() + ")" : "");
            default -> "DTLS handshake failed: " + e;
        };
    }

    /** What BouncyCastle reads from and writes to: the queue one way, the caller's sender the other. */
    private final class Transport implements DatagramTransport {
        @Override
        public int getReceiveLimit() {
            return RECEIVE_LIMIT;
        }

        @Override
        public int getSendLimit() {
            return MTU;
        }

        @Override
        public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
            if (transportClosed || state.get() == State.CLOSED) {
                throw new InterruptedIOException("DTLS session closed");
            }
            byte[] datagram;
            try {
                // BouncyCastle means "no limit" by 0; close() wakes the wait in any case.
                datagram = waitMillis == 0 ? queue.poll(IDLE_WAIT_MILLIS, TimeUnit.MILLISECONDS)
                        : queue.poll(waitMillis, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted");
            }
            if (datagram == wake) {
                throw new InterruptedIOException("DTLS session closed");
            }
            if (datagram == null) {
                return -1;
            }
            int n = Math.min(len, datagram.length);
            System.arraycopy(datagram, 0, buf, off, n);
            return n;
        }

        @Override
        public void send(byte[] buf, int off, int len) throws IOException {
            if (state.get() == State.CLOSED && !sayingGoodbye) {
                return;
            }
            try {
                sender.send(buf, off, len);
            } catch (RuntimeException e) {
                throw new IOException("the datagram sender failed", e);
            }
        }

        @Override
        public void close() {
            transportClosed = true;
        }
    }
}
