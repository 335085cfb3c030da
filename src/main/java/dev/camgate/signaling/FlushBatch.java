package dev.camgate.signaling;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.util.concurrent.FastThreadLocal;
import java.util.ArrayList;
import java.util.List;

/**
 * Flushes once per socket read instead of once per message. While an event loop hands out what one read of
 * a sender brought, relays to receivers on the same loop are written but not flushed; the read's end
 * flushes each receiver once, so a burst of candidates becomes one system call. Outside a read, and for
 * receivers on other loops, every write is flushed at once: nothing ever waits for a batch.
 *
 * <p>One per event-loop thread, touched only by that thread.
 */
final class FlushBatch {
    private static final FastThreadLocal<FlushBatch> PER_THREAD = new FastThreadLocal<>() {
        @Override
        protected FlushBatch initialValue() {
            return new FlushBatch();
        }
    };

    private final List<Channel> pending = new ArrayList<>();
    private boolean reading;

    private FlushBatch() {
    }

    static FlushBatch current() {
        return PER_THREAD.get();
    }

    /**
     * One text frame to a client, batched as above; dropped once the socket is closed. What a client that
     * stops reading leaves unsent is bounded by the pipeline's WriteBound, whoever writes to it.
     */
    static void sendText(Channel ch, byte[] json) {
        if (ch.isActive()) {
            current().write(ch, new TextWebSocketFrame(Unpooled.wrappedBuffer(json)));
        }
    }

    /** A read's messages are being handed out on this thread. */
    void begin() {
        reading = true;
    }

    void write(Channel ch, Object message) {
        if (!reading || !ch.eventLoop().inEventLoop()) {
            ch.writeAndFlush(message, ch.voidPromise());
            return;
        }
        ch.write(message, ch.voidPromise());
        if (pending.isEmpty()) {
            // Should the read's end never be seen (a handler removed mid-read), the loop's next task flushes.
            ch.eventLoop().execute(this::end);
        }
        if (!pending.contains(ch)) {
            pending.add(ch);
        }
    }

    /** The read is over: one flush per receiver. */
    void end() {
        reading = false;
        for (int i = 0; i < pending.size(); i++) {
            pending.get(i).flush();
        }
        pending.clear();
    }
}
