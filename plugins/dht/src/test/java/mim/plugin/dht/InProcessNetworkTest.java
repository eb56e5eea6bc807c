package mim.plugin.dht;

import static mim.plugin.dht.Network.await;
import static mim.plugin.dht.Network.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several of our nodes on 127.0.0.1, bootstrapped in a chain: announce, find, persist. */
class InProcessNetworkTest {
    @TempDir
    Path dir;
    private Network network;
    private final NodeId infoHash = NodeId.random(new Random(17));

    @BeforeEach
    void open() {
        network = new Network(dir);
    }

    @AfterEach
    void close() {
        network.close();
    }

    /** Six nodes, each bootstrapped from the one before. */
    private List<DhtNode> chain(int count) {
        List<DhtNode> nodes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            nodes.add(network.start(i == 0 ? List.of() : List.of(nodes.get(i - 1).localAddress())));
        }
        return nodes;
    }

    @Test
    void aPeerAnnouncedByOneNodeIsFoundByANewcomer() {
        List<DhtNode> nodes = chain(6);
        for (DhtNode n : nodes) {
            assertTrue(await(n.tableSize()) >= 2, "every node learnt of others");
        }
        int announced = await(nodes.get(2).getPeers(infoHash, 6881, peers -> { }));
        assertTrue(announced >= 3, "announced to " + announced);

        // A node that joins later has nothing stored: whatever it finds, it found by asking.
        DhtNode newcomer = network.start(List.of(nodes.get(0).localAddress()));
        Set<InetSocketAddress> found = ConcurrentHashMap.newKeySet();
        assertEquals(0, await(newcomer.getPeers(infoHash, 0, found::addAll)));
        assertEquals(Set.of(new InetSocketAddress("127.0.0.1", 6881)), found);
        assertEquals(0, newcomer.counters().malformed() + newcomer.counters().unmatched());
    }

    @Test
    void aLookupFindsPeersWithoutWaitingForTheBootstrapToOutwaitADeadNode() throws Exception {
        List<DhtNode> nodes = chain(2);
        DhtNode router = nodes.get(0);
        await(nodes.get(1).getPeers(infoHash, 6881, peers -> { }));
        // A node that pinged the router once and never answers again: the router names it to newcomers.
        try (DatagramSocket dead = new DatagramSocket(0, Network.LOOPBACK)) {
            byte[] ping = KrpcCodec.encode(new Krpc.Ping(new byte[] {1, 2}, NodeId.random(new Random(5))));
            dead.send(new DatagramPacket(ping, ping.length, router.localAddress()));
            dead.receive(new DatagramPacket(new byte[1500], 1500));

            DhtNode newcomer = network.begin(Network.config(List.of(router.localAddress())));
            newcomer.start(0);
            CompletableFuture<List<InetSocketAddress>> found = new CompletableFuture<>();
            newcomer.getPeers(infoHash, 0, found::complete);

            assertEquals(List.of(new InetSocketAddress("127.0.0.1", 6881)), await(found));
            // The bootstrap's own lookup asked the dead node too and waits out its timeout (3 s).
            assertFalse(newcomer.ready().isDone(), "found before the bootstrap ended");
            await(newcomer.ready());
        }
    }

    @Test
    void aLookupOfAnUnknownTorrentEndsWithNoPeers() {
        List<DhtNode> nodes = chain(4);
        List<InetSocketAddress> found = new ArrayList<>();
        assertEquals(0, await(nodes.get(3).getPeers(infoHash, 0, found::addAll)));
        assertEquals(List.of(), found);
    }

    @Test
    void keepsItsIdAndNodesAcrossRestarts() throws Exception {
        DhtNode first = network.start(List.of());
        Path state = dir.resolve("state/mim/dht.json");
        DhtConfig persistent = Network.config(List.of(first.localAddress())).withPersistence(true, state);
        DhtNode second = network.start(persistent);
        NodeId id = second.id();
        assertEquals(1, await(second.tableSize()));
        second.close();
        assertTrue(Files.readString(state).contains(id.hex()));
        assertTrue(Files.readString(state).contains(first.id().hex()));

        // Started again with no bootstrap node at all, it still finds its way back from the file.
        DhtNode again = network.start(persistent.withBootstrap(List.of()));
        assertEquals(id, again.id());
        assertEquals(1, await(again.tableSize()));
        assertNotEquals(0, first.counters().queriesAnswered());
    }

    @Test
    void aStartWithAnUnreadableStateFileBeginsAfresh() throws Exception {
        Path state = dir.resolve("dht.json");
        Files.writeString(state, "not json");
        DhtNode node = network.start(Network.config(List.of()).withPersistence(true, state));
        assertEquals(0, await(node.tableSize()));
        awaitTrue("the node runs", () -> node.localAddress() != null);
    }
}
