package dev.camgate.media.sfu;

import dev.camgate.media.rtp.RtpPacket;
import java.util.Arrays;

/**
 * One camera track arriving at the hub (decrypted RTP), forwarded to every viewer's {@link Egress}. It keeps
 * the last packets in a {@link PacketCache} (for resends and for a joining viewer's first picture), asks the
 * camera to resend what went missing and for a keyframe when a viewer needs one, and counts what it saw.
 *
 * <p>Sequence numbers are extended to 64 bits: the 16-bit number plus a roll-over count, made larger by two
 * roll-overs at each camera restart, so numbers from different streams never compare equal and every
 * comparison here is plain {@code <}.
 *
 * <p>A camera restart is a new SSRC, or a sequence number more than {@link #RESTART_DISTANCE} from the
 * highest one (encoders restart at a random number). Packets still in flight from the stream just ended are
 * dropped for {@link #STALE_NANOS} instead of being taken for yet another restart.
 *
 * <p>Threading: one event-loop thread; nothing is locked. Allocation: none per packet; {@link #add} and
 * {@link #remove} copy the small egress array, {@link #stats} makes one record.
 */
public final class Feed {
    /** A jump in sequence numbers wider than this is a new stream, not loss. */
    public static final int RESTART_DISTANCE = 3000;
    /** At most one keyframe request per this long: an encoder asked more often only makes more bits. */
    public static final long KEYFRAME_REQUEST_INTERVAL_NANOS = 1_000_000_000L;
    /** How long after a restart a packet of the previous stream is taken for a straggler. */
    public static final long STALE_NANOS = 2_000_000_000L;

    static final long NONE = Long.MIN_VALUE;

    private final FeedConfig config;
    private final FeedControl control;
    private final KeyframeDetector detector;
    private final PacketCache cache;
    private final LossTracker loss = new LossTracker();
    private final RateWindow rate = new RateWindow();
    private Egress[] egresses = new Egress[0];

    private long ssrc;
    private long highest = NONE;

    private long previousSsrc;
    private int previousHighestSeq;
    private long restartNanos;
    private boolean hasPrevious;

    // The latest keyframe: its first packet and timestamp. gopCached while every packet since is in the cache.
    private long keyStart = NONE;
    private long keyTimestamp;
    private boolean gopCached;
    private long keyframeNanos;
    private long keyframeInterval;

    private boolean keyframeWanted;
    private boolean requestedEver;
    private long lastRequestNanos;

    private long packets;
    private long bytes;
    private long invalid;
    private long duplicates;
    private long keyframes;
    private long keyframeRequests;
    private long restarts;

    /**
     * @param detector tells keyframes apart; required for video, ignored (may be null) for audio
     */
    public Feed(FeedConfig config, FeedControl control, KeyframeDetector detector) {
        if (config.video() && detector == null) {
            throw new IllegalArgumentException("a video feed needs a keyframe detector");
        }
        this.config = config;
        this.control = control;
        this.detector = detector;
        this.cache = new PacketCache(config.cacheSlots());
    }

    /**
     * One packet from the camera, after SRTP. Returns whether it was taken (valid, new, not from a stream that
     * has ended); a taken packet is cached and forwarded to every egress before this returns. The bytes are
     * copied; the caller may reuse {@code buf} at once.
     */
    public boolean onPacket(byte[] buf, int off, int len, long nowNanos) {
        if (buf == null || off < 0 || len < 0 || off > buf.length - len
                || !RtpPacket.isValid(buf, off, len) || len > PacketCache.MAX_PACKET) {
            invalid++;
            return false;
        }
        long packetSsrc = RtpPacket.ssrc(buf, off);
        int seq = RtpPacket.sequence(buf, off);
        long ext;
        if (highest == NONE) {
            ssrc = packetSsrc;
            ext = seq;
            highest = ext;
        } else {
            int distance = (short) (seq - (int) highest); // signed, wrap-aware
            if (packetSsrc != ssrc || Math.abs(distance) > RESTART_DISTANCE) {
                if (isStraggler(packetSsrc, seq, nowNanos)) {
                    duplicates++;
                    return false;
                }
                restart(packetSsrc, seq, nowNanos);
                ext = highest;
            } else if (distance > 0) {
                ext = highest + distance;
                loss.missing(highest + 1, ext - 1, nowNanos);
                highest = ext;
            } else {
                ext = highest + distance;
                // Older than the cache reaches, or held already: a duplicate (or a resend we no longer need).
                if (-distance >= cache.capacity() || cache.contains(ext)) {
                    duplicates++;
                    return false;
                }
                loss.arrived(ext);
            }
        }
        cache.put(buf, off, len, ext, nowNanos);
        packets++;
        bytes += len;
        rate.add(nowNanos, len, RtpPacket.marker(buf, off));
        if (config.video()) {
            trackKeyframe(buf, off, len, ext, nowNanos);
            if (gopCached && highest - keyStart >= cache.capacity()) {
                // The GOP outgrew the cache: the next viewer to join would wait, so ask for a fresh keyframe now.
                gopCached = false;
                keyframeWanted = true;
            }
        }
        for (Egress e : egresses) {
            e.forward(buf, off, len, ext, nowNanos);
        }
        service(nowNanos);
        return true;
    }

