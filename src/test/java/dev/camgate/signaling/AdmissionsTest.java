package dev.camgate.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.camgate.abuse.AbuseGuard;
import dev.camgate.auth.AyameWebhooks;
import dev.camgate.auth.Principal;
import dev.camgate.auth.Right;
import dev.camgate.config.LimitsConfig;
import dev.camgate.protocol.Admission;
import dev.camgate.protocol.Inbound;
import dev.camgate.protocol.Peer;
import dev.camgate.protocol.Refusal;
import dev.camgate.protocol.Route;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The one admission path, with no hub: a fake connection, fake rooms, a fake webhook, and one clock the
 * abuse guard and the loop's timers share, moved by hand.
 */
class AdmissionsTest {
    static final Principal ALICE = new Principal("alice", Map.of("porch", Right.VIEW));
    static final Admission.Refused WRONG_KEY = new Admission.Refused(Refusal.Kind.WRONG_KEY, "wrong key for camera 'porch'");

    final AtomicLong now = new AtomicLong(TimeUnit.HOURS.toNanos(1));
    final FakeLoop loop = new FakeLoop();
    final InetAddress address = InetAddress.getLoopbackAddress();
    final InetAddress other;
    final SignalingStats stats = new SignalingStats();
    final FakeRooms rooms = new FakeRooms();
    final FakePeer peer = new FakePeer();

    AdmissionsTest() throws Exception {
        other = InetAddress.getByName("127.0.0.2");
    }

    /** Registrations 2 a second (a burst of 4), back-off after 1 failure, at most 8 s. */
    final AbuseGuard guard = new AbuseGuard(LimitsConfig.perAddress(100, 2, 1, Duration.ofSeconds(8)), null, now::get);

    Admissions admissions(Function<AyameWebhooks.AuthnRequest, CompletableFuture<AyameWebhooks.Decision>> authn) {
        return new Admissions(rooms, key -> "alice-token".equals(key) ? ALICE : Principal.NOBODY, guard, authn, Duration.ofSeconds(8), stats);
    }

    Admissions admissions() {
        return admissions(null);
    }

    Admissions.Ask page(String camera) {
        return new Admissions.Ask(peer, address, ALICE, Admissions.viewerOf(camera));
    }

    Admissions.Ask withKey(InetAddress from, String key) {
        return new Admissions.Ask(peer, from, Principal.NOBODY,
                new Inbound.Register("porch", null, key, null, null, null, null, false, null));
    }

    void advance(Duration d) {
        now.addAndGet(d.toNanos());
        loop.runDue();
    }

    @Test
    void aPageCallOnTheUpgradesProofIsAViewerOfItsCameraWithThatProof() {
        Route route = new FakeRoute();
        rooms.answer = new Admission.Admitted(route, true, null);
        FakeOutcome outcome = new FakeOutcome();
        admissions().admit(page("porch"), loop, outcome);

        assertEquals(1, rooms.asked.size());
        FakeRooms.Asked asked = rooms.asked.get(0);
        assertSame(peer, asked.peer());
        assertEquals("porch", asked.register().roomId());
        assertEquals(Inbound.Extension.Role.VIEWER, asked.register().camgate().role(), "a page only ever views");
        assertNull(asked.register().key());
        assertEquals(ALICE, asked.who());
        assertSame(route, outcome.admitted.route());
        assertEquals(ALICE, outcome.who);
        assertNull(outcome.refused);
        assertTrue(loop.tasks.isEmpty(), "nothing put off: the upgrade's proof is no guess");
    }

    @Test
    void registrationsBeyondTheAddressRateAreRefusedAfterASecondWithoutReachingTheRooms() {
        rooms.answer = new Admission.Admitted(new FakeRoute(), false, null);
        for (int i = 0; i < 4; i++) {
            FakeOutcome ok = new FakeOutcome();
            admissions().admit(page("porch"), loop, ok);
            assertTrue(ok.admitted != null, "within the burst: " + i);
        }
        FakeOutcome throttled = new FakeOutcome();
        admissions().admit(page("porch"), loop, throttled);
        assertEquals(4, rooms.asked.size(), "the fifth never reaches the rooms");
        advance(Duration.ofMillis(999));
        assertNull(throttled.refused, "the answer waits, so a reconnecting client slows down");
        advance(Duration.ofMillis(1));
        assertEquals(Refusal.Kind.THROTTLED, throttled.refused.kind());
        assertEquals("busy: too many registrations from your address; slow down", throttled.refused.reason());
        assertEquals(1L, stats.rejectsByReason().get("busy"));
    }

