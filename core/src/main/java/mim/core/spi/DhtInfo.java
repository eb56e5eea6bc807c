package mim.core.spi;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What a DHT node (BEP 5) shows user interfaces: its figures and its routing table. The peer source
 * that runs the node implements it too, and the session finds it there ({@link SessionControl#dht}),
 * so the engine knows no DHT classes.
 *
 * <p>Thread safety: may be called from any thread; the node's state is its own thread's, so answers
 * come through futures.
 */
public interface DhtInfo {

    /** Whether the node is in use at all (its configuration may turn it off). */
    boolean enabled();

    /** The node's figures now. */
    CompletableFuture<Stats> stats();

    /** The routing table now, bucket by bucket, nearest our id last; empty before the node started. */
    CompletableFuture<List<Bucket>> table();

    /**
     * A node's figures. Immutable.
     *
     * @param running whether the node runs (it starts with the first torrent that starts)
     * @param nodeId our id, in hex; null before the node started
     * @param address the address the node's socket is bound to; null before
     * @param nodes nodes in the routing table
     * @param good nodes that answered us and were heard from lately
     * @param questionable the other nodes of the table, not yet given up on
     * @param buckets buckets of the table
     * @param queriesReceived queries of other nodes we answered
     * @param queriesSent queries we sent
     * @param timeouts queries of ours that went unanswered
     * @param torrentsTracked info-hashes other nodes announced peers for to us
     * @param torrentsAnnounced info-hashes we announced ourselves for, accepted by a node at least
     */
    record Stats(boolean running, String nodeId, String address, int nodes, int good, int questionable, int buckets,
                 long queriesReceived, long queriesSent, long timeouts, int torrentsTracked, int torrentsAnnounced) {}

    /**
     * One bucket of the routing table. Immutable.
     *
     * @param index how many leading bits of our id its nodes share (the last bucket: at least that many)
     * @param nodes its nodes
     */
    record Bucket(int index, List<Node> nodes) {
        public Bucket {
            nodes = List.copyOf(nodes);
        }
    }

    /**
     * A node of the routing table. Immutable.
     *
     * @param id its id, in hex
     * @param address its IP and port
     * @param state {@code good}, {@code questionable} or {@code bad} (about to be replaced)
     * @param lastSeen when we last heard from it
     */
    record Node(String id, String address, String state, Instant lastSeen) {}
}
