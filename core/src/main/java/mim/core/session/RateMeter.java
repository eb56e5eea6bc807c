package mim.core.session;

import java.time.Duration;

/**
 * Bytes per second over a sliding window (by default the last 20 seconds), for choking and request
 * pipelining.
 *
 * <p>The window is a ring of equal time buckets; a sample lands in the bucket of its time, and buckets
 * that slide out of the window are zeroed as time advances, each at most once per lap: O(1) amortised
 * per call, O(buckets) memory. Until a full window has passed the rate is taken over the time seen so
 * far (at least one bucket), so a new peer's rate is meaningful after a second, not after twenty.
 *
 * <p>Time comes in as {@code nowNanos} from one monotonic clock ({@link System#nanoTime()} in the
 * engine, a counter in tests); a time earlier than one already seen counts as that time. Not thread
 * safe: owned by the torrent's event loop.
 */
public final class RateMeter {
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(20);

    private final long bucketNanos;
    private final long[] buckets;
    private long window;
    private long total;
    /** The bucket number (time / bucketNanos) of the newest bucket, and of the first sample. */
    private long head;
    private long first;
    private long lastNanos;
    private boolean started;

    /** A 20-second window in 1-second buckets. */
    public RateMeter() {
        this(DEFAULT_WINDOW, 20);
    }

    public RateMeter(Duration window, int bucketCount) {
        if (bucketCount < 1 || window.toNanos() < bucketCount) {
            throw new IllegalArgumentException("bad rate window " + window + " in " + bucketCount + " buckets");
        }
        this.bucketNanos = window.toNanos() / bucketCount;
        this.buckets = new long[bucketCount];
    }

    public void add(long bytes, long nowNanos) {
        if (bytes < 0) {
            throw new IllegalArgumentException("negative byte count " + bytes);
        }
        advance(nowNanos);
        buckets[(int) Math.floorMod(head, (long) buckets.length)] += bytes;
        window += bytes;
        total += bytes;
    }

    /** Bytes per second over the window ending at {@code nowNanos}; 0 before any sample. */
    public long rate(long nowNanos) {
        if (!started) {
            return 0;
        }
        advance(nowNanos);
        long full = Math.min(buckets.length - 1, head - first);
        long covered = full * bucketNanos + (lastNanos - head * bucketNanos);
        covered = Math.max(covered, bucketNanos);
        return (long) (window * 1e9 / covered);
    }

    /** Every byte ever added. */
    public long total() {
        return total;
    }

    private void advance(long nowNanos) {
        long now = started ? Math.max(nowNanos, lastNanos) : nowNanos;
        long bucket = Math.floorDiv(now, bucketNanos);
        if (!started) {
            started = true;
            head = bucket;
            first = bucket;
        }
        long steps = Math.min(bucket - head, buckets.length);
        for (long i = 1; i <= steps; i++) {
            int idx = (int) Math.floorMod(head + i, (long) buckets.length);
            window -= buckets[idx];
            buckets[idx] = 0;
        }
        head = bucket;
        lastNanos = now;
    }
}
