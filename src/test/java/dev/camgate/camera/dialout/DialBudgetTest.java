package dev.camgate.camera.dialout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DialBudgetTest {
    @Test
    void aBurstThenTheRateAndTheWaitUntilTheNextDial() {
        AtomicLong now = new AtomicLong(123);
        DialBudget budget = new DialBudget(30, 5, now::get);
        for (int i = 0; i < 5; i++) {
            assertEquals(0, budget.take(), "dial " + i + " of the burst");
        }
        // 30 a minute: the next dial is free 2 s after the burst.
        assertEquals(TimeUnit.SECONDS.toNanos(2), budget.take(), 1_000);
        now.addAndGet(TimeUnit.SECONDS.toNanos(2));
        assertEquals(0, budget.take());
        assertEquals(TimeUnit.SECONDS.toNanos(2), budget.take(), 1_000);
        // A long quiet spell refills no more than the burst.
        now.addAndGet(TimeUnit.HOURS.toNanos(1));
        for (int i = 0; i < 5; i++) {
            assertEquals(0, budget.take());
        }
        assertEquals(TimeUnit.SECONDS.toNanos(2), budget.take(), 1_000);
    }
}
