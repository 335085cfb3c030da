package dev.camgate.media.snapshot;

import dev.camgate.media.sfu.KeyframeCopy;
import java.util.concurrent.CompletableFuture;

/**
 * Where a camera's latest keyframe comes from: a relayed camera's feed, asked on its event loop
 * ({@link dev.camgate.media.sfu.Feed#copyKeyframe}). Completes with null when no whole keyframe is held, and
 * with a copy without packets when the latest is the one named (the asker has it already).
 */
@FunctionalInterface
public interface KeyframeSource {
    CompletableFuture<KeyframeCopy> keyframe(long knownSequence, long knownTimestamp);
}
