package dev.camgate.camera.relay;

import dev.camgate.camera.RelayInfo;
import dev.camgate.media.dtls.Fingerprint;
import dev.camgate.media.dtls.FingerprintException;
import dev.camgate.media.sdp.ViewerAnswer;
import dev.camgate.media.sdp.SdpException;
import dev.camgate.media.sdp.SessionDescription;
import dev.camgate.media.transport.PeerSession;
import dev.camgate.protocol.Inbound;
import dev.camgate.protocol.Outbound;
import dev.camgate.protocol.Peer;
import dev.camgate.protocol.Refusal;
import dev.camgate.protocol.Route;

/**
 * One viewer of a relayed camera: its offer is answered by camgate, its media session gets a copy of the
 * camera's stream. A repeat offer (an ICE restart from the viewer page) replaces the session. On the relay's
 * loop; {@link #relay} and {@link #left} come from the viewer's connection and hand over.
 */
final class ViewerLeg implements Route, PeerSession.Handler {
    private final Relay relay;
    private final Peer viewer;
    private final long since = System.nanoTime();
    private String heldOffer;
    private PeerSession session;
    private Media.Subscription subscription;
    private boolean gone;

    ViewerLeg(Relay relay, Peer viewer) {
        this.relay = relay;
        this.viewer = viewer;
    }

    @Override
    public void relay(Inbound.Relay message) {
        if (message.kind() != Inbound.Relay.Kind.OFFER) {
            return; // candidates: camgate is ICE-lite, the viewer's checks find it; answers: camgate never offers
        }
        String sdp = message.kind() == Inbound.Relay.Kind.CANDIDATE ? "" : message.sdp();
        relay.loop.execute(() -> offered(sdp));
    }

    @Override
    public void left() {
        relay.loop.execute(() -> {
            if (!gone) {
                gone = true;
                logEnd("the viewer left");
                stop("the viewer left");
                relay.viewerLeft(this);
            }
        });
    }

    private void offered(String sdp) {
        if (gone) {
            return;
        }
        heldOffer = sdp;
        if (relay.media.known()) {
            mediaKnown();
        }
        // else: answered once the camera's SDP tells camgate what it will forward.
    }

    /** The camera's media is negotiated: answer an offer that waited for it. */
    void mediaKnown() {
        if (gone || heldOffer == null) {
            return;
        }
        String sdp = heldOffer;
        heldOffer = null;
        try {
            SessionDescription offer = SessionDescription.parse(sdp);
            PeerSession next = relay.context.port().open(null, "viewer " + viewer.connectionId(), this);
            if (next == null) {
                end(Refusal.of(Refusal.Kind.BUSY, "camgate's media port is full"));
                return;
            }
            ViewerAnswer answer;
            try {
                answer = relay.media.answer(offer, next);
                next.expect(Fingerprint.parse(fingerprintOf(offer)));
            } catch (SdpException | FingerprintException | IllegalArgumentException e) {
                next.close(e.getMessage());
                end(Refusal.of(Refusal.Kind.INVALID, "camgate cannot use this offer: " + e.getMessage()));
                return;
            }
            stop("replaced by a new offer");
            session = next;
            subscription = relay.media.subscription(answer);
            viewer.send(Outbound.sdp("answer", answer.sdp()));
        } catch (SdpException e) {
            end(Refusal.of(Refusal.Kind.INVALID, "camgate cannot use this offer: " + e.getMessage()));
        }
    }

    /** The offer's DTLS fingerprint: Chromium writes it per section, Firefox once for the session. */
    private static String fingerprintOf(SessionDescription offer) throws SdpException {
        if (offer.fingerprint() != null) {
            return offer.fingerprint();
        }
        for (var m : offer.media()) {
            if (m.fingerprint() != null) {
                return m.fingerprint();
            }
        }
        throw new SdpException("the offer has no a=fingerprint");
    }

    private void stop(String why) {
        if (subscription != null) {
            subscription.cancel();
            subscription = null;
        }
        if (session != null) {
            PeerSession s = session;
            session = null;
            s.close(why);
        }
    }

    /** Ends the viewer's call, saying why. */
    void end(Refusal why) {
        if (!gone) {
            gone = true;
            logEnd(why.reason());
            stop(why.reason());
            relay.viewerLeft(this);
            viewer.bye(why);
        }
    }

    /** One line per relayed session, with what it cost and how it went. */
    private void logEnd(String why) {
        RelayInfo.Viewer v = stats();
        long seconds = (System.nanoTime() - since) / 1_000_000_000L;
        if (v == null) {
            Relay.LOG.info("viewer {} of camera '{}' ended after {} s before any video flowed: {}", viewer.connectionId(),
                    relay.id(), seconds, why);
        } else {
            Relay.LOG.info("viewer {} of camera '{}' ended after {} s: {}; camgate sent {} packets ({} KiB), resent {} of {} asked for, "
                            + "skipped {} times to a keyframe", viewer.connectionId(), relay.id(), seconds, why, v.packets(),
                    v.bytes() / 1024, v.nacksAnswered(), v.nacksReceived(), v.skips());
        }
    }

    RelayInfo.Viewer stats() {
        return subscription == null ? null : subscription.stats(viewer.connectionId(), System.nanoTime());
    }

    // PeerSession.Handler

    @Override
    public void secure(PeerSession s) {
        if (s == session && subscription != null) {
            subscription.start(s);
        }
    }

    @Override
    public void rtp(byte[] buf, int off, int len, long now) {
        // Viewers send no media to a camera; their RTP is ignored.
    }

    @Override
    public void rtcp(byte[] buf, int off, int len, long now) {
        if (subscription != null) {
            subscription.feedback(buf, off, len, now);
        }
    }

    @Override
    public void closed(String why) {
        if (session != null && session.state() == PeerSession.State.CLOSED && !gone) {
            end(Refusal.of(Refusal.Kind.OFFLINE, "the media connection ended: " + why));
        }
    }
}
