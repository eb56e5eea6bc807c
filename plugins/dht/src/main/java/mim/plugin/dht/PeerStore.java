package mim.plugin.dht;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The peers others announced to us (announce_peer), by info-hash, for our get_peers answers.
 *
 * <p>Bounded: at most {@link #MAX_TORRENTS} info-hashes (the one announced least recently goes
 * first) and {@link #MAX_PEERS} peers each (the oldest announce goes first); an announce expires
 * after {@link #EXPIRY_NANOS} unless renewed, as clients re-announce every 15 to 30 minutes. Time
 * comes from an injected clock (nanoseconds). Not thread-safe: the node's event loop owns it.
 */
final class PeerStore {
    static final int MAX_TORRENTS = 1000;
    static final int MAX_PEERS = 100;
    static final long EXPIRY_NANOS = TimeUnit.MINUTES.toNanos(45);

    private final LongSupplier clock;
    private final Random random;
    /** Least recently announced first, in both levels, so eviction takes the head. */
    private final LinkedHashMap<NodeId, LinkedHashMap<InetSocketAddress, Long>> torrents = new LinkedHashMap<>();

    PeerStore(LongSupplier nanoClock, Random random) {
        this.clock = nanoClock;
        this.random = random;
    }

    void add(NodeId infoHash, InetSocketAddress peer) {
        long now = clock.getAsLong();
        LinkedHashMap<InetSocketAddress, Long> peers = torrents.remove(infoHash);
        if (peers == null) {
            peers = new LinkedHashMap<>();
            if (torrents.size() >= MAX_TORRENTS) {
                Iterator<?> oldest = torrents.values().iterator();
                oldest.next();
                oldest.remove();
            }
        }
        torrents.put(infoHash, peers);
        peers.remove(peer);
        if (peers.size() >= MAX_PEERS) {
            Iterator<?> oldest = peers.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        peers.put(peer, now + EXPIRY_NANOS);
    }

    /** Up to {@code max} live peers of {@code infoHash}, a random choice when there are more. */
    List<InetSocketAddress> peers(NodeId infoHash, int max) {
        Map<InetSocketAddress, Long> peers = torrents.get(infoHash);
        if (peers == null) {
            return List.of();
        }
        long now = clock.getAsLong();
        peers.values().removeIf(expires -> expires - now <= 0);
        if (peers.isEmpty()) {
            torrents.remove(infoHash);
            return List.of();
        }
        List<InetSocketAddress> live = new ArrayList<>(peers.keySet());
        if (live.size() > max) {
            Collections.shuffle(live, random);
            return List.copyOf(live.subList(0, max));
        }
        return live;
    }

    int torrentCount() {
        return torrents.size();
    }
}
