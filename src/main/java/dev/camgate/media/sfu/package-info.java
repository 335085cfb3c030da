/**
 * The SFU's forwarding core, without a network: a camera track's {@link dev.camgate.media.sfu.Feed} and each
 * viewer's {@link dev.camgate.media.sfu.Egress}. The transport below hands in decrypted RTP and viewer
 * feedback and sends what comes out ({@link dev.camgate.media.sfu.FeedControl} towards the camera,
 * {@link dev.camgate.media.sfu.ViewerSink} towards a viewer); the codec is behind a
 * {@link dev.camgate.media.sfu.KeyframeDetector}.
 *
 * <p>Everything runs on the UDP port's event loop: no locks, and time is the {@code nowNanos} each call is
 * given. The steady state allocates nothing: packets live in the cache's slots and each egress's one scratch
 * buffer. Callbacks (sink, control, detector) must not call back into the feed.
 *
 * <p>Decisions worth knowing:
 * <ul>
 * <li>A joining video viewer gets the cached GOP at once (from the latest keyframe's first packet to the
 * newest), so its sink's queue should hold a GOP; if it cannot, the viewer waits for the next keyframe.
 * <li>A late packet (reordered, or the camera's resend) goes to each egress whose current epoch it belongs to,
 * under the viewer number of the hole it leaves; one from before the epoch would reuse a number and is dropped.
 * <li>A GOP the cache cannot hold is no GOP: joiners wait, and the feed asks for a fresh keyframe when the
 * cached one is overwritten, so the next joiner need not wait.
 * <li>Loss is hidden only where camgate caused it: a viewer that skipped continues right after its last
 * number; the camera's own unrecovered loss stays a gap the viewer can NACK.
 * </ul>
 */
package dev.camgate.media.sfu;
