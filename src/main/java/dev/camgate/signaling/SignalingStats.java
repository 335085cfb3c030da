package dev.camgate.signaling;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** Counters the hub keeps about its signaling connections. */
public final class SignalingStats {
    final AtomicInteger open = new AtomicInteger();
    final LongAdder relayed = new LongAdder();
    final LongAdder rejected = new LongAdder();
    final LongAdder protocolErrors = new LongAdder();

    public int openConnections() {
        return open.get();
    }

    public long relayedMessages() {
        return relayed.sum();
    }

    public long rejects() {
        return rejected.sum();
    }

    public long protocolErrors() {
        return protocolErrors.sum();
    }
}