    /**
     * Runs the timers: gives up on old gaps, repeats NACKs, retries a keyframe request that is still needed.
     * Call every 20 ms or so (packets also run them).
     */
    public void poll(long nowNanos) {
        service(nowNanos);
    }

    /**
     * A viewer joins. Video starts at the cached GOP, sent before this returns (so the first frame decodes at
     * once), or else waits for the next keyframe, which is requested; audio starts with the next packet.
     */
    public Egress add(EgressConfig egressConfig, ViewerSink sink, long nowNanos) {
        Egress e = new Egress(this, egressConfig, sink);
        Egress[] more = Arrays.copyOf(egresses, egresses.length + 1);
        more[egresses.length] = e;
        egresses = more;
        e.start(nowNanos);
        service(nowNanos);
        return e;
    }

    /** A viewer leaves; returns whether it was attached. */
    public boolean remove(Egress e) {
        for (int i = 0; i < egresses.length; i++) {
            if (egresses[i] == e) {
                Egress[] fewer = new Egress[egresses.length - 1];
                System.arraycopy(egresses, 0, fewer, 0, i);
                System.arraycopy(egresses, i + 1, fewer, i, egresses.length - i - 1);
                egresses = fewer;
                return true;
            }
        }
        return false;
    }

    /**
     * The latest keyframe's packets, copied out in sequence order: from its first packet to the one with the
     * marker bit (or to its last packet with the keyframe's timestamp), for a snapshot. Null when no whole
     * keyframe is held: none came yet, one of its packets is still missing (a resend may fill it), its last
     * packet has not come, or the cache has overwritten it. When the latest keyframe is the one
     * {@code knownSequence} and {@code knownTimestamp} name, the copy has no packets: the caller has it.
     *
     * <p>Reads only, so forwarding is not disturbed. Allocates one array per packet copied (a keyframe is at most
     * the cache's capacity); on the feed's thread like everything else here.
     */
    public KeyframeCopy copyKeyframe(long knownSequence, long knownTimestamp) {
        if (!config.video() || keyStart == NONE || !cache.contains(keyStart)) {
            return null;
        }
        long arrival = cache.arrivalNanos(cache.slot(keyStart));
        if (keyStart == knownSequence && keyTimestamp == knownTimestamp) {
            return new KeyframeCopy(keyStart, keyTimestamp, arrival, java.util.List.of());
        }
        java.util.List<byte[]> packets = new java.util.ArrayList<>();
        for (long s = keyStart; s <= highest && s - keyStart < cache.capacity(); s++) {
            int slot = cache.slot(s);
            if (slot < 0) {
                return null; // lost, or overwritten meanwhile: a picture with a hole would decode to garbage
            }
            byte[] b = cache.buffer(slot);
            if (RtpPacket.timestamp(b, 0) != keyTimestamp) {
                // The next frame began, though the keyframe's marker bit never came: it is whole all the same.
                return packets.isEmpty() ? null : new KeyframeCopy(keyStart, keyTimestamp, arrival, packets);
            }
            packets.add(Arrays.copyOf(b, cache.length(slot)));
            if (RtpPacket.marker(b, 0)) {
                return new KeyframeCopy(keyStart, keyTimestamp, arrival, packets);
            }
        }
        return null; // its last packet may still be on the way
    }

