package mim.plugin.dht;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import mim.core.spi.DhtInfo;

/**
 * The nodes we know, in k-buckets (BEP 5). Bucket {@code i} below the last holds nodes sharing
 * exactly {@code i} leading bits with our id; the last bucket holds all nodes closer than that and
 * is the only one that splits when full, so the table is fine-grained near us and coarse far away.
 *
 * <p>A node is <em>good</em> when it has answered us at least once and was heard from in the last 15
 * minutes, <em>bad</em> after {@value #MAX_FAILURES} unanswered queries in a row, and
 * <em>questionable</em> otherwise. A newcomer to a full bucket replaces a bad node at once; if
 * there is none, it waits in the bucket's replacement cache and the table asks for the
 * questionable nodes to be pinged ({@link #heard} returns them): those that fail
 * ({@link #failed}) make way for the freshest replacement.
 *
 * <p>Bounded: at most 160 buckets of {@link #K} nodes and {@link #K} replacements each. Time comes
 * from an injected clock (nanoseconds). Not thread-safe: the node's event loop owns it.
 */
final class RoutingTable {
    static final int K = 8;
    static final int MAX_FAILURES = 2;
    static final long STALE_NANOS = TimeUnit.MINUTES.toNanos(15);
    /** A questionable node is pinged at most this often, however many newcomers knock. */
    private static final long PING_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

    enum State { GOOD, QUESTIONABLE, BAD }

    private final NodeId own;
    private final LongSupplier clock;
    private final Random random;
    private final List<Bucket> buckets = new ArrayList<>();

    RoutingTable(NodeId own, LongSupplier nanoClock, Random random) {
        this.own = own;
        this.clock = nanoClock;
        this.random = random;
        buckets.add(new Bucket(nanoClock.getAsLong()));
    }

    NodeId ownId() {
        return own;
    }

    /**
     * We heard from {@code node}: it answered a query of ours ({@code answered}) or sent us one.
     * Returns the questionable nodes to ping before a newcomer can take their place; often none.
     */
    List<NodeInfo> heard(NodeInfo node, boolean answered) {
        if (node.id().equals(own)) {
            return List.of();
        }
        long now = clock.getAsLong();
        while (true) {
            int index = indexOf(node.id());
            Bucket bucket = buckets.get(index);
            Entry known = bucket.find(node.id());
            if (known != null) {
                // The same id from another address is ignored: it would let anyone redirect a node.
                if (known.node.address().equals(node.address())) {
                    known.seen(now, answered);
                    if (answered) {
                        bucket.lastChanged = now;
                    }
                }
                return List.of();
            }
            if (bucket.live.size() < K) {
                bucket.live.add(new Entry(node, now, answered));
                bucket.replacements.removeIf(e -> e.node.id().equals(node.id()));
                bucket.lastChanged = now;
                return List.of();
            }
            if (index == buckets.size() - 1 && buckets.size() < NodeId.BITS) {
                split();
                continue;
            }
            for (int i = 0; i < bucket.live.size(); i++) {
                if (state(bucket.live.get(i), now) == State.BAD) {
                    bucket.live.set(i, new Entry(node, now, answered));
                    bucket.lastChanged = now;
                    return List.of();
                }
            }
            bucket.addReplacement(new Entry(node, now, answered));
            List<NodeInfo> toPing = new ArrayList<>();
            for (Entry e : bucket.live) {
                if (state(e, now) == State.QUESTIONABLE && now - e.pingedAt >= PING_INTERVAL_NANOS) {
                    e.pingedAt = now;
                    toPing.add(e.node);
                }
            }
            return toPing;
        }
    }

    /** A query to {@code node} went unanswered; a node that has failed too often gives way to a replacement. */
    void failed(NodeInfo node) {
        Bucket bucket = buckets.get(indexOf(node.id()));
        Entry known = bucket.find(node.id());
        if (known == null || !known.node.address().equals(node.address())) {
            bucket.replacements.removeIf(e -> e.node.equals(node));
            return;
        }
        known.failures++;
        if (known.failures >= MAX_FAILURES && !bucket.replacements.isEmpty()) {
            bucket.live.remove(known);
            bucket.live.add(bucket.replacements.pollLast());
            bucket.lastChanged = clock.getAsLong();
        }
    }

    /** Up to {@code count} nodes that are not bad, closest to {@code target} first. */
    List<NodeInfo> closest(NodeId target, int count) {
        long now = clock.getAsLong();
        List<Entry> all = new ArrayList<>();
        for (Bucket b : buckets) {
            for (Entry e : b.live) {
                if (state(e, now) != State.BAD) {
                    all.add(e);
                }
            }
        }
        Comparator<NodeId> byDistance = target::compareDistance;
        return all.stream().map(e -> e.node).sorted(Comparator.comparing(NodeInfo::id, byDistance))
                .limit(count).toList();
    }

