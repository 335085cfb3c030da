package dev.camgate.protocol;

/** One signaling connection as rooms and cameras see it. Safe to call from any thread. */
public interface Peer {
    /** Unique per connection (Ayame's connectionId). */
    String connectionId();

    /** Where the client connects from, for logs ("192.0.2.7:51234"). */
    String remote();

    static String describe(java.net.SocketAddress address) {
        return address instanceof java.net.InetSocketAddress inet
                ? inet.getAddress().getHostAddress() + ":" + inet.getPort() : String.valueOf(address);
    }

    /** Sends one text frame; the bytes must already be a complete, valid message. */
    void send(byte[] json);

    /** {"type":"bye"} then close 1000, as Ayame does to the member that remains. */
    void bye();

    /**
     * bye with why: {"type":"bye","reason":...,"code":...}, the words for the person watching and the code
     * for the page (Ayame clients ignore both fields).
     */
    void bye(Refusal why);

    /** Tells the client what it did wrong ({"type":"error"}), then closes with 1008. */
    void fail(String reason);

    /** The login session that opened this socket ended (logout, expiry): say why and close. */
    default void sessionEnded(String reason) {
        fail(reason);
    }
}
