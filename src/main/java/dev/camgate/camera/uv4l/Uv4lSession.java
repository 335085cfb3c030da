package dev.camgate.camera.uv4l;

import dev.camgate.camera.dialout.DialledCamera;
import dev.camgate.camera.dialout.DialledSession;
import dev.camgate.camera.dialout.Json;
import dev.camgate.protocol.Admission;
import dev.camgate.protocol.Inbound;
import dev.camgate.protocol.Outbound;
import dev.camgate.protocol.Peer;
import dev.camgate.protocol.Refusal;
import java.util.concurrent.CompletableFuture;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One viewer ↔ UV4L's built-in signaling (docs/protocol.md §U6, UV4L). UV4L makes the offer after {@code call}, so
 * the viewer is admitted as the answering side. {@code data} is JSON encoded a second time inside a string;
 * where the format is unverified (iceCandidates elements, sdpMid) both forms are accepted.
 */
final class Uv4lSession extends DialledSession {
    enum State { DIALING, CALLED, OFFERED, ANSWERED }

    private final ObjectNode callOptions;
    private State state = State.DIALING;

    Uv4lSession(DialledCamera camera, Peer viewer, CompletableFuture<Admission> decision, ObjectNode callOptions) {
        super(camera, viewer, decision);
        this.callOptions = callOptions;
    }

    @Override
    protected void greet() {
        sendUp(Json.write(new Uv4lMessage.Call(callOptions)));
        state = State.CALLED;
        expect("offer");
        admit(false);
    }

    @Override
    protected void fromCamera(String text) {
        ObjectNode msg = Json.object(text);
        String what = Json.string(msg, "what");
        if (what == null && Json.string(msg, "type") != null) {
            speaksOtherProtocol("momo"); // Momo's messages carry "type", UV4L's "what"
            return;
        }
        if (what == null) {
            logs().log(LOG, org.slf4j.event.Level.DEBUG, source(), "message without what",
                    "camera '{}': a UV4L message without 'what'; not passed on", camera.id());
            return;
        }
        JsonNode data = decoded(msg.get("data"));
        switch (what) {
            case "offer" -> {
                String sdp = data instanceof ObjectNode o ? Json.string(o, "sdp") : data != null && data.isString() ? data.asString() : null;
                if (sdp == null || sdp.isEmpty()) {
                    end(Refusal.of(Refusal.Kind.OFFLINE, "camera '" + camera.id() + "' sent an offer without SDP"));
                    return;
                }
                fulfilled();
                state = State.OFFERED;
                sendToViewer(Outbound.sdp("offer", sdp));
            }
            case "iceCandidate" -> candidate(data);
            case "iceCandidates" -> {
                if (data instanceof ArrayNode list) {
                    list.forEach(element -> candidate(decoded(element)));
                }
            }
            case "message" -> {
                String words = data != null && data.isString() ? data.asString() : msg.has("data") ? msg.get("data").toString() : "";
                if (!words.isBlank()) {
                    sendToViewer(Outbound.notice("Camera says: " + words));
                }
            }
            case "hangup" -> end(Refusal.of(Refusal.Kind.ENDED, "The camera hung up."));
            default -> logs().log(LOG, org.slf4j.event.Level.DEBUG, source(), "unknown message",
                    "camera '{}': ignoring UV4L '{}'", camera.id(), what);
        }
    }

    /** One candidate; empty or absent data means "gathering complete", which viewers do not need. */
    private void candidate(JsonNode data) {
        if (!(data instanceof ObjectNode c)) {
            return;
        }
        String line = Json.string(c, "candidate");
        int index = Json.index(c, "sdpMLineIndex");
        if (line == null || line.isEmpty() || index < 0) {
            return;
        }
        sendToViewer(Outbound.candidate(line, Json.string(c, "sdpMid"), index));
    }

    @Override
    protected void fromViewer(Inbound.Relay message) {
        switch (message.kind()) {
            case ANSWER -> {
                sendUp(wrap("answer", new Uv4lMessage.Answer(message.sdp())));
                state = State.ANSWERED;
            }
            case CANDIDATE -> sendUp(wrap("addIceCandidate", new Uv4lMessage.Candidate(message.ice())));
            case OFFER -> LOG.debug("camera '{}': UV4L makes the offer itself; ignoring the viewer's", camera.id());
        }
    }

    @Override
    protected String otherTypeByUrl() {
        return camera.urlPath().equals("/ws") ? "momo" : null;
    }

    @Override
    protected String farewell() {
        return Json.write(Uv4lMessage.Hangup.INSTANCE);
    }

    /** UV4L's double encoding: data is a string holding JSON. */
    private static String wrap(String what, Record data) {
        return Json.write(new Uv4lMessage.Wrapped(what, Json.write(data)));
    }

    /** data as UV4L sends it: a string holding JSON (usually), an object, or plain text. */
    private static JsonNode decoded(JsonNode data) {
        if (data == null || data.isNull()) {
            return null;
        }
        if (data.isString()) {
            String text = data.asString().strip();
            if (text.startsWith("{") || text.startsWith("[")) {
                try {
                    return Json.MAPPER.readTree(text);
                } catch (RuntimeException e) {
                    return data;
                }
            }
        }
        return data;
    }
}
