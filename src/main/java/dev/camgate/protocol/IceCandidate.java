package dev.camgate.protocol;

/** One ICE candidate as offer/answer peers exchange it: the candidate line and the media section it is for. */
public record IceCandidate(String candidate, String sdpMid, int sdpMLineIndex) {
}
