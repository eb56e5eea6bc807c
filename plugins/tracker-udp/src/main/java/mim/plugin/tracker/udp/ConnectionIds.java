package mim.plugin.tracker.udp;

import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.LongSupplier;

/**
 * The connection id each tracker address gave us, kept for one minute (BEP 15: a client may use one
 * for a minute, a tracker accepts it for two), for at most {@code capacity} trackers, the least
 * recently used going first.
 *
 * <p>Not thread-safe: owned by the client's event loop.
 */
final class ConnectionIds {
    static final long LIFETIME_NANOS = 60_000_000_000L;

    private record Entry(long id, long obtainedNanos) {}

    private final LongSupplier nanoClock;
    private final Map<InetSocketAddress, Entry> ids;

    ConnectionIds(LongSupplier nanoClock, int capacity) {
        this.nanoClock = nanoClock;
        this.ids = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<InetSocketAddress, Entry> eldest) {
                return size() > capacity;
            }
        };
    }

    /** {@code tracker}'s connection id if it is still good for a request now. */
    OptionalLong get(InetSocketAddress tracker) {
        Entry e = ids.get(tracker);
        if (e == null) {
            return OptionalLong.empty();
        }
        if (nanoClock.getAsLong() - e.obtainedNanos >= LIFETIME_NANOS) {
            ids.remove(tracker);
            return OptionalLong.empty();
        }
        return OptionalLong.of(e.id);
    }

    void put(InetSocketAddress tracker, long id) {
        ids.put(tracker, new Entry(id, nanoClock.getAsLong()));
    }

    /** Forgets the id, after the tracker refused a request: it may no longer accept it. */
    void forget(InetSocketAddress tracker) {
        ids.remove(tracker);
    }
}
