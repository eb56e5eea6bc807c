package mim.core.session;

import java.util.function.LongSupplier;

/**
 * A token bucket in bytes for one direction: each block sent or received takes its bytes, and a
 * taker that drives the bucket into debt learns how long to hold off (it stops reading, or sends its
 * next block later). Tokens come back at the rate, up to a burst of a tenth of a second's worth (at
 * least two blocks), so the rate over any ten seconds stays within a few percent of the limit.
 *
 * <p>Buckets nest: a torrent's bucket has the session's as its parent, and a take from it takes the
 * same bytes from the parent too, so a torrent never goes past its own rate nor, with the others,
 * the session's; the wait is the longer of the two debts.
 *
 * <p>The rate may change at any time ({@link #setRate}); a debt is counted in bytes, so a taker that
 * looks again ({@link #debt}) waits by the new rate. Thread safe: the peers of every event loop take
 * from the session's bucket; each bucket's lock is held alone, never with its parent's.
 */
final class RateLimit {
    /** The longest a taker holds off before it looks again, so that a changed rate applies at once. */
    static final long MAX_HOLD_NANOS = 100_000_000L;
    private static final long MIN_BURST = 2 * 16 * 1024;

    private final RateLimit parent;
    private final LongSupplier clock;
    /** Written under the lock, read without it by {@link #isLimited}, which a peer asks every block. */
    private volatile long bytesPerSecond;
    private long burst;
    private long tokens;
    private long refilledAt;

    /** A bucket of its own, under none. @param bytesPerSecond the limit; 0 for none */
    RateLimit(long bytesPerSecond, LongSupplier clock) {
        this(null, bytesPerSecond, clock);
    }

    /** A bucket under {@code parent}, without a limit of its own until {@link #setRate}. */
    RateLimit(RateLimit parent) {
        this(parent, 0, parent.clock);
    }

    private RateLimit(RateLimit parent, long bytesPerSecond, LongSupplier clock) {
        this.parent = parent;
        this.clock = clock;
        setRate(bytesPerSecond);
    }

    /** Sets this bucket's own limit, 0 for none; a debt already taken is kept, in bytes. */
    synchronized void setRate(long bytesPerSecond) {
        if (bytesPerSecond < 0) {
            throw new IllegalArgumentException("negative rate");
        }
        long now = clock.getAsLong();
        if (this.bytesPerSecond == 0) {
            tokens = Long.MAX_VALUE;
        }
        this.bytesPerSecond = bytesPerSecond;
        this.burst = Math.max(MIN_BURST, bytesPerSecond / 10);
        tokens = Math.min(tokens, burst);
        refilledAt = now;
    }

    /** Whether this bucket or a parent has a limit; takes no lock. */
    boolean isLimited() {
        return bytesPerSecond != 0 || (parent != null && parent.isLimited());
    }

    /** This bucket's own limit; 0 for none. */
    long bytesPerSecond() {
        return bytesPerSecond;
    }

    /**
     * Takes {@code bytes} from this bucket and its parents, into debt if need be.
     *
     * @return nanoseconds until every debt is paid off: how long the taker should hold off; 0 if none
     */
    long take(long bytes) {
        long own = takeOwn(bytes);
        return parent == null ? own : Math.max(own, parent.take(bytes));
    }

    /** How long until every debt is paid, as {@link #take} of nothing. */
    long debt() {
        return take(0);
    }

    private synchronized long takeOwn(long bytes) {
        if (bytesPerSecond == 0) {
            return 0;
        }
        long now = clock.getAsLong();
        long elapsed = now - refilledAt;
        long earned = elapsed >= Long.MAX_VALUE / bytesPerSecond ? Long.MAX_VALUE
                : elapsed * bytesPerSecond / 1_000_000_000L;
        if (earned >= burst - tokens) {
            tokens = burst;
            refilledAt = now;
        } else if (earned > 0) {
            tokens += earned;
            refilledAt += earned * 1_000_000_000L / bytesPerSecond;
        }
        tokens -= bytes;
        return tokens >= 0 ? 0 : -tokens * 1_000_000_000L / bytesPerSecond;
    }
}
