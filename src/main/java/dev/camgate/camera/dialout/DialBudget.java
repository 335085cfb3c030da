package dev.camgate.camera.dialout;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * How often camgate may dial one camera: a token bucket of {@code burst} dials, refilled at
 * {@code limits.camera_dials_per_minute}. A page that offers and hangs up in a loop would otherwise make
 * camgate dial a Pi camera hundreds of times a minute, and a camera's small signaling server is easily
 * overwhelmed. Touched only on its camera's loop.
 */
final class DialBudget {
    private final double perNano;
    private final double burst;
    private final LongSupplier nanos;
    private double tokens;
    private long lastRefill;

    DialBudget(int perMinute, int burst, LongSupplier nanos) {
        this.perNano = perMinute / (double) TimeUnit.MINUTES.toNanos(1);
        this.burst = Math.max(1, burst);
        this.nanos = nanos;
        this.tokens = this.burst;
        this.lastRefill = nanos.getAsLong();
    }

    /** @return 0 if a dial was taken, else how many nanoseconds until one is free */
    long take() {
        long now = nanos.getAsLong();
        tokens = Math.min(burst, tokens + (now - lastRefill) * perNano);
        lastRefill = now;
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        return Math.max(1, (long) Math.ceil((1 - tokens) / perNano));
    }
}
