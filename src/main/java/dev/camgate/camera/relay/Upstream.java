package dev.camgate.camera.relay;

import dev.camgate.media.dtls.Fingerprint;
import dev.camgate.media.dtls.FingerprintException;
import dev.camgate.media.sdp.CameraMedia;
import dev.camgate.media.sdp.CameraAnswer;
import dev.camgate.media.sdp.CameraNegotiation;
import dev.camgate.media.sdp.SessionDescription;
import dev.camgate.media.sdp.SdpException;
import dev.camgate.media.transport.PeerSession;
import dev.camgate.protocol.Admission;
import dev.camgate.protocol.Inbound;
import dev.camgate.protocol.MessageParser;
import dev.camgate.protocol.Outbound;
import dev.camgate.protocol.Peer;
import dev.camgate.protocol.ProtocolException;
import dev.camgate.protocol.Refusal;
import dev.camgate.protocol.Route;
import java.util.concurrent.ThreadLocalRandom;

/**
 * camgate as the camera's one viewer. It goes through the camera's own admission like any viewer (so a
 * Momo, UV4L or browser camera is driven by the code that already speaks its protocol), then offers or
 * answers as the camera's protocol wants, and receives the media on the port.
 *
 * <pre>
 *   ADMITTING --admitted--> NEGOTIATING --SDP done--> CONNECTING --SRTP keys--> LIVE
 *        \_________________ refused, bye, timeout, ICE or DTLS failure _________--> CLOSED
 * </pre>
 * On the relay's loop; the {@link Peer} methods are called from the camera's threads and hand over.
 */
final class Upstream implements Peer, PeerSession.Handler {
    enum State { ADMITTING, NEGOTIATING, CONNECTING, LIVE, CLOSED }

    private final Relay relay;
    private final String connectionId = "relay-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
    private final long startedAt = System.nanoTime();
    private State state = State.ADMITTING;
    private Route route;
    private PeerSession session;

    Upstream(Relay relay) {
        this.relay = relay;
    }

    void start() {
        session = relay.context.port().open(null, "camera '" + relay.id() + "'", this);
        if (session == null) {
            close(Refusal.of(Refusal.Kind.BUSY, "the media port holds as many sessions as it can"));
            return;
        }
        decide(relay.inner.admit(this));
    }

    private void decide(Admission admission) {
        if (state != State.ADMITTING) {
            if (admission instanceof Admission.Admitted a) {
                a.route().left();
            }
            return;
        }
        switch (admission) {
            case Admission.Admitted a -> admitted(a);
            case Admission.Refused r -> close(r.refusal());
            case Admission.Pending p -> p.decision().whenComplete((result, failure) -> relay.loop.execute(() -> decide(
                    result != null ? result : new Admission.Refused(Refusal.Kind.OFFLINE, "the camera did not answer: " + failure))));
        }
    }

    private void admitted(Admission.Admitted a) {
        route = a.route();
        state = State.NEGOTIATING;
        relay.upstreamAdmitted(this);
        if (a.otherIsWaiting()) {
            // Momo p2p and camgate's browser cameras answer; camgate offers what it can forward.
            String offer = CameraNegotiation.offerToCamera(relay.media.hubTransport(session), true);
            toCamera(new Inbound.Relay(Inbound.Relay.Kind.OFFER, null, Outbound.sdp("offer", offer)));
        }
        // Otherwise the camera offers (UV4L after call, Momo in Ayame mode): wait for it.
    }

    boolean admitted() {
        return state != State.ADMITTING && state != State.CLOSED;
    }

    State state() {
        return state;
    }

    PeerSession session() {
        return session;
    }

    private void toCamera(Inbound.Relay message) {
        try {
            route.relay(message);
        } catch (ProtocolException e) {
            close(Refusal.of(Refusal.Kind.OFFLINE, "the camera refused camgate's message: " + e.getMessage()));
        }
    }

