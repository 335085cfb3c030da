package dev.camgate.camera.momo;

import dev.camgate.protocol.IceCandidate;

/**
 * What camgate sends Momo in p2p mode (docs/protocol.md §U4): exactly the fields Momo reads, written from
 * these records, never from a viewer's tree, so nothing a viewer added reaches the camera.
 */
sealed interface MomoMessage {
    record Offer(String type, String sdp) implements MomoMessage {
        Offer(String sdp) {
            this("offer", sdp);
        }
    }

    record Candidate(String type, IceCandidate ice) implements MomoMessage {
        Candidate(IceCandidate ice) {
            this("candidate", ice);
        }
    }

    record Close(String type) implements MomoMessage {
        static final Close INSTANCE = new Close("close");
    }
}