    public FeedStats stats(long nowNanos) {
        return new FeedStats(packets, bytes, invalid, duplicates, loss.lost(), loss.recovered(), loss.nacksSent(),
                keyframeRequests, keyframes, keyframeInterval / 1_000_000L, rate.bitsPerSecond(nowNanos),
                rate.framesPerSecond(nowNanos), restarts, gopStart() != NONE, egresses.length);
    }

    public FeedConfig config() {
        return config;
    }

    PacketCache cache() {
        return cache;
    }

    /** The highest extended sequence number taken, or {@link #NONE}. */
    long highest() {
        return highest;
    }

    /** Where the cached GOP starts (extended sequence number), or {@link #NONE} if no whole GOP is cached. */
    long gopStart() {
        return gopCached && cache.contains(keyStart) ? keyStart : NONE;
    }

    /** An egress needs a keyframe; it is requested at the end of the current call (rate-limited). */
    void needKeyframe() {
        if (config.video()) {
            keyframeWanted = true;
        }
    }

    /** Sends what is due: NACKs, and a keyframe request if one is wanted and the last was long enough ago. */
    void service(long nowNanos) {
        loss.service(nowNanos, control, config.nack());
        if (keyframeWanted && (!requestedEver || nowNanos - lastRequestNanos >= KEYFRAME_REQUEST_INTERVAL_NANOS)) {
            requestedEver = true;
            lastRequestNanos = nowNanos;
            keyframeRequests++;
            control.requestKeyframe();
        }
    }

    private void trackKeyframe(byte[] buf, int off, int len, long ext, long nowNanos) {
        long ts = RtpPacket.timestamp(buf, off);
        if (keyStart != NONE && ts == keyTimestamp) {
            if (ext < keyStart) {
                keyStart = frameStart(ext, ts); // a late packet from the front of the keyframe
            }
            return;
        }
        if (keyStart != NONE && ext < keyStart) {
            return; // a late packet of a frame older than the latest keyframe
        }
        int payloadOff = RtpPacket.payloadOffset(buf, off, len);
        int payloadLen = RtpPacket.payloadLength(buf, off, len);
        if (payloadLen <= 0 || !detector.isKeyframe(buf, off + payloadOff, payloadLen)) {
            return;
        }
        keyStart = frameStart(ext, ts);
        keyTimestamp = ts;
        gopCached = true;
        keyframeWanted = false;
        if (keyframes > 0) {
            keyframeInterval = nowNanos - keyframeNanos;
        }
        keyframes++;
        keyframeNanos = nowNanos;
        loss.keyframeAt(keyStart);
    }

    /**
     * The first cached packet of the frame {@code ext} belongs to: the detector may recognise a keyframe on a
     * later packet than its first (or the first came late), and a joining viewer needs it whole.
     */
    private long frameStart(long ext, long ts) {
        long floor = highest - cache.capacity() + 1;
        long s = ext;
        while (s - 1 >= floor) {
            int slot = cache.slot(s - 1);
            if (slot < 0 || RtpPacket.timestamp(cache.buffer(slot), 0) != ts) {
                break;
            }
            s--;
        }
        return s;
    }

    private boolean isStraggler(long packetSsrc, int seq, long nowNanos) {
        return hasPrevious && nowNanos - restartNanos < STALE_NANOS && packetSsrc == previousSsrc
                && Math.abs((short) (seq - previousHighestSeq)) <= RESTART_DISTANCE;
    }

    private void restart(long newSsrc, int seq, long nowNanos) {
        restarts++;
        hasPrevious = true;
        previousSsrc = ssrc;
        previousHighestSeq = (int) (highest & 0xFFFF);
        restartNanos = nowNanos;
        loss.reset();
        cache.clear();
        keyStart = NONE;
        gopCached = false;
        ssrc = newSsrc;
        highest = (((highest >> 16) + 2) << 16) | seq;
        for (Egress e : egresses) {
            e.onStreamRestart(nowNanos);
        }
    }
}
