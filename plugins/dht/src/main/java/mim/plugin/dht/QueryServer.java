package mim.plugin.dht;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * Answers other nodes' queries, as a good citizen of the DHT: ping, find_node (our closest nodes),
 * get_peers (the peers announced to us, our closest nodes, and a token), announce_peer (stored
 * when its token is one we gave that IP lately); error 204 for any other method.
 *
 * <p>Each answer is a bounded amount of work and fits one datagram: at most {@link RoutingTable#K}
 * nodes and {@link #MAX_VALUES} peers. Rate limiting happens before, in the node. Not thread-safe:
 * the node's event loop owns it and what it is given.
 */
final class QueryServer {
    /** Peers in one get_peers answer: 50 compact peers are 400 bytes, well inside a datagram. */
    static final int MAX_VALUES = 50;

    private final RoutingTable table;
    private final Tokens tokens;
    private final PeerStore store;
    private final DhtCounters counters;

    QueryServer(RoutingTable table, Tokens tokens, PeerStore store, DhtCounters counters) {
        this.table = table;
        this.tokens = tokens;
        this.store = store;
        this.counters = counters;
    }

    /** The answer to {@code query}, which came from {@code from}. */
    Krpc answer(Krpc.Query query, InetSocketAddress from) {
        NodeId own = table.ownId();
        byte[] tid = query.tid();
        if (query instanceof Krpc.Ping) {
            return Krpc.Response.of(tid, own);
        } else if (query instanceof Krpc.FindNode f) {
            return new Krpc.Response(tid, own, table.closest(f.target(), RoutingTable.K), List.of(), null);
        } else if (query instanceof Krpc.GetPeers g) {
            return new Krpc.Response(tid, own, table.closest(g.infoHash(), RoutingTable.K),
                    store.peers(g.infoHash(), MAX_VALUES), tokens.issue(from.getAddress()));
        } else if (query instanceof Krpc.AnnouncePeer a) {
            if (!tokens.isValid(a.token(), from.getAddress())) {
                counters.badTokens.increment();
                return new Krpc.Error(tid, Krpc.Error.PROTOCOL, "bad token");
            }
            store.add(a.infoHash(), new InetSocketAddress(from.getAddress(), a.impliedPort() ? from.getPort() : a.port()));
            return Krpc.Response.of(tid, own);
        }
        counters.unknownMethod.increment();
        return new Krpc.Error(tid, Krpc.Error.METHOD_UNKNOWN, "method unknown");
    }
}
