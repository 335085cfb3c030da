package dev.camgate.protocol;

/** A message that breaks the protocol; the text names what was wrong and goes to the client. */
public final class ProtocolException extends Exception {
    public ProtocolException(String reason) {
        super(reason, null, false, false);
    }
}
