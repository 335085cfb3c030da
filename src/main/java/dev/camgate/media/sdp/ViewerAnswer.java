package dev.camgate.media.sdp;

import java.util.List;

/** camgate's answer to a viewer's offer, and the tracks it will send on (in m-section order). */
public record ViewerAnswer(String sdp, List<NegotiatedTrack> tracks) {
    public ViewerAnswer {
        tracks = List.copyOf(tracks);
    }
}