    /** Something the camera's side sent to its viewer (us). */
    private void fromCamera(byte[] json) {
        if (state == State.CLOSED) {
            return;
        }
        Inbound message;
        try {
            message = MessageParser.parse(json);
        } catch (ProtocolException e) {
            return; // notices and the like, meant for people: nothing for camgate to do
        }
        switch (message) {
            case Inbound.Relay r when r.kind() == Inbound.Relay.Kind.ANSWER && state == State.NEGOTIATING -> cameraSdp(r, false);
            case Inbound.Relay r when r.kind() == Inbound.Relay.Kind.OFFER && state == State.NEGOTIATING -> cameraSdp(r, true);
            case Inbound.Bye b -> close(Refusal.of(Refusal.Kind.OFFLINE, "the camera ended the call"));
            default -> {
                // Candidates: camgate is ICE-lite, the camera's checks find camgate; nothing else matters here.
            }
        }
    }

    private void cameraSdp(Inbound.Relay message, boolean offer) {
        String sdp = message.kind() == Inbound.Relay.Kind.CANDIDATE ? "" : message.sdp();
        try {
            CameraMedia media;
            if (offer) {
                CameraAnswer answer = CameraNegotiation.answerToCamera(SessionDescription.parse(sdp), relay.media.hubTransport(session));
                media = answer.media();
                toCamera(new Inbound.Relay(Inbound.Relay.Kind.ANSWER, null, Outbound.sdp("answer", answer.sdp())));
            } else {
                media = CameraNegotiation.cameraAnswer(sdp);
            }
            session.expect(Fingerprint.parse(media.fingerprint()));
            state = State.CONNECTING;
            relay.media.negotiated(media);
            relay.upstreamNegotiated(this);
        } catch (SdpException | FingerprintException | IllegalArgumentException e) {
            close(Refusal.of(Refusal.Kind.OFFLINE, "the camera's " + (offer ? "offer" : "answer") + " is unusable: " + e.getMessage()));
        }
    }

    void tick(long now) {
        if (state != State.LIVE && now - startedAt > Relay.SETUP_NANOS) {
            close(Refusal.of(Refusal.Kind.OFFLINE, "the camera did not start sending within "
                    + Relay.SETUP_NANOS / 1_000_000_000 + " s (" + describe(state) + ")"));
        } else if (state == State.LIVE) {
            relay.media.report(session);
        }
    }

    private static String describe(State s) {
        return switch (s) {
            case ADMITTING -> "it was not reached";
            case NEGOTIATING -> "it sent no SDP";
            case CONNECTING -> "no media connection: is camgate's UDP port reachable from the camera?";
            default -> s.name().toLowerCase();
        };
    }

    /** Ends the call with the camera: its route hangs up the device's side, whoever ended it. */
    void close(Refusal why) {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        if (route != null) {
            route.left(); // the camera's side hangs up the device's call
        }
        if (session != null) {
            session.close(why.reason());
        }
        relay.upstreamGone(this, why);
    }

    // PeerSession.Handler

    @Override
    public void secure(PeerSession s) {
        if (state == State.CONNECTING) {
            state = State.LIVE;
            relay.upstreamLive(this);
        }
    }

    @Override
    public void rtp(byte[] buf, int off, int len, long now) {
        relay.media.cameraRtp(buf, off, len, now);
    }

    @Override
    public void rtcp(byte[] buf, int off, int len, long now) {
        relay.media.cameraRtcp(buf, off, len, now);
    }

    @Override
    public void closed(String why) {
        close(Refusal.of(Refusal.Kind.OFFLINE, "the media connection to the camera ended: " + why));
    }

    // Peer: what the camera's side calls, from its own threads.

    @Override
    public String connectionId() {
        return connectionId;
    }

    @Override
    public String remote() {
        return "camgate";
    }

    @Override
    public void send(byte[] json) {
        relay.loop.execute(() -> fromCamera(json));
    }

    @Override
    public void bye() {
        relay.loop.execute(() -> close(Refusal.of(Refusal.Kind.OFFLINE, "the camera ended the call")));
    }

    @Override
    public void bye(Refusal why) {
        relay.loop.execute(() -> close(why));
    }

    @Override
    public void fail(String reason) {
        relay.loop.execute(() -> close(Refusal.of(Refusal.Kind.OFFLINE, reason)));
    }
}
