package mim.core.session;

import mim.core.wire.BlockRef;
import java.time.Duration;
import java.util.ArrayDeque;

/**
 * How many block requests to keep outstanding at one peer, and whether the peer has stopped
 * answering them.
 *
 * <p>The target depth fills the bandwidth-delay product: {@code rate × max(queueTime, 2 × rtt) /
 * block size}, clamped to [{@code minDepth}, {@code maxDepth}] (defaults 3 s, 2..500). The queue time
 * covers more than the network's round trip (the peer's disk, its send buffers), hence a generous
 * 3 seconds; a measured round trip longer than half of it takes over. The round trip is measured from
 * each request to the block that answers it, oldest first, smoothed (1/8 weight per sample).
 *
 * <p>States: <b>slow start</b> (from the first request: each block received adds one to the depth,
 * so the depth doubles every round trip, as TCP does) -> <b>steady</b> (once a second's download no
 * longer grows by a tenth over the previous second's: the depth follows the rate formula) ->
 * <b>snubbed</b> (requests outstanding and no block for {@code snubTimeout}, default 60 s: the depth
 * drops to 1, and the engine returns the peer's requests to the picker and cancels them) -> back to
 * steady when a block arrives.
 *
 * <p>The engine tells this queue what it sends, receives and drops, mirroring the picker's requests
 * for this peer, and calls {@link #tick} once a second. Time is {@code nowNanos} from one monotonic
 * clock. Not thread safe: owned by the torrent's event loop.
 */
public final class RequestQueue {
    public static final int DEFAULT_MIN_DEPTH = 2;
    public static final int DEFAULT_MAX_DEPTH = 500;
    public static final int INITIAL_DEPTH = 4;
    /** The most requests {@link #sendable} holds back for one write. */
    public static final int MAX_BATCH = 16;
    public static final Duration DEFAULT_QUEUE_TIME = Duration.ofSeconds(3);
    public static final Duration DEFAULT_SNUB_TIMEOUT = Duration.ofSeconds(60);

    private final int minDepth;
    private final int maxDepth;
    /** What the peer said it queues; past it, it refuses our requests or drops them unanswered. */
    private int peerQueue = Integer.MAX_VALUE;
    private final long queueNanos;
    private final long snubNanos;
    private final RateMeter rate = new RateMeter(Duration.ofSeconds(5), 5);
    /** Send times of outstanding requests, oldest first, for round-trip samples. */
    private final ArrayDeque<Long> sentAt = new ArrayDeque<>();
    private int depth;
    private int outstanding;
    private boolean slowStart = true;
    private boolean snubbed;
    private long rttNanos;
    /** The last block, or the request that ended an idle spell: the snub clock starts here. */
    private long lastProgress;
    private long bytesThisTick;
    private long bytesLastTick;

    public RequestQueue() {
        this(DEFAULT_MIN_DEPTH, DEFAULT_MAX_DEPTH, DEFAULT_QUEUE_TIME, DEFAULT_SNUB_TIMEOUT);
    }

    public RequestQueue(int minDepth, int maxDepth, Duration queueTime, Duration snubTimeout) {
        if (minDepth < 1 || maxDepth < minDepth) {
            throw new IllegalArgumentException("bad request depth " + minDepth + ".." + maxDepth);
        }
        this.minDepth = minDepth;
        this.maxDepth = maxDepth;
        this.queueNanos = queueTime.toNanos();
        this.snubNanos = snubTimeout.toNanos();
        this.depth = Math.max(minDepth, Math.min(INITIAL_DEPTH, maxDepth));
    }

    /** The peer queues at most {@code requests} of ours ({@code reqq}): the depth stays within it. */
    public void peerQueues(int requests) {
        peerQueue = Math.max(1, requests);
        depth = Math.min(depth, ceiling());
    }

    private int ceiling() {
        return Math.min(maxDepth, peerQueue);
    }

    /** The target number of outstanding requests. */
    public int depth() {
        return depth;
    }

    public int outstanding() {
        return outstanding;
    }

    /** How many more requests the queue has room for. */
    public int room() {
        return Math.max(0, depth - outstanding);
    }

    /**
     * How many requests to send now: the room, once there is enough of it to be worth a write, else
     * 0. A deep queue is topped up in batches of up to {@code depth / 8} (at most {@link #MAX_BATCH})
     * requests: one write, one packet and one wake-up of the peer for several blocks rather than for
     * each, while the queue stays at least 7/8 full. A queue running low is topped up at once.
     */
    public int sendable() {
        int room = room();
        int batch = Math.min(MAX_BATCH, Math.max(1, depth / 8));
        return room >= batch || outstanding < batch ? room : 0;
    }

    public boolean isSnubbed() {
        return snubbed;
    }

    public boolean inSlowStart() {
        return slowStart;
    }

    /** The smoothed round trip, 0 until a block answered a request. */
    public Duration roundTrip() {
        return Duration.ofNanos(rttNanos);
    }

    /** Bytes per second received from the peer over the last few seconds. */
    public long rate(long nowNanos) {
        return rate.rate(nowNanos);
    }

    /** {@code n} requests were sent. */
    public void requested(int n, long nowNanos) {
        if (outstanding == 0) {
            lastProgress = nowNanos;
        }
        outstanding += n;
        for (int i = 0; i < n; i++) {
            sentAt.addLast(nowNanos);
        }
    }

    /** A requested block of {@code bytes} arrived. */
    public void received(int bytes, long nowNanos) {
        rate.add(bytes, nowNanos);
        bytesThisTick += bytes;
        lastProgress = nowNanos;
        if (outstanding > 0) {
            outstanding--;
        }
        Long sent = sentAt.pollFirst();
        if (sent != null) {
            long sample = Math.max(0, nowNanos - sent);
            rttNanos = rttNanos == 0 ? sample : rttNanos - rttNanos / 8 + sample / 8;
        }
        if (snubbed) {
            snubbed = false;
        } else if (slowStart) {
            depth = Math.min(ceiling(), depth + 1);
        }
    }

    /** {@code n} requests will not be answered: rejected, cancelled, or lost to a choke. */
    public void dropped(int n) {
        int d = Math.min(n, outstanding);
        outstanding -= d;
        for (int i = 0; i < d; i++) {
            sentAt.pollLast();
        }
    }

    /**
     * Once a second: leaves slow start when the rate stopped growing, follows the rate in steady
     * state, and detects a snub.
     *
     * @return true if the peer just became snubbed: return its requests to the picker and cancel them
     */
    public boolean tick(long nowNanos) {
        if (slowStart && bytesLastTick > 0 && bytesThisTick * 10 < bytesLastTick * 11) {
            slowStart = false;
        }
        bytesLastTick = bytesThisTick;
        bytesThisTick = 0;
        if (!snubbed && outstanding > 0 && nowNanos - lastProgress >= snubNanos) {
            snubbed = true;
            slowStart = false;
            depth = 1;
            outstanding = 0;
            sentAt.clear();
            return true;
        }
        if (!slowStart && !snubbed) {
            long horizon = Math.max(queueNanos, 2 * rttNanos);
            long want = (long) Math.ceil(rate.rate(nowNanos) * (horizon / 1e9) / BlockRef.STANDARD_LENGTH);
            depth = (int) Math.min(ceiling(), Math.max(minDepth, want));
        }
        return false;
    }
}
