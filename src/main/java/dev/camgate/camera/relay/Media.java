package dev.camgate.camera.relay;

import dev.camgate.camera.RelayInfo;
import dev.camgate.media.rtp.H264;
import dev.camgate.media.rtp.PayloadException;
import dev.camgate.media.rtp.Sps;
import dev.camgate.media.rtp.Rtcp;
import dev.camgate.media.rtp.RtcpVisitor;
import dev.camgate.media.rtp.RtpPacket;
import dev.camgate.media.rtp.Vp8;
import dev.camgate.media.sdp.CameraMedia;
import dev.camgate.media.sdp.CameraTrack;
import dev.camgate.media.sdp.Candidate;
import dev.camgate.media.sdp.HubTransport;
import dev.camgate.media.sdp.MediaKind;
import dev.camgate.media.sdp.NegotiatedTrack;
import dev.camgate.media.sdp.OfferedFeed;
import dev.camgate.media.sdp.SdpException;
import dev.camgate.media.sdp.SessionDescription;
import dev.camgate.media.sdp.ViewerAnswer;
import dev.camgate.media.sdp.ViewerNegotiation;
import dev.camgate.media.sfu.Egress;
import dev.camgate.media.sfu.EgressStats;
import dev.camgate.media.sfu.FeedStats;
import dev.camgate.media.sfu.EgressConfig;
import dev.camgate.media.sfu.Feed;
import dev.camgate.media.sfu.FeedConfig;
import dev.camgate.media.sfu.FeedControl;
import dev.camgate.media.sfu.KeyframeDetector;
import dev.camgate.media.srtp.SrtpSession;
import dev.camgate.media.transport.PeerSession;
import dev.camgate.protocol.Refusal;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A relayed camera's media: what the camera negotiated, its feeds (kept across a camera's reconnects, so
 * viewers' sequence numbers and timestamps stay continuous), and the RTCP camgate exchanges with the camera
 * and with each viewer. On the relay's loop.
 */
final class Media implements FeedControl {
    /** camgate asks the camera for up to this bitrate (REMB), since it does no bandwidth estimation of its own yet. */
    static final long MAX_BITRATE = 4_000_000;

    private final Relay relay;
    private final long hubSsrc = ThreadLocalRandom.current().nextLong(1, 0xFFFF_FFFFL);
    private final byte[] rtcpOut = new byte[1500 + SrtpSession.MAX_OVERHEAD];
    private final byte[] tx = new byte[2048 + SrtpSession.MAX_OVERHEAD];
    private CameraMedia camera;
    private Feed video;
    private Feed audio;
    private long videoSsrc;
    private String codecs = "";
    private boolean vp8;
    private int width;
    private int height;

    Media(Relay relay) {
        this.relay = relay;
    }

    boolean known() {
        return camera != null;
    }

    String describe() {
        return codecs;
    }

    HubTransport hubTransport(PeerSession session) {
        List<Candidate> candidates = new ArrayList<>();
        List<InetSocketAddress> addresses = relay.context.addresses().get();
        for (int i = 0; i < addresses.size(); i++) {
            InetSocketAddress a = addresses.get(i);
            candidates.add(Candidate.host(String.valueOf(i + 1), a.getAddress(), a.getPort(), 65535 - i));
        }
        return new HubTransport(session.localCredentials().ufrag(), session.localCredentials().pwd(),
                relay.context.port().certificate().fingerprint().sdpValue(), candidates);
    }

    /** The camera's SDP is in: build the feeds, or keep them if the codecs are what they were. */
    void negotiated(CameraMedia media) {
        String now = name(media.video()) + (media.audio() != null ? " + " + name(media.audio()) : "");
        if (camera != null && !now.equals(codecs)) {
            // A camera that came back with another codec cannot be spliced into the viewers' calls.
            for (ViewerLeg leg : List.copyOf(relay.viewers())) {
                leg.end(Refusal.of(Refusal.Kind.OFFLINE, "the camera came back with other codecs (" + now + ")"));
            }
            video = null;
            audio = null;
        }
        camera = media;
        codecs = now;
        if (video == null && media.video() != null) {
            video = new Feed(new FeedConfig(true, 1024, media.video().codec().clockRate(), true), this, detector(media.video()));
        }
        if (audio == null && media.audio() != null) {
            audio = new Feed(FeedConfig.forAudio(), this, null);
        }
        videoSsrc = media.video() != null ? media.video().ssrc() : 0;
        vp8 = media.video() != null && media.video().codec().name().equalsIgnoreCase("VP8");
        if (relay.recorder != null) {
            if (video != null && !vp8) {
                relay.recorder.attach(video, audio, System.nanoTime());
            } else {
                relay.recorder.unsupported(video == null ? "the camera sends no video"
                        : "the camera sends " + media.video().codec().name() + ", and camgate records H.264 only");
            }
        }
    }

