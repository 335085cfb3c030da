package dev.camgate.bench;

import io.netty.buffer.ByteBuf;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * What differs between the signaling servers the bench drives: how a peer joins and learns it is in, how a
 * relayed message is addressed, and how a peer stays alive. The modes and their timing are shared.
 *
 * <p>A pair is a room name and two sides (0 and 1). Every relayed message is a JSON object whose "sdp"
 * string starts with the 20-digit send time, so the receiver finds it by {@link #MARKER} wherever a server
 * that re-serializes messages puts it.
 */
enum BenchProtocol {
    /** Ayame: register {roomId} after the upgrade, accept or reject back; the hub pings, the peer answers pong. */
    AYAME {
        private static final byte[] PING = ascii("{\"type\":\"ping\"}");
        private static final byte[] PONG = ascii("{\"type\":\"pong\"}");

        @Override
        URI uri(URI url, String room, int side, String key, String token) {
            return url;
        }

        @Override
        String register(String room, String key) {
            return "{\"type\":\"register\",\"roomId\":\"" + room + "\""
                    + (key == null ? "" : ",\"signalingKey\":\"" + key.replace("\\", "").replace("\"", "") + "\"") + "}";
        }

        @Override
        Boolean accepted(String text) {
            return text.contains("\"accept\"") ? Boolean.TRUE : text.contains("\"reject\"") ? Boolean.FALSE : null;
        }

        @Override
        byte[] head(String room, int side) {
            return ascii("{\"type\":\"offer\"," + MARKER_TEXT);
        }

        @Override
        byte[] tail() {
            return ascii("\"}");
        }

        @Override
        byte[] answer(ByteBuf frame) {
            return BenchClient.sameBytes(frame, PING) ? PONG : null;
        }

        @Override
        byte[] heartbeat() {
            return null;
        }
    },

    /**
     * PeerJS server (npm peer): the upgrade URL carries key, id and token and the server answers OPEN; every
     * message names its dst and comes back with src added; the server pings nobody and drops a peer that has
     * sent nothing for alive_timeout, so peers send HEARTBEAT, every 5 s like the PeerJS client.
     */
    PEERJS {
        private static final byte[] HEARTBEAT = ascii("{\"type\":\"HEARTBEAT\"}");

        @Override
        URI uri(URI url, String room, int side, String key, String token) {
            String query = "key=" + encode(key == null ? "peerjs" : key) + "&id=" + encode(id(room, side)) + "&token=" + encode(token);
            return URI.create(url + (url.getRawQuery() == null ? "?" : "&") + query);
        }

        @Override
        String register(String room, String key) {
            return null;
        }

        @Override
        Boolean accepted(String text) {
            return text.contains("\"OPEN\"") ? Boolean.TRUE
                    : text.contains("\"ERROR\"") || text.contains("\"ID-TAKEN\"") ? Boolean.FALSE : null;
        }

        @Override
        byte[] head(String room, int side) {
            return ascii("{\"type\":\"OFFER\",\"dst\":\"" + id(room, 1 - side) + "\",\"payload\":{" + MARKER_TEXT);
        }

        @Override
        byte[] tail() {
            return ascii("\"}}");
        }

        @Override
        byte[] answer(ByteBuf frame) {
            return null;
        }

        @Override
        byte[] heartbeat() {
            return HEARTBEAT;
        }

        private static String id(String room, int side) {
            return room + (side == 0 ? "a" : "b");
        }

        private static String encode(String s) {
            return URLEncoder.encode(s, StandardCharsets.UTF_8);
        }
    };

    private static final String MARKER_TEXT = "\"sdp\":\"";
    /** Precedes the send time in every relayed message. */
    static final byte[] MARKER = ascii(MARKER_TEXT);
    static final int STAMP_DIGITS = 20;

    /** The URL to connect to: Ayame's as given, PeerJS's with the peer's identity in the query. */
    abstract URI uri(URI url, String room, int side, String key, String token);

    /** The frame that registers after the upgrade, or null when the upgrade itself registers. */
    abstract String register(String room, String key);

    /** TRUE if the frame says the peer is in, FALSE if it was turned away, null if it says neither. */
    abstract Boolean accepted(String text);

    /** A relayed message from this side, up to and including {@link #MARKER}. */
    abstract byte[] head(String room, int side);

    /** What closes a relayed message after its padding. */
    abstract byte[] tail();

    /** The reply a keep-alive frame from the server needs, or null if the frame is no such thing. */
    abstract byte[] answer(ByteBuf frame);

    /** The frame a peer sends every {@link BenchClient#HEARTBEAT_SECONDS} to stay registered, or null. */
    abstract byte[] heartbeat();

    /** The smallest message this side can send: everything but the padding. */
    int minSize(String room, int side) {
        return head(room, side).length + STAMP_DIGITS + tail().length;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
