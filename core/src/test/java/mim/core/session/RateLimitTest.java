package mim.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RateLimitTest {
    private long now;

    @Test
    void aBurstIsFreeThenEachTakeWaitsForItsBytes() {
        RateLimit limit = new RateLimit(1_000_000, () -> now);
        assertEquals(0, limit.take(100_000), "a tenth of a second's worth is there at once");
        assertEquals(TimeUnit.MILLISECONDS.toNanos(50), limit.take(50_000), "50 kB past it: 50 ms of debt");
        now += TimeUnit.MILLISECONDS.toNanos(50);
        assertEquals(0, limit.take(0), "paid off");
    }

    @Test
    void overTenSecondsTheRateHoldsWhateverTheTakersDo() {
        RateLimit limit = new RateLimit(2_000_000, () -> now);
        long taken = 0;
        long end = TimeUnit.SECONDS.toNanos(10);
        // A greedy taker: takes a block whenever it is not told to wait.
        while (now < end) {
            long wait = limit.take(16_384);
            taken += 16_384;
            now += Math.max(wait, 1000);
        }
        assertTrue(taken <= 2_000_000 * 10 * 1.02 + 200_000, "took " + taken);
        assertTrue(taken >= 2_000_000 * 10 * 0.98, "took " + taken);
    }

    @Test
    void idleTimeEarnsNoMoreThanTheBurst() {
        RateLimit limit = new RateLimit(1_000_000, () -> now);
        now += TimeUnit.SECONDS.toNanos(60);
        assertEquals(0, limit.take(100_000));
        assertTrue(limit.take(16_384) > 0, "a minute idle is not a minute's worth of bytes");
    }

    @Test
    void noLimitNeverWaits() {
        assertEquals(0, RateLimit.NONE.take(Long.MAX_VALUE / 2));
    }
}
