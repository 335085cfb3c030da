package dev.camgate.media.sfu;

/**
 * Where an {@link Egress} hands a rewritten packet: the viewer's bounded send queue. The caller encrypts and
 * sends. The bytes belong to the egress and are overwritten by its next packet, so the sink copies (or protects
 * into its own buffer) before returning. Returns false when the queue is full; the egress then drops.
 */
@FunctionalInterface
public interface ViewerSink {
    boolean offer(byte[] buf, int off, int len);
}