    private static String name(CameraTrack track) {
        return track == null ? "no video" : track.codec().name() + "/" + track.codec().clockRate();
    }

    private static KeyframeDetector detector(CameraTrack video) {
        return video.codec().name().equalsIgnoreCase("VP8") ? Vp8::isKeyframe : H264::isKeyframe;
    }

    void cameraRtp(byte[] buf, int off, int len, long now) {
        if (camera == null || !RtpPacket.isValid(buf, off, len)) {
            return;
        }
        int pt = RtpPacket.payloadType(buf, off);
        if (video != null && pt == camera.video().codec().payloadType()) {
            videoSsrc = RtpPacket.ssrc(buf, off);
            if (video.onPacket(buf, off, len, now)) {
                measure(buf, off, len);
            }
        } else if (audio != null && camera.audio() != null && pt == camera.audio().codec().payloadType()) {
            audio.onPacket(buf, off, len, now);
        }
    }

    /** The picture size, from the SPS (H.264) or the keyframe header (VP8) that starts each keyframe. */
    private void measure(byte[] buf, int off, int len) {
        int payload = off + RtpPacket.payloadOffset(buf, off, len);
        int payloadLen = RtpPacket.payloadLength(buf, off, len);
        if (payloadLen <= 0) {
            return;
        }
        if (vp8) {
            int w = Vp8.keyframeWidth(buf, payload, payloadLen);
            if (w > 0) {
                width = w;
                height = Vp8.keyframeHeight(buf, payload, payloadLen);
            }
            return;
        }
        long sps = H264.findSps(buf, payload, payloadLen);
        if (sps >= 0) {
            try {
                // The span's offset is into buf already (H264.findNal), not into the payload.
                Sps parsed = Sps.parse(buf, H264.spanOffset(sps), H264.spanLength(sps));
                width = parsed.width();
                height = parsed.height();
            } catch (PayloadException e) {
                // A camera's odd SPS only costs the resolution figure; the video is forwarded as it is.
            }
        }
    }

    /** This second's figures, for the API, the dashboard and the metrics. */
    RelayInfo snapshot(boolean live, long now, List<ViewerLeg> legs) {
        if (video == null) {
            return new RelayInfo(live, null, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, List.of());
        }
        FeedStats f = video.stats(now);
        List<RelayInfo.Viewer> viewers = new ArrayList<>();
        for (ViewerLeg leg : legs) {
            RelayInfo.Viewer v = leg.stats();
            if (v != null) {
                viewers.add(v);
            }
        }
        return new RelayInfo(live, camera.video().codec().name(), f.bitrate(), f.frameRate(), width, height,
                f.keyframeIntervalMillis(), f.packets(), f.bytes(), f.lost(), f.nacksSent(), f.keyframeRequests(),
                f.keyframes(), List.copyOf(viewers));
    }

    /** The video feed's latest keyframe, copied for a snapshot; null when there is none (or no video). */
    dev.camgate.media.sfu.KeyframeCopy latestKeyframe(long knownSequence, long knownTimestamp) {
        return video == null ? null : video.copyKeyframe(knownSequence, knownTimestamp);
    }

    void cameraRtcp(byte[] buf, int off, int len, long now) {
        // Sender reports would matter for lip sync across viewers' tracks; camgate forwards none yet.
    }

    void poll(long now) {
        if (video != null) {
            video.poll(now);
        }
    }

    /** Once a second while live: a receiver report and the bitrate camgate allows (REMB), so the camera ramps up. */
    void report(PeerSession session) {
        if (videoSsrc == 0) {
            return;
        }
        int n = Rtcp.writeReceiverReport(rtcpOut, 0, hubSsrc, videoSsrc, 0, 0, 0, 0, 0, 0);
        n += Rtcp.writeRemb(rtcpOut, n, hubSsrc, MAX_BITRATE, videoSsrc);
        session.sendRtcp(rtcpOut, 0, n);
    }

    // FeedControl: what the feeds ask of the camera.

    @Override
    public void nack(int[] seqs, int count) {
        Upstream u = relay.upstream();
        if (u != null && u.state() == Upstream.State.LIVE && videoSsrc != 0) {
            int n = Rtcp.writeNack(rtcpOut, 0, hubSsrc, videoSsrc, seqs, count);
            if (n > 0) {
                u.session().sendRtcp(rtcpOut, 0, n);
            }
        }
    }

    @Override
    public void requestKeyframe() {
        Upstream u = relay.upstream();
        if (u != null && u.state() == Upstream.State.LIVE && videoSsrc != 0) {
            int n = Rtcp.writePli(rtcpOut, 0, hubSsrc, videoSsrc);
            u.session().sendRtcp(rtcpOut, 0, n);
        }
    }

    // Viewers

