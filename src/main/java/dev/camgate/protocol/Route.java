package dev.camgate.protocol;

/** Where a registered connection's offers, answers and candidates go, and who hears when it leaves. */
public interface Route {
    /** @throws ProtocolException when the message cannot be delivered because the sender broke a rule. */
    void relay(Inbound.Relay message) throws ProtocolException;

    /** The connection ended, for any reason. Called once; implementations tolerate a second call. */
    void left();
}
