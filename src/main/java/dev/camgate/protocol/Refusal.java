package dev.camgate.protocol;

import java.util.Objects;

/**
 * Why the hub said no (a reject), or why it ended a call (a bye with words): a kind for code to act on and
 * the words for the client. The words are what Ayame clients and people read (and are kept as they were);
 * code, here and in the pages, decides on the kind, never on the words.
 */
public record Refusal(Kind kind, String reason) {

    public Refusal {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(reason, "reason");
        if (kind.prefix != null && !reason.equals(kind.prefix) && !reason.startsWith(kind.prefix + ": ")) {
            throw new IllegalArgumentException(kind + " refusal must start with '" + kind.prefix + ": ': " + reason);
        }
    }

    /** The refusal of this kind whose words are {@code detail} after the kind's prefix. */
    public static Refusal of(Kind kind, String detail) {
        return new Refusal(kind, kind.prefix == null ? detail : kind.prefix + ": " + detail);
    }

    /** Plain rooms answer as Ayame does: the bare word, nothing after it. */
    public static final Refusal FULL = new Refusal(Kind.FULL, "full");

    public boolean isCredentialFailure() {
        return kind.credential;
    }

    /**
     * @param prefix     the token the words start with ("offline: ..."), as clients have always seen it; null
     *                   where the words come from elsewhere (an authn webhook, the camera) and stay as they are
     * @param label      the metrics label; kinds that share a prefix share it, so existing series keep counting
     * @param credential a wrong or missing credential: counts towards an address's backoff, and an anonymous
     *                   client gets the same answer for every such refusal
     */
    public enum Kind {
        UNAUTHORIZED("unauthorized", "unauthorized", true),
        FORBIDDEN("forbidden", "forbidden", true),
        WRONG_KEY("key", "key", true),
        /** No camera is connected under this id: the page waits for one without saying more. */
        NOT_CONNECTED("offline", "offline", false),
        /** The camera is there but could not be reached or did not behave. */
        OFFLINE("offline", "offline", false),
        /** A camera that serves one viewer at a time is being watched. */
        IN_USE("busy", "busy", false),
        /** A viewer limit, or an id taken by a plain room. */
        BUSY("busy", "busy", false),
        /** Too many attempts (wrong credentials, dials of one camera): later, not now. */
        THROTTLED("busy", "busy", false),
        INVALID("invalid", "invalid", false),
        /** A plain Ayame room already has its two members. */
        FULL("full", "full", false),
        /** The authn webhook said no; its words are passed on as they are, as Ayame does. */
        WEBHOOK(null, "webhook", false),
        /** The login session behind the socket ended. */
        SESSION_ENDED(null, "other", false),
        /** The camera ended the call before it was set up, or camgate is shutting down. */
        ENDED(null, "other", false),
        /** Something failed that has no better name. */
        INTERNAL(null, "other", false);

        private final String prefix;
        private final String label;
        private final boolean credential;

        Kind(String prefix, String label, boolean credential) {
            this.prefix = prefix;
            this.label = label;
            this.credential = credential;
        }

        /** The token the words start with, or null if they start with nothing fixed. */
        public String prefix() {
            return prefix;
        }

        public String label() {
            return label;
        }

        /** What the pages match on (the "code" field of reject and bye): "not-connected", "wrong-key". */
        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }
}
