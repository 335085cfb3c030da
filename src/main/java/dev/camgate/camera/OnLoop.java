package dev.camgate.camera;

import dev.camgate.protocol.Admission;
import dev.camgate.protocol.Refusal;
import io.netty.channel.EventLoop;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * How work reaches the event loop a camera's state lives on (docs/architecture.md, Threads): at once when the
 * caller is already on it, else as the loop's next task. Calls from one thread keep their order either way,
 * since a thread is either always on the loop or never.
 */
public final class OnLoop {
    private OnLoop() {
    }

    /** Runs {@code task} on {@code loop}; dropped once the loop has stopped, which only happens as camgate stops. */
    public static void run(EventLoop loop, Runnable task) {
        if (loop.inEventLoop()) {
            task.run();
            return;
        }
        try {
            loop.execute(task);
        } catch (RejectedExecutionException stopping) {
            // The hub is shutting down: every connection is being closed anyway.
        }
    }

    /**
     * An admission decided on {@code loop}: {@code decide} runs there and must complete the future it is given,
     * then or later (a dialled camera completes it once it reached the camera). A stopped loop refuses.
     */
    public static Admission.Pending decide(EventLoop loop, Consumer<CompletableFuture<Admission>> decide) {
        CompletableFuture<Admission> decision = new CompletableFuture<>();
        Runnable task = () -> {
            try {
                decide.accept(decision);
            } catch (RuntimeException e) {
                decision.completeExceptionally(e); // the viewer is refused rather than left waiting
                throw e;
            }
        };
        if (loop.inEventLoop()) {
            task.run();
        } else {
            try {
                loop.execute(task);
            } catch (RejectedExecutionException stopping) {
                decision.complete(new Admission.Refused(Refusal.Kind.ENDED, "camgate is stopping"));
            }
        }
        return new Admission.Pending(decision);
    }
}
