package dev.camgate.signaling;

import dev.camgate.abuse.AbuseGuard;
import dev.camgate.auth.AyameWebhooks;
import dev.camgate.auth.Principal;
import dev.camgate.auth.Right;
import dev.camgate.protocol.Admission;
import dev.camgate.protocol.Inbound;
import dev.camgate.protocol.Peer;
import dev.camgate.protocol.Refusal;
import io.netty.channel.Channel;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way in for every viewer and camera, whatever protocol it speaks (Ayame's register on /signaling,
 * Momo's p2p page on /ws and /): the address's registration rate, the back-off before a credential that may
 * be a guess is checked, the authn webhook, the rights and the room or camera itself (through
 * {@link Registrar}), and what a refusal costs the address afterwards. A connection hands in an {@link Ask}
 * and hears the end of it through its {@link Outcome}; how the answer is worded on the wire stays the
 * connection's business.
 *
 * <p>Holds no state of its own (that is in {@link AbuseGuard} and the rooms), so one per connection is fine.
 * Every callback runs on the connection's {@link Loop}.
 */
final class Admissions {
    private static final Logger LOG = LoggerFactory.getLogger(Admissions.class);
    private static final Duration THROTTLE_WAIT = Duration.ofSeconds(1);

    /** Where a proved register goes: {@code Rooms.register} in the hub; it checks the rights. */
    interface Registrar {
        Admission register(Peer peer, Inbound.Register register, Principal who);
    }

    /** The connection's event loop: admission steps after the first (a delay, a webhook's answer, a dial) run here. */
    interface Loop {
        /** Runs at once when already on the loop, else as the loop's next task. */
        void execute(Runnable task);

        void schedule(Runnable task, Duration delay);

        static Loop of(Channel channel) {
            return new Loop() {
                @Override
                public void execute(Runnable task) {
                    if (channel.eventLoop().inEventLoop()) {
                        task.run();
                    } else {
                        channel.eventLoop().execute(task);
                    }
                }

                @Override
                public void schedule(Runnable task, Duration delay) {
                    channel.eventLoop().schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
                }
            };
        }
    }

    /** How a connection hears the end of one admission; called on its loop, at most once. */
    interface Outcome {
        /**
         * False once the connection has closed or given up this attempt: a later answer is dropped, and a
         * late admission's route is left at once.
         */
        boolean waiting();

        /**
         * @param who     what the upgrade and the register's key proved (names the client's TURN credential)
         * @param webhook the authn webhook's yes, or null if no webhook is configured
         */
        void admitted(Admission.Admitted admitted, Principal who, AyameWebhooks.Decision webhook);

        /** Already counted and, where it must be, delayed: say it and close. */
        void refused(Refusal refusal);
    }

    /**
     * One request to be let in.
     *
     * @param address  the client's address after trusted proxies, for per-address limits
     * @param upgrade  what the WebSocket upgrade proved, {@link Principal#NOBODY} if nothing
     * @param register what the client asked for; a p2p page's call is {@link #viewerOf} a camera
     */
    record Ask(Peer peer, InetAddress address, Principal upgrade, Inbound.Register register) {
        /** A key sent in the register, or no proof from the upgrade: the answer's timing must not tell it right from wrong. */
        boolean mayBeAGuess() {
            return register.key() != null && !register.key().isEmpty() || !upgrade.known();
        }
    }

    /** What a p2p page's call asks for: to view {@code cameraId}, on the upgrade's proof alone. */
    static Inbound.Register viewerOf(String cameraId) {
        return new Inbound.Register(cameraId, null, null, null, null, null, null, false,
                new Inbound.Extension(Inbound.Extension.Role.VIEWER, false, null));
    }

    private final Registrar rooms;
    private final Function<String, Principal> tokens;
    private final AbuseGuard guard;
    /** Null when no authn webhook is configured. */
    private final Function<AyameWebhooks.AuthnRequest, CompletableFuture<AyameWebhooks.Decision>> authn;
    private final Duration maxBackoff;
    private final SignalingStats stats;

    static Admissions of(Gatekeeper gate) {
        AyameWebhooks hooks = gate.webhooks();
        return new Admissions(gate.rooms()::register, gate.auth()::token, gate.guard(),
                hooks.hasAuthn() ? hooks::authn : null, gate.config().limits().maxBackoff(), gate.stats());
    }

    /**
     * @param tokens what a register's key proves as a token ({@link Principal#NOBODY} if nothing)
     * @param authn  the authn webhook (its future never fails), or null if there is none
     */
    Admissions(Registrar rooms, Function<String, Principal> tokens, AbuseGuard guard,
               Function<AyameWebhooks.AuthnRequest, CompletableFuture<AyameWebhooks.Decision>> authn,
               Duration maxBackoff, SignalingStats stats) {
        this.rooms = rooms;
        this.tokens = tokens;
        this.guard = guard;
        this.authn = authn;
        this.maxBackoff = maxBackoff;
        this.stats = stats;
    }

    /** Runs the whole admission of {@code ask}; call on the connection's loop. */
    void admit(Ask ask, Loop loop, Outcome outcome) {
        if (!guard.mayRegister(ask.address())) {
            refuse(ask, loop, outcome, Refusal.of(Refusal.Kind.THROTTLED, "too many registrations from your address; slow down"),
                    THROTTLE_WAIT.compareTo(maxBackoff) < 0 ? THROTTLE_WAIT : maxBackoff);
            return;
        }
        if (!ask.mayBeAGuess()) {
            check(ask, loop, outcome);
            return;
        }
        // A possible guess waits out the address's and the room's back-off before its key is even checked.
        Duration wait = guard.beforeCheck(ask.address(), ask.register().roomId());
        if (wait == null) {
            refuse(ask, loop, outcome, Refusal.of(Refusal.Kind.THROTTLED,
                    "too many wrong credentials for this room or from your address; try again later"), maxBackoff);
        } else if (wait.isZero()) {
            check(ask, loop, outcome);
        } else {
            loop.schedule(() -> {
                if (outcome.waiting()) {
                    check(ask, loop, outcome);
                }
            }, wait);
        }
    }

    private void check(Ask ask, Loop loop, Outcome outcome) {
        Inbound.Register register = ask.register();
        Principal who = ask.upgrade().or(tokens.apply(register.key()));
        if (authn == null) {
            carryOut(ask, loop, outcome, rooms.register(ask.peer(), register, who), who, null);
            return;
        }
        authn.apply(new AyameWebhooks.AuthnRequest(register.roomId(), register.clientId(), ask.peer().connectionId(),
                        register.key(), register.authnMetadata(), register.ayameClient(), register.libwebrtc(), register.environment()))
                .thenAccept(answer -> loop.execute(() -> {
                    if (!outcome.waiting()) {
                        return;
                    }
                    if (!answer.allowed()) {
                        carryOut(ask, loop, outcome, new Admission.Refused(new Refusal(Refusal.Kind.WEBHOOK, answer.reason())), who, null);
                        return;
                    }
                    // The webhook speaks for this room, as Ayame's does.
                    Principal granted = new Principal("webhook", Map.of(register.roomId(), Right.PUBLISH)).or(who);
                    carryOut(ask, loop, outcome, rooms.register(ask.peer(), register, granted), who, answer);
                }));
    }

    /**
     * Carries out what the rooms decided: a pending one is waited for (the camera completes it within its own
     * time limit: connect_timeout for a dialled camera), an admitted one goes to the connection, a refused
     * one is counted against the address if it was a wrong credential.
     */
    private void carryOut(Ask ask, Loop loop, Outcome outcome, Admission admission, Principal who, AyameWebhooks.Decision webhook) {
        switch (admission) {
            // Waited for even if the client has gone meanwhile: a late admission must still be left.
            case Admission.Pending p -> p.decision().whenComplete((result, failure) -> loop.execute(() ->
                    carryOut(ask, loop, outcome, failure != null || result == null
                            ? new Admission.Refused(Refusal.Kind.OFFLINE, String.valueOf(failure == null ? "no answer" : failure.getMessage()))
                            : result, who, webhook)));
            case Admission.Admitted a -> {
                if (outcome.waiting()) {
                    outcome.admitted(a, who, webhook);
                } else {
                    a.route().left(); // the client left while it was being let in
                }
            }
            case Admission.Refused r -> {
                if (!outcome.waiting()) {
                    return;
                }
                if (r.refusal().isCredentialFailure()) {
                    countFailure(ask, r.refusal().reason());
                }
                // A guess already waited before its check: the answer itself goes at once.
                refuse(ask, loop, outcome, r.refusal(), Duration.ZERO);
            }
        }
    }

    private void countFailure(Ask ask, String reason) {
        String room = ask.register().roomId();
        String what = "refused: " + reason + " (room '" + room + "')";
        if (ask.mayBeAGuess()) {
            guard.failed(ask.address(), room, what);
        } else {
            guard.failed(ask.address(), what);
        }
    }

    /**
     * A client that keeps failing gets its answer late: it waits on an idle socket instead of reconnecting
     * at once, which is what turns a reconnect storm into a trickle.
     */
    private void refuse(Ask ask, Loop loop, Outcome outcome, Refusal refusal, Duration delay) {
        stats.rejected(refusal.kind());
        LOG.debug("{} rejected for room '{}': '{}'", ask.peer().connectionId(), ask.register().roomId(), refusal.reason());
        if (delay.isZero()) {
            outcome.refused(refusal);
            return;
        }
        loop.schedule(() -> {
            if (outcome.waiting()) {
                outcome.refused(refusal);
            }
        }, delay);
    }
}
