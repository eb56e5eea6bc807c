package mim.plugin.dht;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Decides whether to serve an incoming query: a token bucket per source IP and one for everybody,
 * so that no single host, nor all of them together, can make the node work more than the limits
 * say. A query refused is dropped without an answer (an answer would be work too).
 *
 * <p>Bounded: buckets are kept for the {@link #MAX_SOURCES} most recently seen IPs; an IP
 * forgotten starts again with a full bucket, which costs at most one burst. Time comes from an
 * injected clock (nanoseconds). Not thread-safe: the node's event loop owns it.
 */
final class RateLimiter {
    static final int MAX_SOURCES = 4096;

    private final Bucket global;
    private final double globalRate;
    private final double globalBurst;
    private final double perSourceRate;
    private final double perSourceBurst;
    private final LongSupplier clock;
    private final Map<InetAddress, Bucket> sources = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<InetAddress, Bucket> eldest) {
            return size() > MAX_SOURCES;
        }
    };

    RateLimiter(DhtConfig.Limits limits, LongSupplier nanoClock) {
        this.clock = nanoClock;
        this.perSourceRate = limits.perSourcePerSecond();
        this.perSourceBurst = limits.perSourceBurst();
        this.global = new Bucket(limits.globalBurst(), nanoClock.getAsLong());
        this.globalRate = limits.globalPerSecond();
        this.globalBurst = limits.globalBurst();
    }

    /** Takes one query's worth from both buckets, or returns false and takes nothing. */
    boolean allow(InetAddress source) {
        long now = clock.getAsLong();
        Bucket own = sources.computeIfAbsent(source, ip -> new Bucket(perSourceBurst, now));
        own.refill(now, perSourceRate, perSourceBurst);
        global.refill(now, globalRate, globalBurst);
        if (own.tokens < 1 || global.tokens < 1) {
            return false;
        }
        own.tokens--;
        global.tokens--;
        return true;
    }

    /** How many sources have a bucket now. */
    int sourceCount() {
        return sources.size();
    }

    private static final class Bucket {
        double tokens;
        long updated;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.updated = now;
        }

        void refill(long now, double perSecond, double burst) {
            double elapsed = (now - updated) / (double) TimeUnit.SECONDS.toNanos(1);
            if (elapsed > 0) {
                tokens = Math.min(burst, tokens + elapsed * perSecond);
                updated = now;
            }
        }
    }
}
