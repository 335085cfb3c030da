package dev.camgate.media.sfu;

import dev.camgate.media.rtp.RtpPacket;

/**
 * One viewer's copy of one camera track: each packet is copied, stripped of the camera's header extensions and
 * CSRCs, given the viewer's SSRC, payload type, sequence numbers and timestamps, and offered to the viewer's
 * {@link ViewerSink}. Made by {@link Feed#add}.
 *
 * <p>Sequence numbers: viewer = camera + offset. The offset is fixed for an <em>epoch</em>, which begins when
 * the egress starts, resumes after falling behind, or the camera restarts; a new epoch continues right after
 * the last number the viewer got, so the viewer sees a gap only where the camera's packet was really lost.
 * The last {@link #EPOCHS} epochs are remembered to map a viewer's NACK back to a camera packet.
 *
 * <p>Timestamps: viewer = camera + offset too. The offset changes only at a camera restart, when the first new
 * timestamp is made the last one sent plus the time since, at the track's clock rate (at least +1), so a
 * player's clock runs on.
 *
 * <p>Late packets (reordered, or a camera resend filling a gap) are forwarded if they belong to the current
 * epoch: their viewer number is then the hole the viewer saw. One from before the epoch began is dropped, as
 * its number may have been given to another packet.
 *
 * <p>Falling behind: when the sink refuses a video packet the egress drops everything until a keyframe that
 * starts after it, and asks the feed for one; other viewers never wait. A refused audio packet is just lost.
 *
 * <p>Threading: the feed's event loop only. Allocation: none per packet (one scratch buffer per egress).
 */
public final class Egress {
    /** Epochs remembered for answering NACKs; older ones are past the cache anyway. */
    static final int EPOCHS = 8;
    /**
     * Resends a viewer may have in a burst, and per second after that. A NACK of 20 bytes names up to 17
     * packets, so without a budget a viewer could make the hub send far more than the camera does; 500 a
     * second is several times the whole of a 2 Mbit/s stream's packets lost to a bad Wi-Fi second.
     */
    static final int RESEND_BURST = 512;
    static final int RESENDS_PER_SECOND = 500;

    private enum State {
        /** Video: waiting for a keyframe (joining with none cached, fallen behind, or the camera restarted). */
        WAITING,
        /** Audio: the next packet begins an epoch. */
        STARTING,
        FORWARDING
    }

    private static final long NONE = Feed.NONE;

    private final Feed feed;
    private final PacketCache cache;
    private final EgressConfig config;
    private final ViewerSink sink;
    private final boolean video;
    private final int clockRate;
    private final byte[] scratch = new byte[PacketCache.MAX_PACKET + PacketCache.SPARE];

    private State state;
    private boolean skipping;
    private long resumeAfter = NONE;
    private long highestForwarded = NONE;

    private final long[] epochCamera = new long[EPOCHS];
    private final long[] epochViewer = new long[EPOCHS];
    private final long[] epochTimestamp = new long[EPOCHS];
    private int epochHead = -1; // index of the current epoch
    private int epochCount;
    private long epochStart;
    private long seqOffset;
    private long tsOffset;

    private boolean sent;
    private boolean restarted;
    private long lastOut;
    private long lastOutTimestamp;
    private long lastOutNanos;

    // A token bucket kept in nanoseconds of credit: one resend costs RESEND_COST, time earns credit one to one.
    private static final long RESEND_COST = 1_000_000_000L / RESENDS_PER_SECOND;
    private long resendCredit = RESEND_BURST * RESEND_COST;
    private long resendRefillNanos;
    private boolean resendClockStarted;

    private long packets;
    private long bytes;
    private long drops;
    private long skips;
    private long nacksReceived;
    private long nacksAnswered;
    private long nackMisses;

    Egress(Feed feed, EgressConfig config, ViewerSink sink) {
        this.feed = feed;
        this.cache = feed.cache();
        this.config = config;
        this.sink = sink;
        this.video = feed.config().video();
        this.clockRate = feed.config().clockRate();
        // Viewer numbers are extended too; the first one sent is initialSequence.
        this.lastOut = (1L << 16) + config.initialSequence() - 1;
    }

