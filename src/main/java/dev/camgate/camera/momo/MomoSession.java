package dev.camgate.camera.momo;

import dev.camgate.camera.dialout.DialledCamera;
import dev.camgate.camera.dialout.DialledSession;
import dev.camgate.camera.dialout.Json;
import dev.camgate.protocol.Admission;
import dev.camgate.protocol.Inbound;
import dev.camgate.protocol.Outbound;
import dev.camgate.protocol.Peer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import tools.jackson.databind.node.ObjectNode;

/**
 * One viewer ↔ one socket to Momo in p2p mode (docs/protocol.md §U4, Momo p2p mode). The viewer offers;
 * Momo answers.
 * Every message to Momo is rebuilt from checked fields, because Momo can crash on wrong-shaped JSON, and
 * candidates sent before the offer are held, because Momo drops them.
 */
final class MomoSession extends DialledSession {
    /** More candidates than this before an offer is not a browser behaving normally. */
    private static final int MAX_HELD = 100;

    enum State { DIALING, WAITING_FOR_OFFER, WAITING_FOR_ANSWER, CONNECTED }

    private State state = State.DIALING;
    private final List<String> held = new ArrayList<>();

    MomoSession(DialledCamera camera, Peer viewer, CompletableFuture<Admission> decision) {
        super(camera, viewer, decision);
    }

    @Override
    protected void greet() {
        state = State.WAITING_FOR_OFFER;
        admit(true);
    }

    @Override
    protected void fromViewer(Inbound.Relay message) {
        switch (message.kind()) {
            case OFFER -> {
                sendUp(Json.write(new MomoMessage.Offer(message.sdp())));
                state = State.WAITING_FOR_ANSWER;
                expect("answer");
                held.forEach(this::sendUp);
                held.clear();
            }
            case CANDIDATE -> {
                String json = Json.write(new MomoMessage.Candidate(message.ice()));
                if (state == State.WAITING_FOR_OFFER) {
                    if (held.size() < MAX_HELD) {
                        held.add(json);
                    }
                } else {
                    sendUp(json);
                }
            }
            case ANSWER -> LOG.debug("camera '{}': Momo in p2p mode never offers; ignoring a viewer's answer", camera.id());
        }
    }

    @Override
    protected void fromCamera(String text) {
        ObjectNode msg = Json.object(text);
        String type = Json.string(msg, "type");
        String sdp = Json.string(msg, "sdp");
        if (type == null && Json.string(msg, "what") != null) {
            speaksOtherProtocol("uv4l"); // UV4L's messages carry "what", Momo's "type"
            return;
        }
        if ("answer".equals(type) && state == State.WAITING_FOR_ANSWER && sdp != null && !sdp.isBlank()) {
            fulfilled();
            state = State.CONNECTED;
            sendToViewer(Outbound.sdp("answer", sdp));
        } else if ("candidate".equals(type) && msg.get("ice") instanceof ObjectNode ice
                && Json.string(ice, "candidate") != null && Json.index(ice, "sdpMLineIndex") >= 0) {
            sendToViewer(Outbound.candidate(Json.string(ice, "candidate"), Json.string(ice, "sdpMid"), Json.index(ice, "sdpMLineIndex")));
        } else if (!"ping".equals(type) && !"accept".equals(type)) {
            logs().log(LOG, org.slf4j.event.Level.DEBUG, source(), "unexpected message",
                    "camera '{}' sent something unexpected; not passed on: '{}'", camera.id(),
                    text.length() > 200 ? text.substring(0, 200) + "..." : text);
        }
    }

    @Override
    protected String otherTypeByUrl() {
        return camera.urlPath().endsWith("/stream/webrtc") ? "uv4l" : null;
    }

    @Override
    protected String farewell() {
        return Json.write(MomoMessage.Close.INSTANCE);
    }
}
