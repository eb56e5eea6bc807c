package mim.plugin.dht;

import static mim.plugin.dht.Network.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against libtorrent's DHT on 127.0.0.1, both ways: libtorrent announces and our node finds it,
 * and libtorrent finds what our node announced. Every message between them is real KRPC from two
 * implementations: find_node, get_peers with tokens, announce_peer.
 */
class LibtorrentInteropTest {
    @TempDir
    Path dir;
    private Network network;
    private LibtorrentDht libtorrent;
    private final Random random = new Random(29);

    @BeforeEach
    void start() throws Exception {
        network = new Network(dir);
        libtorrent = LibtorrentDht.start(dir);
    }

    @AfterEach
    void stop() throws Exception {
        network.close();
        libtorrent.close();
    }

    /** One of our nodes bootstrapped from libtorrent, and confirmed in libtorrent's table by a ping. */
    private DhtNode joined(int libtorrentNodes) throws Exception {
        DhtNode node = network.start(List.of(libtorrent.address()));
        assertTrue(await(node.tableSize()) >= 1, "we learnt libtorrent's node");
        libtorrent.send("add_node 127.0.0.1 " + node.localAddress().getPort());
        libtorrent.awaitNodes(libtorrentNodes);
        return node;
    }

    @Test
    void findsAPeerThatLibtorrentAnnounced() throws Exception {
        DhtNode keeper = joined(1);
        NodeId infoHash = NodeId.random(random);
        libtorrent.send("add " + infoHash.hex() + " " + dir.resolve("downloads"));
        InetSocketAddress seeder = libtorrent.address();
        Network.awaitTrue("libtorrent's announce reached our node",
                () -> await(keeper.storedPeers(infoHash)).contains(seeder));

        // A newcomer that knows only libtorrent finds the peer by asking around.
        DhtNode seeker = network.start(List.of(libtorrent.address()));
        Set<InetSocketAddress> found = ConcurrentHashMap.newKeySet();
        await(seeker.getPeers(infoHash, 0, found::addAll));
        assertEquals(Set.of(seeder), found);
        assertEquals(0, keeper.counters().badTokens() + keeper.counters().malformed());
        assertEquals(0, seeker.counters().malformed() + seeker.counters().unmatched());
    }

    @Test
    void libtorrentFindsAPeerWeAnnounced() throws Exception {
        DhtNode announcer = joined(1);
        joined(2);
        NodeId infoHash = NodeId.random(random);
        int announced = await(announcer.getPeers(infoHash, 7401, peers -> { }));
        assertEquals(2, announced, "libtorrent and our other node took the announce");
        libtorrent.expect(line -> line.equals("announced " + infoHash.hex() + " 127.0.0.1:7401"));

        libtorrent.send("get_peers " + infoHash.hex());
        libtorrent.expect(line -> line.startsWith("peers " + infoHash.hex()) && line.contains(" 127.0.0.1:7401"));
    }
}
