package mim.plugin.dht;

import static mim.plugin.dht.Network.await;
import static mim.plugin.dht.Network.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import mim.core.spi.PeerLookup;
import mim.core.spi.PeerSink;
import mim.core.spi.TorrentEvent;
import mim.core.spi.TorrentIdentity;
import mim.core.spi.TransferStats;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The extension as the session uses it: a lookup per torrent, peers to the sink, one shared node. */
class DhtPeerSourceTest {
    @TempDir
    Path dir;
    private Network network;
    private final Random random = new Random(23);
    private final byte[] infoHash = NodeId.random(random).bytes();

    @BeforeEach
    void open() {
        network = new Network(dir);
    }

    @AfterEach
    void close() {
        network.close();
    }

    static final class Sink implements PeerSink {
        final Set<InetSocketAddress> peers = ConcurrentHashMap.newKeySet();
        final List<String> statuses = new CopyOnWriteArrayList<>();

        @Override
        public void peers(String source, Collection<InetSocketAddress> found) {
            assertEquals("dht", source);
            peers.addAll(found);
        }

        @Override
        public void status(String source, String message) {
            statuses.add(message);
        }

        @Override
        public TransferStats stats() {
            return new TransferStats(0, 0, 0);
        }
    }

    private TorrentIdentity torrent(int listenPort) {
        return new TorrentIdentity(infoHash, List.of(), false, listenPort, new byte[20]);
    }

    @Test
    void findsPeersAnnouncesUsAndSharesOneNodeBetweenTorrents() throws Exception {
        DhtNode hub = network.start(List.of());
        DhtNode seeder = network.start(List.of(hub.localAddress()));
        await(seeder.getPeers(NodeId.of(infoHash), 7001, peers -> { }));

        try (DhtPeerSource source = new DhtPeerSource(Network.config(List.of(hub.localAddress())))) {
            assertFalse(source.isTracker());
            Sink sink = new Sink();
            PeerLookup lookup = source.start(torrent(7002), sink);
            lookup.event(TorrentEvent.STARTED, sink.stats());
            awaitTrue("the seeder is found", () -> sink.peers.contains(new InetSocketAddress("127.0.0.1", 7001)));
            awaitTrue("the round ends with a status", () -> !sink.statuses.isEmpty());
            assertTrue(sink.statuses.get(0).matches("1 peers, announced to [12] nodes"), sink.statuses.toString());

            // A second torrent uses the same node: nothing new is bound.
            Sink other = new Sink();
            PeerLookup second = source.start(torrent(7003), other);
            second.event(TorrentEvent.STARTED, other.stats());
            awaitTrue("the second round ends", () -> !other.statuses.isEmpty());
            assertTrue(other.peers.contains(new InetSocketAddress("127.0.0.1", 7001)));
            second.event(TorrentEvent.STOPPED, other.stats());
            second.close();
            lookup.close();
            assertTrue(source.counters().sent() > 0);
        }

        Set<InetSocketAddress> found = ConcurrentHashMap.newKeySet();
        DhtNode late = network.start(List.of(hub.localAddress()));
        await(late.getPeers(NodeId.of(infoHash), 0, found::addAll));
        assertTrue(found.contains(new InetSocketAddress("127.0.0.1", 7002)), "we were announced: " + found);
    }

    /**
     * With no bootstrap node configured, the torrent's own {@code nodes} are the way in; with the
     * wildcard configured, the node binds to the torrent's listen address, where the DHT then lists us.
     */
    @Test
    void bootstrapsFromTheTorrentsNodesAndSitsOnItsListenAddress() throws Exception {
        DhtNode hub = network.start(List.of());
        DhtNode seeder = network.start(List.of(hub.localAddress()));
        await(seeder.getPeers(NodeId.of(infoHash), 7001, peers -> { }));
        InetAddress listen = InetAddress.getByName("127.0.0.5");
        DhtConfig config = Network.config(List.of()).withBindAddress(InetAddress.getByName("0.0.0.0"), 0);
        // Unresolved, as the session hands over a torrent's nodes: the plugin looks the name up.
        InetSocketAddress named = InetSocketAddress.createUnresolved("127.0.0.1", hub.localAddress().getPort());
        TorrentIdentity torrent = new TorrentIdentity(infoHash, List.of(), false, 7002, new byte[20], listen,
                List.of(named));

        try (DhtPeerSource source = new DhtPeerSource(config)) {
            Sink sink = new Sink();
            PeerLookup lookup = source.start(torrent, sink);
            lookup.event(TorrentEvent.STARTED, sink.stats());
            awaitTrue("the seeder is found", () -> sink.peers.contains(new InetSocketAddress("127.0.0.1", 7001)));
            assertEquals(listen, source.node(null, 0).localAddress().getAddress());
            awaitTrue("the round ends with a status", () -> !sink.statuses.isEmpty());
            lookup.close();
        }

        Set<InetSocketAddress> found = ConcurrentHashMap.newKeySet();
        DhtNode late = network.start(List.of(hub.localAddress()));
        await(late.getPeers(NodeId.of(infoHash), 0, found::addAll));
        assertTrue(found.contains(new InetSocketAddress(listen, 7002)), "announced from 127.0.0.5: " + found);
    }

    @Test
    void aNodeThatCannotStartSaysWhyInWords() throws Exception {
        try (java.net.DatagramSocket taken = new java.net.DatagramSocket(0, Network.LOOPBACK)) {
            DhtConfig config = Network.config(List.of()).withBindAddress(Network.LOOPBACK, taken.getLocalPort());
            try (DhtPeerSource source = new DhtPeerSource(config)) {
                Sink sink = new Sink();
                PeerLookup lookup = source.start(torrent(7002), sink);
                lookup.event(TorrentEvent.STARTED, sink.stats());
                awaitTrue("a status", () -> !sink.statuses.isEmpty());
                String status = sink.statuses.get(0);
                assertTrue(status.startsWith("dht unavailable: ") && !status.contains("Exception"), status);
                lookup.close();
            }
        }
    }

    @Test
    void aDisabledDhtStartsNothing() throws Exception {
        DhtConfig off = new DhtConfig(false, Network.LOOPBACK, 0, List.of(), false, dir.resolve("x.json"),
                DhtConfig.Limits.DEFAULT);
        try (DhtPeerSource source = new DhtPeerSource(off)) {
            PeerLookup lookup = source.start(torrent(7004), new Sink());
            lookup.event(TorrentEvent.STARTED, new TransferStats(0, 0, 0));
            lookup.close();
            assertEquals(0, source.counters().sent());
        }
    }
}