    public EgressConfig config() {
        return config;
    }

    /**
     * The viewer asks again for packet {@code pid} and those of the bitmask {@code blp} (RFC 4585 §6.2.1). Each
     * is resent from the cache, rewritten as it was first sent, if the viewer was sent it and it is still cached.
     */
    public void onNack(int pid, int blp, long nowNanos) {
        resend(pid & 0xFFFF, nowNanos);
        for (int i = 0; i < 16; i++) {
            if ((blp >>> i & 1) != 0) {
                resend((pid + i + 1) & 0xFFFF, nowNanos);
            }
        }
    }

    /** The viewer's decoder needs a keyframe (PLI); the feed asks the camera, at most once a second. */
    public void onPli(long nowNanos) {
        feed.needKeyframe();
        feed.service(nowNanos);
    }

    /** A Full Intra Request; for forwarding, the same as a PLI. */
    public void onFir(long nowNanos) {
        onPli(nowNanos);
    }

    public EgressStats stats() {
        return new EgressStats(packets, bytes, drops, skips, nacksReceived, nacksAnswered, nackMisses,
                state == State.WAITING);
    }

    void start(long nowNanos) {
        if (!video) {
            state = State.STARTING;
        } else if (feed.gopStart() != NONE) {
            startFromGop(nowNanos);
        } else {
            state = State.WAITING;
            feed.needKeyframe();
        }
    }

    /** The camera's stream began anew: continue the viewer's numbers and clock from where they are. */
    void onStreamRestart(long nowNanos) {
        restarted = sent;
        highestForwarded = NONE;
        if (video) {
            state = State.WAITING;
            skipping = false;
            resumeAfter = NONE;
            feed.needKeyframe();
        } else {
            state = State.STARTING;
        }
    }

    /** A packet the feed has just taken (and cached); {@code ext} is its extended camera sequence number. */
    void forward(byte[] buf, int off, int len, long ext, long nowNanos) {
        switch (state) {
            case FORWARDING -> {
                if (ext > highestForwarded) {
                    highestForwarded = ext;
                    deliver(buf, off, len, ext, nowNanos);
                } else if (ext >= epochStart) {
                    deliver(buf, off, len, ext, nowNanos);
                }
            }
            case WAITING -> {
                long gop = feed.gopStart();
                if (gop != NONE && gop > resumeAfter) {
                    startFromGop(nowNanos); // this packet is in the cache already, so the replay includes it
                } else if (skipping) {
                    drops++;
                }
            }
            case STARTING -> {
                beginEpoch(ext, RtpPacket.timestamp(buf, off), nowNanos);
                state = State.FORWARDING;
                highestForwarded = ext;
                deliver(buf, off, len, ext, nowNanos);
            }
        }
    }

    /** Sends the cached GOP, from the keyframe's first packet to the newest, then goes live. */
    private void startFromGop(long nowNanos) {
        long gop = feed.gopStart();
        long top = feed.highest();
        int first = cache.slot(gop);
        if (first < 0) {
            return;
        }
        beginEpoch(gop, RtpPacket.timestamp(cache.buffer(first), 0), nowNanos);
        state = State.FORWARDING;
        skipping = false;
        for (long s = gop; s <= top; s++) {
            int slot = cache.slot(s);
            if (slot < 0) {
                continue; // lost on the way in: the viewer sees the gap and may NACK it once it is resent
            }
            highestForwarded = s;
            if (!deliver(cache.buffer(slot), 0, cache.length(slot), s, nowNanos)) {
                return;
            }
        }
        highestForwarded = top;
    }

