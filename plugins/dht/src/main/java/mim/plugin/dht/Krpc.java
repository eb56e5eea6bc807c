package mim.plugin.dht;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * A KRPC message (BEP 5): a query, its response, or an error, each carrying the transaction id the
 * querier chose. Queries are typed by method; a response is typed only by what it holds, since its
 * meaning depends on the query it answers. Immutable values, except that the byte arrays they hold
 * (transaction id, token) are the caller's not to change.
 */
sealed interface Krpc {

    /** The transaction id, 1 to {@link KrpcCodec#MAX_TRANSACTION_ID} bytes. */
    byte[] tid();

    /** A query: what a node asks of another. */
    sealed interface Query extends Krpc {
        /** The querying node's id. */
        NodeId sender();
    }

    /** {@code ping}: are you there? */
    record Ping(byte[] tid, NodeId sender) implements Query {}

    /** {@code find_node}: the nodes you know closest to {@code target}. */
    record FindNode(byte[] tid, NodeId sender, NodeId target) implements Query {}

    /** {@code get_peers}: peers of {@code infoHash}, or else the nodes closest to it, and a token. */
    record GetPeers(byte[] tid, NodeId sender, NodeId infoHash) implements Query {}

    /**
     * {@code announce_peer}: the sender downloads {@code infoHash} and takes peers on {@code port},
     * or on the port it sent this from when {@code impliedPort}; {@code token} is what our answer to
     * its {@code get_peers} gave it.
     */
    record AnnouncePeer(byte[] tid, NodeId sender, NodeId infoHash, int port, boolean impliedPort, byte[] token)
            implements Query {}

    /** A well-formed query of a method we do not serve; answered with error 204. */
    record UnknownQuery(byte[] tid, NodeId sender, String method) implements Query {}

    /**
     * A response. Which fields are present depends on the query: {@code nodes} for find_node and
     * get_peers, {@code values} and {@code token} for get_peers.
     *
     * @param token null when absent
     */
    record Response(byte[] tid, NodeId sender, List<NodeInfo> nodes, List<InetSocketAddress> values, byte[] token)
            implements Krpc {

        public Response {
            nodes = List.copyOf(nodes);
            values = List.copyOf(values);
        }

        static Response of(byte[] tid, NodeId sender) {
            return new Response(tid, sender, List.of(), List.of(), null);
        }
    }

    /** An error: code 201 generic, 202 server, 203 protocol (a bad token), 204 method unknown. */
    record Error(byte[] tid, long code, String message) implements Krpc {
        static final int GENERIC = 201;
        static final int PROTOCOL = 203;
        static final int METHOD_UNKNOWN = 204;
    }
}
