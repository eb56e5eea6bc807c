package mim.plugin.dht;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Per-source and global token buckets over an injected clock. */
class RateLimiterTest {
    private final AtomicLong clock = new AtomicLong();
    private final RateLimiter limiter = new RateLimiter(new DhtConfig.Limits(2, 5, 10, 20), clock::get);

    private static InetAddress ip(int n) {
        try {
            return InetAddress.getByAddress(new byte[] {10, (byte) (n >> 16), (byte) (n >> 8), (byte) n});
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private int allowed(InetAddress source, int tries) {
        int n = 0;
        for (int i = 0; i < tries; i++) {
            n += limiter.allow(source) ? 1 : 0;
        }
        return n;
    }

    @Test
    void oneSourceGetsItsBurstThenItsRate() {
        assertEquals(5, allowed(ip(1), 100));
        clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(500));
        assertEquals(1, allowed(ip(1), 100), "two a second: one in half a second");
        clock.addAndGet(TimeUnit.SECONDS.toNanos(60));
        assertEquals(5, allowed(ip(1), 100), "a long pause refills to the burst, no more");
    }

    @Test
    void oneNoisySourceDoesNotStarveAnother() {
        assertEquals(5, allowed(ip(1), 100));
        assertTrue(limiter.allow(ip(2)));
    }

    @Test
    void manySourcesTogetherMeetTheGlobalLimit() {
        int total = 0;
        for (int source = 0; source < 50; source++) {
            total += allowed(ip(source), 3);
        }
        assertEquals(20, total, "the global burst");
        clock.addAndGet(TimeUnit.SECONDS.toNanos(1));
        total = 0;
        for (int source = 100; source < 150; source++) {
            total += allowed(ip(source), 1);
        }
        assertEquals(10, total, "ten a second in all");
    }

    @Test
    void aRefusedQueryCostsNothing() {
        assertEquals(5, allowed(ip(1), 5));
        for (int i = 0; i < 1000; i++) {
            assertFalse(limiter.allow(ip(1)));
        }
        assertEquals(15, allowed(ip(2), 3) + allowed(ip(3), 3) + allowed(ip(4), 3) + allowed(ip(5), 3)
                + allowed(ip(6), 3), "the refusals took nothing from the global bucket");
    }

    @Test
    void remembersABoundedNumberOfSources() {
        for (int source = 0; source < 3 * RateLimiter.MAX_SOURCES; source++) {
            limiter.allow(ip(source));
            clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(100));
        }
        assertEquals(RateLimiter.MAX_SOURCES, limiter.sourceCount());
    }
}
