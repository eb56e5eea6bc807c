package mim.plugin.dht;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Announced peers: expiry, renewal, and the bounds on torrents and peers. */
class PeerStoreTest {
    private final AtomicLong clock = new AtomicLong();
    private final Random random = new Random(5);
    private final PeerStore store = new PeerStore(clock::get, random);
    private final NodeId torrent = NodeId.random(random);

    private static InetSocketAddress peer(int n) {
        return new InetSocketAddress("10.1." + (n >> 8) + "." + (n & 0xff), 6881);
    }

    @Test
    void announcesExpireUnlessRenewed() {
        store.add(torrent, peer(1));
        store.add(torrent, peer(2));
        clock.addAndGet(TimeUnit.MINUTES.toNanos(30));
        store.add(torrent, peer(2));
        assertEquals(2, store.peers(torrent, 10).size());
        clock.addAndGet(TimeUnit.MINUTES.toNanos(16));
        assertEquals(List.of(peer(2)), store.peers(torrent, 10));
        clock.addAndGet(TimeUnit.MINUTES.toNanos(30));
        assertEquals(List.of(), store.peers(torrent, 10));
        assertEquals(0, store.torrentCount());
    }

    @Test
    void keepsAtMostMaxPeersDroppingTheOldest() {
        for (int i = 0; i < PeerStore.MAX_PEERS + 10; i++) {
            store.add(torrent, peer(i));
        }
        List<InetSocketAddress> all = store.peers(torrent, 1000);
        assertEquals(PeerStore.MAX_PEERS, all.size());
        assertTrue(!all.contains(peer(0)) && all.contains(peer(PeerStore.MAX_PEERS + 9)));
    }

    @Test
    void answersWithARandomChoiceWhenThereAreMore() {
        for (int i = 0; i < 80; i++) {
            store.add(torrent, peer(i));
        }
        List<InetSocketAddress> some = store.peers(torrent, QueryServer.MAX_VALUES);
        assertEquals(QueryServer.MAX_VALUES, some.size());
        assertEquals(QueryServer.MAX_VALUES, new HashSet<>(some).size());
    }

    @Test
    void keepsAtMostMaxTorrentsDroppingTheLeastRecentlyAnnounced() {
        NodeId first = NodeId.random(random);
        NodeId second = NodeId.random(random);
        store.add(first, peer(1));
        store.add(second, peer(1));
        store.add(first, peer(2)); // first is now the most recent
        for (int i = 0; i < PeerStore.MAX_TORRENTS - 1; i++) {
            store.add(NodeId.random(random), peer(3));
        }
        assertEquals(PeerStore.MAX_TORRENTS, store.torrentCount());
        assertEquals(2, store.peers(first, 10).size());
        assertEquals(List.of(), store.peers(second, 10));
    }
}