    ViewerAnswer answer(SessionDescription offer, PeerSession session) throws SdpException {
        List<OfferedFeed> feeds = new ArrayList<>();
        String stream = "camgate-" + relay.id().replaceAll("[^A-Za-z0-9-]", "-");
        ThreadLocalRandom r = ThreadLocalRandom.current();
        if (camera.video() != null) {
            feeds.add(new OfferedFeed(MediaKind.VIDEO, camera.video().codec(), r.nextLong(1, 0xFFFF_FFFFL), "camgate", stream, "video"));
        }
        if (camera.audio() != null) {
            feeds.add(new OfferedFeed(MediaKind.AUDIO, camera.audio().codec(), r.nextLong(1, 0xFFFF_FFFFL), "camgate", stream, "audio"));
        }
        return ViewerNegotiation.answerForViewer(offer, hubTransport(session), feeds);
    }

    Subscription subscription(ViewerAnswer answer) {
        return new Subscription(answer.tracks());
    }

    /** One viewer's egresses, attached once its session is secure. */
    final class Subscription implements RtcpVisitor {
        private final List<NegotiatedTrack> tracks;
        private final List<Egress> egresses = new ArrayList<>();
        private final List<Feed> feeds = new ArrayList<>();
        private PeerSession session;
        private long now;
        private int fractionLost;
        private long lastBytes;
        private long lastAt;
        private long bitrate;

        Subscription(List<NegotiatedTrack> tracks) {
            this.tracks = tracks;
        }

        void start(PeerSession s) {
            session = s;
            ThreadLocalRandom r = ThreadLocalRandom.current();
            long t = System.nanoTime();
            // Video first, so egresses.get(0) is the video one when there is video.
            List<NegotiatedTrack> ordered = new ArrayList<>(tracks);
            ordered.sort((a, b) -> Boolean.compare(a.kind() != MediaKind.VIDEO, b.kind() != MediaKind.VIDEO));
            for (NegotiatedTrack track : ordered) {
                Feed feed = track.kind() == MediaKind.VIDEO ? video : track.kind() == MediaKind.AUDIO ? audio : null;
                if (feed == null) {
                    continue;
                }
                // The first sequence number is below 32768, as libwebrtc picks it: camgate sends as soon as its side of
                // DTLS is done, and a viewer that gets its keys a moment later misses the first packets. Had they
                // wrapped past 65535, its SRTP rollover counter would be one behind camgate's for good, and not one
                // packet would authenticate (RFC 3711 §3.3.1).
                EgressConfig config = new EgressConfig(track.ssrc(), track.payloadType(), r.nextInt(0x8000), r.nextLong(0x1_0000_0000L));
                egresses.add(feed.add(config, this::send, t));
                feeds.add(feed);
            }
        }

        private boolean send(byte[] buf, int off, int len) {
            System.arraycopy(buf, off, tx, 0, len);
            return session.sendRtp(tx, 0, len);
        }

        void feedback(byte[] buf, int off, int len, long nowNanos) {
            now = nowNanos;
            Rtcp.walk(buf, off, len, this);
        }

        private Egress egress(long mediaSsrc) {
            for (Egress e : egresses) {
                if (e.config().ssrc() == mediaSsrc) {
                    return e;
                }
            }
            return null;
        }

        @Override
        public void nack(long senderSsrc, long mediaSsrc, int pid, int blp) {
            Egress e = egress(mediaSsrc);
            if (e != null) {
                e.onNack(pid, blp, now);
            }
        }

        @Override
        public void pli(long senderSsrc, long mediaSsrc) {
            Egress e = egress(mediaSsrc);
            if (e != null) {
                e.onPli(now);
            }
        }

        @Override
        public void fir(long senderSsrc, long targetSsrc, int seqNr) {
            Egress e = egress(targetSsrc);
            if (e != null) {
                e.onFir(now);
            }
        }

        @Override
        public void reportBlock(long reporterSsrc, long sourceSsrc, int fraction, int cumulativeLost, long extHighestSeq,
                                long jitter, long lsr, long dlsr) {
            if (!egresses.isEmpty() && sourceSsrc == egresses.get(0).config().ssrc()) {
                fractionLost = fraction;
            }
        }

        /** The video egress's figures, or null before the viewer's session is secure. */
        RelayInfo.Viewer stats(String id, long nowNanos) {
            if (egresses.isEmpty()) {
                return null;
            }
            EgressStats e = egresses.get(0).stats();
            if (lastAt != 0 && nowNanos > lastAt) {
                bitrate = (e.bytes() - lastBytes) * 8 * 1_000_000_000L / (nowNanos - lastAt);
            }
            lastBytes = e.bytes();
            lastAt = nowNanos;
            return new RelayInfo.Viewer(id, e.packets(), e.bytes(), bitrate, e.drops(), e.skips(), e.nacksReceived(),
                    e.nacksAnswered(), fractionLost);
        }

        void cancel() {
            for (int i = 0; i < egresses.size(); i++) {
                feeds.get(i).remove(egresses.get(i));
            }
            egresses.clear();
            feeds.clear();
        }
    }
}
