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
        assertEquals(0, new RateLimit(0, () -> now).take(Long.MAX_VALUE / 2));
    }

    @Test
    void aTorrentUnderTheSessionKeepsToTheLowerOfTheTwo() {
        RateLimit session = new RateLimit(1_000_000, () -> now);
        RateLimit torrent = new RateLimit(session);
        torrent.setRate(250_000);
        assertEquals(250_000 * 10, greedily(torrent, 10), 250_000 * 10 * 0.02 + 50_000);
        torrent.setRate(4_000_000);
        assertEquals(1_000_000 * 10, greedily(torrent, 10), 1_000_000 * 10 * 0.02 + 200_000,
                "the session's rate bounds a torrent allowed more");
    }

    @Test
    void torrentsTogetherKeepToTheSessionsRateEachToItsOwn() {
        RateLimit session = new RateLimit(1_000_000, () -> now);
        RateLimit slow = new RateLimit(session);
        slow.setRate(200_000);
        RateLimit free = new RateLimit(session);
        long[] taken = new long[2];
        long end = now + TimeUnit.SECONDS.toNanos(10);
        long slowAt = now;
        long freeAt = now;
        // Two greedy takers, each taking its next block once its own wait is over.
        while (Math.min(slowAt, freeAt) < end) {
            boolean slowNext = slowAt <= freeAt;
            now = slowNext ? slowAt : freeAt;
            long wait = Math.max((slowNext ? slow : free).take(16_384), 1000);
            taken[slowNext ? 0 : 1] += 16_384;
            if (slowNext) {
                slowAt = now + wait;
            } else {
                freeAt = now + wait;
            }
        }
        assertEquals(200_000 * 10, taken[0], 200_000 * 10 * 0.05 + 50_000, "the slow torrent keeps to its own rate");
        assertEquals(1_000_000 * 10, taken[0] + taken[1], 1_000_000 * 10 * 0.05 + 200_000,
                "the two together keep to the session's");
    }

    @Test
    void aChangedRateAppliesToTheDebtAlreadyTaken() {
        RateLimit limit = new RateLimit(10_000, () -> now);
        limit.take(32_768);
        long debt = limit.take(16_384);
        assertTrue(debt > TimeUnit.SECONDS.toNanos(1), "16 kB at 10 kB/s is over a second of debt: " + debt);
        limit.setRate(16_384_000);
        assertEquals(TimeUnit.MILLISECONDS.toNanos(1), limit.debt(), TimeUnit.MICROSECONDS.toNanos(50),
                "the same bytes owed at the new rate");
        limit.setRate(0);
        assertEquals(0, limit.debt(), "no limit: no debt");
        limit.setRate(100_000);
        assertEquals(0, limit.take(16_384), "a limit set again starts with a full burst");
    }

    /** Takes 16 KiB blocks as fast as {@code limit} lets a greedy taker for {@code seconds}; the bytes taken. */
    private long greedily(RateLimit limit, int seconds) {
        long taken = 0;
        long end = now + TimeUnit.SECONDS.toNanos(seconds);
        while (now < end) {
            long wait = limit.take(16_384);
            taken += 16_384;
            now += Math.max(wait, 1000);
        }
        return taken;
    }
}
