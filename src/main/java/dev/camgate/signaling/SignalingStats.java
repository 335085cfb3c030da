package dev.camgate.signaling;

import dev.camgate.protocol.Peer;
import dev.camgate.protocol.Refusal;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** What the hub keeps about its signaling connections: counters, and the live ones (to say bye at shutdown). */
public final class SignalingStats {
    private final java.util.Set<Peer> live = ConcurrentHashMap.newKeySet();
    final AtomicInteger open = new AtomicInteger();
    final AtomicInteger p2pPages = new AtomicInteger();
    /** Called with the nanoseconds the hub spent handling each relayed message, parse to hand-over. */
    private volatile java.util.function.LongConsumer relayTimer = n -> { };
    final LongAdder relayed = new LongAdder();
    final LongAdder rejected = new LongAdder();
    final LongAdder protocolErrors = new LongAdder();
    private final Map<String, LongAdder> rejectsByReason = new ConcurrentHashMap<>();

    /** Counts a reject under its kind's label ("full", "offline", "busy", "key", "invalid", "webhook"...). */
    void rejected(Refusal.Kind kind) {
        rejected.increment();
        rejectsByReason.computeIfAbsent(kind.label(), k -> new LongAdder()).increment();
    }

    public Map<String, Long> rejectsByReason() {
        Map<String, Long> out = new java.util.TreeMap<>();
        rejectsByReason.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    void opened(Peer peer) {
        live.add(peer);
    }

    void closed(Peer peer) {
        live.remove(peer);
    }

    /** Sends every connected client bye (and closes it): the hub is going away. */
    public void byeAll(Refusal reason) {
        live.forEach(p -> p.bye(reason));
    }

    public int liveConnections() {
        return live.size();
    }

    public void onRelayTime(java.util.function.LongConsumer timer) {
        relayTimer = timer;
    }

    void relayTook(long nanos) {
        relayTimer.accept(nanos);
    }

    /** Pages speaking Momo's p2p protocol on /ws and /. */
    public int p2pPages() {
        return p2pPages.get();
    }

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