    @Test
    void aThrottledClientThatLeftHearsNothing() {
        rooms.answer = new Admission.Admitted(new FakeRoute(), false, null);
        for (int i = 0; i < 4; i++) {
            admissions().admit(page("porch"), loop, new FakeOutcome());
        }
        FakeOutcome gone = new FakeOutcome();
        admissions().admit(page("porch"), loop, gone);
        gone.waiting = false;
        advance(Duration.ofSeconds(1));
        assertNull(gone.refused);
    }

    @Test
    void wrongKeysCountAgainstAddressAndRoomSoLaterGuessesWaitBeforeTheyAreChecked() {
        rooms.answer = WRONG_KEY;
        for (int i = 0; i < 2; i++) {
            FakeOutcome early = new FakeOutcome();
            admissions().admit(withKey(address, "guess-" + i), loop, early);
            assertEquals(WRONG_KEY.refusal(), early.refused, "answered at once up to failures_before_backoff");
        }

        // Past failures_before_backoff (1), the next guess waits 0.5 s before it is even checked.
        FakeOutcome third = new FakeOutcome();
        admissions().admit(withKey(address, "guess-3"), loop, third);
        assertEquals(2, rooms.asked.size(), "not checked yet");
        advance(Duration.ofMillis(499));
        assertNull(third.refused);
        advance(Duration.ofMillis(1));
        assertEquals(3, rooms.asked.size());
        assertEquals(WRONG_KEY.refusal(), third.refused);

        // The room backs off for every address, and for the right key too (its timing tells nothing).
        rooms.answer = new Admission.Admitted(new FakeRoute(), false, null);
        FakeOutcome elsewhere = new FakeOutcome();
        admissions().admit(withKey(other, "alice-token"), loop, elsewhere);
        advance(Duration.ofMillis(999));
        assertEquals(3, rooms.asked.size());
        advance(Duration.ofMillis(1));
        assertTrue(elsewhere.admitted != null);
        assertEquals(ALICE, rooms.asked.get(3).who(), "the key proved alice");
        assertEquals(3L, stats.rejectsByReason().get("key"));
    }

    @Test
    void aRefusalOnTheUpgradesProofCountsAgainstTheAddressButNotTheRoom() {
        rooms.answer = new Admission.Refused(Refusal.Kind.FORBIDDEN, "'alice' may not view 'garage'");
        for (int i = 0; i < 3; i++) {
            FakeOutcome outcome = new FakeOutcome();
            admissions().admit(page("garage"), loop, outcome);
            assertEquals(Refusal.Kind.FORBIDDEN, outcome.refused.kind(), "never delayed: no guess");
        }
        assertTrue(guard.backoff(address).toMillis() > 0, "the address's logins back off");
        assertEquals(Duration.ZERO, guard.beforeCheck(other, "garage"), "the room id is not held against others");
    }

    @Test
    void aPendingAdmissionIsCarriedOutWhenTheCameraDecides() {
        CompletableFuture<Admission> dial = new CompletableFuture<>();
        rooms.answer = new Admission.Pending(dial);
        FakeOutcome outcome = new FakeOutcome();
        admissions().admit(page("porch"), loop, outcome);
        assertNull(outcome.admitted);
        assertNull(outcome.refused);
        FakeRoute route = new FakeRoute();
        dial.complete(new Admission.Admitted(route, true, null));
        assertSame(route, outcome.admitted.route());
        assertEquals(0, route.left);
    }

    @Test
    void aCameraAdmittingAClientThatLeftMeanwhileIsToldAtOnce() {
        CompletableFuture<Admission> dial = new CompletableFuture<>();
        rooms.answer = new Admission.Pending(dial);
        FakeOutcome outcome = new FakeOutcome();
        admissions().admit(page("porch"), loop, outcome);
        outcome.waiting = false;
        FakeRoute route = new FakeRoute();
        dial.complete(new Admission.Admitted(route, true, null));
        assertEquals(1, route.left, "the late route is left");
        assertNull(outcome.admitted);
    }

    @Test
    void aFailedDialIsRefusedAsOffline() {
        CompletableFuture<Admission> dial = new CompletableFuture<>();
        rooms.answer = new Admission.Pending(dial);
        FakeOutcome outcome = new FakeOutcome();
        admissions().admit(page("porch"), loop, outcome);
        dial.completeExceptionally(new IllegalStateException("the dialler broke"));
        assertEquals(Refusal.Kind.OFFLINE, outcome.refused.kind());
        assertEquals("offline: the dialler broke", outcome.refused.reason());
    }

