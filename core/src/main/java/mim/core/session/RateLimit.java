package mim.core.session;

import java.util.function.LongSupplier;

/**
 * A token bucket in bytes, shared by every peer of a session for one direction: each block sent or
 * received takes its bytes, and a taker that drives the bucket into debt learns how long to hold
 * off (it stops reading, or sends its next block later). Tokens come back at the rate, up to a
 * burst of a tenth of a second's worth (at least two blocks), so the rate over any ten seconds
 * stays within a few percent of the limit.
 *
 * <p>Thread safe: the peers of every event loop take from one bucket.
 */
final class RateLimit {
    /** No limit: every take is free. */
    static final RateLimit NONE = new RateLimit(0, System::nanoTime);

    private static final long MIN_BURST = 2 * 16 * 1024;

    private final long bytesPerSecond;
    private final long burst;
    private final LongSupplier clock;
    private long tokens;
    private long refilledAt;

    /** @param bytesPerSecond the limit; 0 for none */
    static RateLimit of(long bytesPerSecond) {
        return bytesPerSecond == 0 ? NONE : new RateLimit(bytesPerSecond, System::nanoTime);
    }

    RateLimit(long bytesPerSecond, LongSupplier clock) {
        if (bytesPerSecond < 0) {
            throw new IllegalArgumentException("negative rate");
        }
        this.bytesPerSecond = bytesPerSecond;
        this.burst = Math.max(MIN_BURST, bytesPerSecond / 10);
        this.clock = clock;
        this.tokens = burst;
        this.refilledAt = clock.getAsLong();
    }

    boolean isLimited() {
        return bytesPerSecond > 0;
    }

    long bytesPerSecond() {
        return bytesPerSecond;
    }

    /**
     * Takes {@code bytes} from the bucket, into debt if need be.
     *
     * @return nanoseconds until the debt is paid off: how long the taker should hold off; 0 if none
     */
    synchronized long take(long bytes) {
        if (bytesPerSecond == 0) {
            return 0;
        }
        long now = clock.getAsLong();
        long earned = (now - refilledAt) * bytesPerSecond / 1_000_000_000L;
        if (earned > 0) {
            tokens = Math.min(burst, tokens + earned);
            refilledAt += earned * 1_000_000_000L / bytesPerSecond;
        }
        if (tokens >= burst) {
            refilledAt = now;
        }
        tokens -= bytes;
        return tokens >= 0 ? 0 : -tokens * 1_000_000_000L / bytesPerSecond;
    }
}
