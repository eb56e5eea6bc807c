package mim.plugin.dht;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** How we answer each query, and the token check on announce_peer. */
class QueryServerTest {
    private static final byte[] TID = {7, 7};
    private final AtomicLong clock = new AtomicLong();
    private final Random random = new Random(11);
    private final RoutingTable table = new RoutingTable(NodeId.random(random), clock::get, random);
    private final PeerStore store = new PeerStore(clock::get, random);
    private final DhtCounters counters = new DhtCounters();
    private final QueryServer server = new QueryServer(table, new Tokens(clock::get, random), store, counters);
    private final NodeId them = NodeId.random(random);
    private final NodeId infoHash = NodeId.random(random);
    private final InetSocketAddress from = new InetSocketAddress("192.0.2.10", 40000);

    @Test
    void answersPingWithOurId() {
        Krpc.Response r = assertInstanceOf(Krpc.Response.class, server.answer(new Krpc.Ping(TID, them), from));
        assertEquals(table.ownId(), r.sender());
        assertArrayEquals(TID, r.tid());
    }

    @Test
    void answersFindNodeWithTheClosestNodesWeKnow() {
        for (int i = 0; i < 30; i++) {
            table.heard(new NodeInfo(NodeId.random(random), new InetSocketAddress("10.0.0." + i, 6881)), true);
        }
        NodeId target = NodeId.random(random);
        Krpc.Response r = assertInstanceOf(Krpc.Response.class, server.answer(new Krpc.FindNode(TID, them, target), from));
        assertEquals(table.closest(target, RoutingTable.K), r.nodes());
    }

    @Test
    void anAnnounceWithTheTokenWeGaveIsStoredAndFoundByTheNextGetPeers() {
        Krpc.Response first = assertInstanceOf(Krpc.Response.class,
                server.answer(new Krpc.GetPeers(TID, them, infoHash), from));
        assertNotNull(first.token());
        assertEquals(List.of(), first.values());

        assertInstanceOf(Krpc.Response.class,
                server.answer(new Krpc.AnnouncePeer(TID, them, infoHash, 6881, false, first.token()), from));
        assertInstanceOf(Krpc.Response.class, server.answer(
                new Krpc.AnnouncePeer(TID, them, infoHash, 9999, true, first.token()), from));

        Krpc.Response second = assertInstanceOf(Krpc.Response.class,
                server.answer(new Krpc.GetPeers(TID, them, infoHash), new InetSocketAddress("198.51.100.1", 1)));
        assertEquals(List.of(new InetSocketAddress("192.0.2.10", 6881), new InetSocketAddress("192.0.2.10", 40000)),
                second.values(), "the implied port is the one the announce came from");
    }

    @Test
    void refusesAnnouncesWithAForeignStaleOrInventedToken() {
        byte[] token = assertInstanceOf(Krpc.Response.class,
                server.answer(new Krpc.GetPeers(TID, them, infoHash), from)).token();
        InetSocketAddress other = new InetSocketAddress("192.0.2.11", 40000);
        assertRefused(new Krpc.AnnouncePeer(TID, them, infoHash, 6881, false, token), other);
        assertRefused(new Krpc.AnnouncePeer(TID, them, infoHash, 6881, false, new byte[] {1, 2, 3, 4}), from);
        clock.addAndGet(TimeUnit.MINUTES.toNanos(11));
        assertRefused(new Krpc.AnnouncePeer(TID, them, infoHash, 6881, false, token), from);
        assertEquals(3, counters.badTokens());
        assertEquals(List.of(), store.peers(infoHash, 10));
    }

    private void assertRefused(Krpc.AnnouncePeer announce, InetSocketAddress sender) {
        Krpc.Error e = assertInstanceOf(Krpc.Error.class, server.answer(announce, sender));
        assertEquals(Krpc.Error.PROTOCOL, e.code());
    }

    @Test
    void answersAnUnknownMethodWithError204() {
        Krpc.Error e = assertInstanceOf(Krpc.Error.class,
                server.answer(new Krpc.UnknownQuery(TID, them, "vote"), from));
        assertEquals(Krpc.Error.METHOD_UNKNOWN, e.code());
        assertEquals(1, counters.unknownMethod());
    }
}