    @Test
    void theWebhooksNoRefusesAPageCallBeforeTheRoomsAreAsked() {
        List<AyameWebhooks.AuthnRequest> asked = new ArrayList<>();
        CompletableFuture<AyameWebhooks.Decision> answer = new CompletableFuture<>();
        FakeOutcome outcome = new FakeOutcome();
        admissions(r -> {
            asked.add(r);
            return answer;
        }).admit(page("porch"), loop, outcome);
        assertEquals(1, asked.size());
        assertEquals("porch", asked.get(0).roomId());
        assertEquals(peer.connectionId(), asked.get(0).connectionId());
        assertNull(asked.get(0).signalingKey());
        answer.complete(new AyameWebhooks.Decision(false, "no entry", null, null));
        assertEquals(new Refusal(Refusal.Kind.WEBHOOK, "no entry"), outcome.refused);
        assertTrue(rooms.asked.isEmpty());
        assertEquals(1L, stats.rejectsByReason().get("webhook"));
    }

    @Test
    void theWebhooksYesSpeaksForTheRoomAndReachesTheConnection() {
        AyameWebhooks.Decision yes = new AyameWebhooks.Decision(true, null, null, null);
        rooms.answer = new Admission.Admitted(new FakeRoute(), false, null);
        FakeOutcome outcome = new FakeOutcome();
        admissions(r -> CompletableFuture.completedFuture(yes)).admit(withKey(address, "some-key"), loop, outcome);
        assertTrue(rooms.asked.get(0).who().may(Right.PUBLISH, "porch"), "the webhook grants the room");
        assertFalse(outcome.who.known(), "but the client itself proved nothing");
        assertSame(yes, outcome.webhook);
    }

    @Test
    void aWebhookAnswerForAClientThatLeftGoesNowhere() {
        CompletableFuture<AyameWebhooks.Decision> answer = new CompletableFuture<>();
        FakeOutcome outcome = new FakeOutcome();
        admissions(r -> answer).admit(page("porch"), loop, outcome);
        outcome.waiting = false;
        answer.complete(new AyameWebhooks.Decision(true, null, null, null));
        assertTrue(rooms.asked.isEmpty(), "no seat is taken for a client that is gone");
        assertNull(outcome.admitted);
    }

    // ---- fakes ----

    /** Runs tasks at once; timers when the test moves the shared clock past them. */
    final class FakeLoop implements Admissions.Loop {
        record Timer(long due, Runnable task) {
        }

        final List<Timer> tasks = new ArrayList<>();

        @Override
        public void execute(Runnable task) {
            task.run();
        }

        @Override
        public void schedule(Runnable task, Duration delay) {
            tasks.add(new Timer(now.get() + delay.toNanos(), task));
        }

        void runDue() {
            List<Timer> due = tasks.stream().filter(t -> t.due() <= now.get()).sorted(Comparator.comparingLong(Timer::due)).toList();
            tasks.removeAll(due);
            due.forEach(t -> t.task().run());
        }
    }

    static final class FakeRooms implements Admissions.Registrar {
        record Asked(Peer peer, Inbound.Register register, Principal who) {
        }

        final List<Asked> asked = new ArrayList<>();
        Admission answer;

        @Override
        public Admission register(Peer peer, Inbound.Register register, Principal who) {
            asked.add(new Asked(peer, register, who));
            return answer;
        }
    }

    static final class FakeOutcome implements Admissions.Outcome {
        boolean waiting = true;
        Admission.Admitted admitted;
        Principal who;
        AyameWebhooks.Decision webhook;
        Refusal refused;

        @Override
        public boolean waiting() {
            return waiting;
        }

        @Override
        public void admitted(Admission.Admitted a, Principal who, AyameWebhooks.Decision webhook) {
            assertTrue(admitted == null && refused == null, "one outcome per admission");
            this.admitted = a;
            this.who = who;
            this.webhook = webhook;
        }

        @Override
        public void refused(Refusal refusal) {
            assertTrue(admitted == null && refused == null, "one outcome per admission");
            this.refused = refusal;
        }
    }

    static final class FakeRoute implements Route {
        int left;

        @Override
        public void relay(Inbound.Relay message) {
        }

        @Override
        public void left() {
            left++;
        }
    }

    static final class FakePeer implements Peer {
        @Override
        public String connectionId() {
            return "01TESTCONNECTION0000000000";
        }

        @Override
        public String remote() {
            return "127.0.0.1:1";
        }

        @Override
        public void send(byte[] json) {
        }

        @Override
        public void bye() {
        }

        @Override
        public void bye(Refusal why) {
        }

        @Override
        public void fail(String reason) {
        }
    }
}
