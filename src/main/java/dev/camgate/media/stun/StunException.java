package dev.camgate.media.stun;

/** Bytes that are not a well-formed STUN message, or a response that does not answer what was asked. */
public final class StunException extends Exception {
    private final StunProblem problem;

    public StunException(String message) {
        super(message);
        this.problem = null;
    }

    StunException(StunProblem problem, int at) {
        super(problem.text() + " (at byte " + at + ")");
        this.problem = problem;
    }

    /** Which structural check failed; null when the message was well formed but said the wrong thing. */
    public StunProblem problem() {
        return problem;
    }
}
