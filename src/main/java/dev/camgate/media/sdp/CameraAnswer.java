package dev.camgate.media.sdp;

/** camgate's answer to a camera's offer, and what the camera will send under it. */
public record CameraAnswer(String sdp, CameraMedia media) {
}
