package dev.camgate.recording;

import dev.camgate.media.rtp.H264;
import dev.camgate.media.rtp.RtpPacket;
import dev.camgate.media.sfu.ViewerSink;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * Groups a camera's RTP packets, as its feed hands them to this egress (sequence numbers and timestamps
 * already continuous, even across a camera's reconnects), into whole pictures for the recorder. On the relay's
 * event loop: it copies each packet once into a picture buffer and allocates only when a picture outgrows it.
 *
 * <p>A picture is whole when its packets run without a gap up to the one with the marker bit. A gap (a packet
 * the camera lost and camgate's NACK has not brought back in time) spoils the picture and every one after it up
 * to the next keyframe, since a decoder would draw garbage from them; so does a full queue. In both cases this
 * answers false once, which makes the egress skip to the next keyframe and ask the camera for one.
 */
final class FrameAssembler implements ViewerSink {
    /** The most one picture may take; a 4K IDR at a high bitrate is well under this. */
    static final int MAX_FRAME_BYTES = 4 << 20;

    private final Predicate<Work> queue;
    private final LongSupplier wallClock;
    private byte[] frame = new byte[64 * 1024];
    private int length;
    private boolean open;
    private long timestamp;
    private long wallMillis;
    private boolean keyframe;
    private boolean spoiled;
    private boolean waitingForKeyframe = true;
    private int expected = -1;
    // Written only on the loop; volatile because the status is read elsewhere.
    private volatile long pictures;
    private volatile long dropped;

    /** @param queue takes a picture or a break; false when it is full */
    FrameAssembler(Predicate<Work> queue, LongSupplier wallClock) {
        this.queue = queue;
        this.wallClock = wallClock;
    }

    @Override
    public boolean offer(byte[] buf, int off, int len) {
        if (!RtpPacket.isValid(buf, off, len)) {
            return true;
        }
        int seq = RtpPacket.sequence(buf, off);
        long ts = RtpPacket.timestamp(buf, off);
        if (expected >= 0 && seq != expected) {
            if (!RtpPacket.isNewer(seq, expected)) {
                return true; // a late retransmission of a packet this picture has, or gave up on
            }
            spoiled = true;
        }
        expected = (seq + 1) & 0xFFFF;
        if (open && ts != timestamp) {
            spoiled = true; // the previous picture never saw its marker
            finish();
        }
        int payload = off + RtpPacket.payloadOffset(buf, off, len);
        int payloadLen = RtpPacket.payloadLength(buf, off, len);
        if (!open) {
            open = true;
            timestamp = ts;
            wallMillis = wallClock.getAsLong();
            length = 0;
            keyframe = false;
        }
        if (payloadLen > 0 && H264.isKeyframe(buf, payload, payloadLen)) {
            keyframe = true;
        }
        if (length + 2 + len > frame.length) {
            if (length + 2 + len > MAX_FRAME_BYTES) {
                spoiled = true;
            } else {
                frame = java.util.Arrays.copyOf(frame, Math.min(MAX_FRAME_BYTES, Math.max(frame.length * 2, length + 2 + len)));
            }
        }
        if (!spoiled) {
            frame[length] = (byte) (len >>> 8);
            frame[length + 1] = (byte) len;
            System.arraycopy(buf, off, frame, length + 2, len);
            length += 2 + len;
        }
        if (RtpPacket.marker(buf, off)) {
            return finish();
        }
        return true;
    }

    /** Ends the picture being gathered; false when it was spoiled or did not fit in the queue. */
    private boolean finish() {
        open = false;
        if (spoiled) {
            spoiled = false;
            dropped++;
            if (!waitingForKeyframe) {
                waitingForKeyframe = true;
                queue.test(new Work.Break("pictures were lost"));
            }
            return false;
        }
        if (waitingForKeyframe && !keyframe) {
            dropped++;
            return true;
        }
        byte[] copy = java.util.Arrays.copyOf(frame, length);
        if (!queue.test(new Work.Frame(copy, length, timestamp, wallMillis, keyframe))) {
            dropped++;
            waitingForKeyframe = true;
            return false;
        }
        waitingForKeyframe = false;
        pictures++;
        return true;
    }

    /** The camera went away: whatever was half gathered is dropped, and the next picture must be a keyframe. */
    void reset() {
        open = false;
        spoiled = false;
        expected = -1;
        waitingForKeyframe = true;
    }

    boolean waitingForKeyframe() {
        return waitingForKeyframe;
    }

    long pictures() {
        return pictures;
    }

    long dropped() {
        return dropped;
    }
}