    private void beginEpoch(long cameraExt, long cameraTimestamp, long nowNanos) {
        long viewerStart = lastOut + 1;
        seqOffset = viewerStart - cameraExt;
        if (!sent) {
            tsOffset = config.initialTimestamp() - cameraTimestamp;
        } else if (restarted) {
            double elapsed = Math.max(0, nowNanos - lastOutNanos) / 1e9;
            long step = Math.max(1L, (long) (elapsed * clockRate));
            tsOffset = lastOutTimestamp + step - cameraTimestamp;
        } // else the same camera stream: its clock goes on, and so does the offset
        restarted = false;
        epochHead = (epochHead + 1) % EPOCHS;
        epochCount = Math.min(epochCount + 1, EPOCHS);
        int i = epochHead;
        epochCamera[i] = cameraExt;
        epochViewer[i] = viewerStart;
        epochTimestamp[i] = tsOffset;
        epochStart = cameraExt;
        highestForwarded = cameraExt - 1;
    }

    /** Sends one packet of the current epoch; on a full queue, drops and (video) skips to the next keyframe. */
    private boolean deliver(byte[] buf, int off, int len, long ext, long nowNanos) {
        if (send(buf, off, len, ext + seqOffset, tsOffset, nowNanos)) {
            return true;
        }
        drops++;
        if (video) {
            state = State.WAITING;
            skipping = true;
            resumeAfter = Math.max(highestForwarded, ext);
            skips++;
            feed.needKeyframe();
        }
        return false;
    }

    /** Rewrites a copy for the viewer and offers it; {@code viewerExt} is the extended viewer number. */
    private boolean send(byte[] buf, int off, int len, long viewerExt, long timestampOffset, long nowNanos) {
        System.arraycopy(buf, off, scratch, 0, len);
        int n = RtpPacket.stripExtensionAndCsrcs(scratch, 0, len);
        long ts = (RtpPacket.timestamp(scratch, 0) + timestampOffset) & 0xFFFF_FFFFL;
        RtpPacket.setSsrc(scratch, 0, config.ssrc());
        RtpPacket.setPayloadType(scratch, 0, config.payloadType());
        RtpPacket.setSequence(scratch, 0, (int) (viewerExt & 0xFFFF));
        RtpPacket.setTimestamp(scratch, 0, ts);
        if (!sink.offer(scratch, 0, n)) {
            return false;
        }
        packets++;
        bytes += n;
        sent = true;
        if (viewerExt > lastOut) {
            lastOut = viewerExt;
            lastOutTimestamp = ts;
            lastOutNanos = nowNanos;
        }
        return true;
    }

    private boolean takeResendToken(long nowNanos) {
        if (resendClockStarted) {
            long elapsed = Math.max(0, nowNanos - resendRefillNanos);
            resendCredit = Math.min(RESEND_BURST * RESEND_COST, resendCredit + Math.min(elapsed, RESEND_BURST * RESEND_COST));
        }
        resendClockStarted = true;
        resendRefillNanos = nowNanos;
        if (resendCredit < RESEND_COST) {
            return false;
        }
        resendCredit -= RESEND_COST;
        return true;
    }

    private void resend(int viewerSeq, long nowNanos) {
        nacksReceived++;
        if (!takeResendToken(nowNanos)) {
            nackMisses++;
            return;
        }
        long behind = (lastOut - viewerSeq) & 0xFFFF;
        if (!sent || behind >= 0x8000) {
            nackMisses++; // never sent: ahead of the newest, or nothing yet
            return;
        }
        long viewerExt = lastOut - behind;
        for (int k = 0; k < epochCount; k++) {
            int i = (epochHead - k + EPOCHS) % EPOCHS; // newest first: a later epoch owns the numbers it reused
            if (viewerExt >= epochViewer[i]) {
                long offset = epochViewer[i] - epochCamera[i];
                int slot = cache.slot(viewerExt - offset);
                if (slot >= 0 && send(cache.buffer(slot), 0, cache.length(slot), viewerExt, epochTimestamp[i], nowNanos)) {
                    nacksAnswered++;
                } else {
                    nackMisses++;
                }
                return;
            }
        }
        nackMisses++;
    }
}
