package dev.camgate.recording;

import dev.camgate.media.rtp.RtpPacket;
import dev.camgate.media.sfu.ViewerSink;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * The recorder's egress on a camera's audio feed, on the relay's event loop: each Opus packet is whole in one RTP
 * packet, so it only copies the payload into the recorder's queue (one array per packet, 50 a second; a pool would
 * have to be handed back across threads for that little). A full queue drops the packet: the recording thread fills
 * the hole with silence, so the audio track never has a gap the player would stop at.
 */
final class AudioTap implements ViewerSink {
    private final Predicate<Work> queue;
    private final LongSupplier wallClock;
    private volatile long dropped;

    AudioTap(Predicate<Work> queue, LongSupplier wallClock) {
        this.queue = queue;
        this.wallClock = wallClock;
    }

    @Override
    public boolean offer(byte[] buf, int off, int len) {
        if (!RtpPacket.isValid(buf, off, len)) {
            return true;
        }
        int payloadLen = RtpPacket.payloadLength(buf, off, len);
        if (payloadLen <= 0) {
            return true;
        }
        byte[] payload = new byte[payloadLen];
        System.arraycopy(buf, off + RtpPacket.payloadOffset(buf, off, len), payload, 0, payloadLen);
        if (!queue.test(new Work.Audio(payload, RtpPacket.timestamp(buf, off), wallClock.getAsLong()))) {
            dropped++;
        }
        // Audio has no keyframes to skip to: never ask the feed to hold packets back.
        return true;
    }

    long dropped() {
        return dropped;
    }
}