    /** The good nodes, for saving the table. */
    List<NodeInfo> goodNodes() {
        long now = clock.getAsLong();
        List<NodeInfo> out = new ArrayList<>();
        for (Bucket b : buckets) {
            for (Entry e : b.live) {
                if (state(e, now) == State.GOOD) {
                    out.add(e.node);
                }
            }
        }
        return out;
    }

    /**
     * Random targets inside each bucket that has seen no change for 15 minutes, for find_node
     * lookups that refresh them. Each bucket counts as refreshed from now.
     */
    List<NodeId> bucketsToRefresh() {
        long now = clock.getAsLong();
        List<NodeId> targets = new ArrayList<>();
        for (int i = 0; i < buckets.size(); i++) {
            Bucket b = buckets.get(i);
            if (now - b.lastChanged >= STALE_NANOS) {
                b.lastChanged = now;
                targets.add(own.randomWithPrefix(i, i < buckets.size() - 1, random));
            }
        }
        return targets;
    }

    /** The state of a node in the table, or null when it is not there. */
    State stateOf(NodeId id) {
        Entry e = buckets.get(indexOf(id)).find(id);
        return e == null ? null : state(e, clock.getAsLong());
    }

    int size() {
        return buckets.stream().mapToInt(b -> b.live.size()).sum();
    }

    /** How many nodes of the table are in {@code wanted}. */
    int count(State wanted) {
        long now = clock.getAsLong();
        return (int) buckets.stream().flatMap(b -> b.live.stream()).filter(e -> state(e, now) == wanted).count();
    }

    /** The table as user interfaces show it; {@code wallNow} is the wall-clock time of this moment. */
    List<DhtInfo.Bucket> snapshot(Instant wallNow) {
        long now = clock.getAsLong();
        List<DhtInfo.Bucket> out = new ArrayList<>(buckets.size());
        for (int i = 0; i < buckets.size(); i++) {
            List<DhtInfo.Node> nodes = new ArrayList<>();
            for (Entry e : buckets.get(i).live) {
                nodes.add(new DhtInfo.Node(e.node.id().hex(), e.node.address().getAddress().getHostAddress() + ":"
                        + e.node.address().getPort(), state(e, now).name().toLowerCase(Locale.ROOT),
                        wallNow.minusNanos(now - e.lastSeen)));
            }
            out.add(new DhtInfo.Bucket(i, nodes));
        }
        return out;
    }

    int bucketCount() {
        return buckets.size();
    }

    int replacementCount() {
        return buckets.stream().mapToInt(b -> b.replacements.size()).sum();
    }

    private int indexOf(NodeId id) {
        return Math.min(own.commonPrefix(id), buckets.size() - 1);
    }

    /** The last bucket keeps the nodes at its depth; those closer move to a new last bucket. */
    private void split() {
        int depth = buckets.size() - 1;
        Bucket old = buckets.get(depth);
        Bucket closer = new Bucket(old.lastChanged);
        buckets.add(closer);
        moveCloser(old.live.iterator(), closer.live, depth);
        moveCloser(old.replacements.iterator(), closer.replacements, depth);
    }

    private void moveCloser(Iterator<Entry> from, Collection<Entry> to, int depth) {
        while (from.hasNext()) {
            Entry e = from.next();
            if (own.commonPrefix(e.node.id()) > depth) {
                from.remove();
                to.add(e);
            }
        }
    }

    private static State state(Entry e, long now) {
        if (e.failures >= MAX_FAILURES) {
            return State.BAD;
        }
        return e.answered && e.failures == 0 && now - e.lastSeen < STALE_NANOS ? State.GOOD : State.QUESTIONABLE;
    }

    private static final class Bucket {
        final List<Entry> live = new ArrayList<>(K);
        /** Oldest first; the newest replacement is the likeliest to be alive. */
        final Deque<Entry> replacements = new ArrayDeque<>(K);
        long lastChanged;

        Bucket(long now) {
            lastChanged = now;
        }

        Entry find(NodeId id) {
            for (Entry e : live) {
                if (e.node.id().equals(id)) {
                    return e;
                }
            }
            return null;
        }

        void addReplacement(Entry entry) {
            replacements.removeIf(e -> e.node.id().equals(entry.node.id()));
            if (replacements.size() == K) {
                replacements.pollFirst();
            }
            replacements.addLast(entry);
        }
    }

    private static final class Entry {
        final NodeInfo node;
        long lastSeen;
        boolean answered;
        int failures;
        long pingedAt;

        Entry(NodeInfo node, long now, boolean answered) {
            this.node = node;
            this.pingedAt = now - PING_INTERVAL_NANOS;
            seen(now, answered);
        }

        void seen(long now, boolean answeredUs) {
            lastSeen = now;
            if (answeredUs) {
                answered = true;
                failures = 0;
            }
        }
    }
}
