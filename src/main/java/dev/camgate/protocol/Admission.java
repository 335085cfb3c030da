package dev.camgate.protocol;

import java.util.Map;

/** The answer to a register: let in (with where its messages go) or refused (with a {@link Refusal}: its kind, and words for the client). */
public sealed interface Admission {

    /**
     * @param otherIsWaiting becomes accept.isExistUser/isExistClient: true means "the other side is there, you offer".
     * @param camgate        extension fields for accept, or null for plain Ayame clients.
     */
    record Admitted(Route route, boolean otherIsWaiting, Map<String, Object> camgate) implements Admission {
    }

    record Refused(Refusal refusal) implements Admission {
        public Refused {
            java.util.Objects.requireNonNull(refusal, "refusal");
        }

        /** @param detail the words after the kind's prefix */
        public Refused(Refusal.Kind kind, String detail) {
            this(Refusal.of(kind, detail));
        }
    }

    /**
     * Decided later, e.g. once the hub has dialled the camera. The future must complete (within the
     * camera's own time limit) with Admitted or Refused. If the viewer has left by then, the hub calls
     * the admitted route's {@code left()} at once.
     */
    record Pending(java.util.concurrent.CompletableFuture<Admission> decision) implements Admission {
    }
}
