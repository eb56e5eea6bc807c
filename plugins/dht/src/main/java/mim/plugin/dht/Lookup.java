package mim.plugin.dht;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One iterative lookup (BEP 5, after Kademlia): ask the closest nodes we know to {@code target} for
 * closer ones, {@link #ALPHA} queries in flight, closest first, until the {@link RoutingTable#K}
 * closest nodes heard of have all answered (or no one is left to ask). A get_peers lookup also hands
 * each batch of new peers to its consumer as it arrives, and keeps the token each node gave, for
 * announcing.
 *
 * <p>Bounded: at most {@link #MAX_CANDIDATES} nodes are remembered and {@link #MAX_QUERIES} asked,
 * and each address is asked once, however many ids claim it. Not thread-safe: runs on the node's
 * event loop, where query futures complete.
 */
final class Lookup {
    static final int ALPHA = 3;
    static final int MAX_CANDIDATES = 128;
    static final int MAX_QUERIES = 96;

    /** Sends one query for a lookup; the future completes on the event loop. */
    interface Querier {
        CompletableFuture<Krpc.Response> query(NodeInfo to, Function<byte[], Krpc.Query> withTid);
    }

    /** A node that answered, and the token it gave (null for find_node, or if it gave none). */
    record Answered(NodeInfo node, byte[] token) {}

    private enum State { NEW, ASKED, ANSWERED, FAILED }

    private static final class Candidate {
        final NodeInfo node;
        State state = State.NEW;
        byte[] token;

        Candidate(NodeInfo node) {
            this.node = node;
        }
    }

    private final NodeId own;
    private final NodeId target;
    private final boolean getPeers;
    private final Querier querier;
    private final Consumer<List<InetSocketAddress>> onPeers;
    private final TreeMap<NodeId, Candidate> candidates;
    private final Set<InetSocketAddress> addresses = new HashSet<>();
    private final Set<InetSocketAddress> peersSeen = new HashSet<>();
    private final CompletableFuture<List<Answered>> result = new CompletableFuture<>();
    private int inFlight;
    private int queries;

    private Lookup(NodeId own, NodeId target, boolean getPeers, Querier querier,
            Consumer<List<InetSocketAddress>> onPeers) {
        this.own = own;
        this.target = target;
        this.getPeers = getPeers;
        this.querier = querier;
        this.onPeers = onPeers;
        this.candidates = new TreeMap<>(target::compareDistance);
    }

    /** A find_node lookup; completes with the closest nodes that answered. */
    static CompletableFuture<List<Answered>> findNode(NodeId own, NodeId target, List<NodeInfo> seeds, Querier querier) {
        return new Lookup(own, target, false, querier, peers -> { }).start(seeds);
    }

    /**
     * A get_peers lookup for {@code infoHash}; peers never seen before in this lookup go to
     * {@code onPeers} as they arrive. Completes with the closest nodes that answered, with their tokens.
     */
    static CompletableFuture<List<Answered>> getPeers(NodeId own, NodeId infoHash, List<NodeInfo> seeds,
            Querier querier, Consumer<List<InetSocketAddress>> onPeers) {
        return new Lookup(own, infoHash, true, querier, onPeers).start(seeds);
    }

    private CompletableFuture<List<Answered>> start(List<NodeInfo> seeds) {
        seeds.forEach(this::consider);
        step();
        return result;
    }

    private void consider(NodeInfo node) {
        // One candidate per address, however many ids claim it: each address is asked once.
        if (node.id().equals(own) || candidates.containsKey(node.id()) || !addresses.add(node.address())) {
            return;
        }
        candidates.put(node.id(), new Candidate(node));
        if (candidates.size() > MAX_CANDIDATES) {
            Map.Entry<NodeId, Candidate> farthest = candidates.lastEntry();
            if (farthest.getValue().state != State.ASKED) {
                candidates.remove(farthest.getKey());
            }
        }
    }

    /** Sends what may be sent now, or ends the lookup when the k closest have answered or nobody is left. */
    private void step() {
        if (result.isDone()) {
            return;
        }
        int closest = 0;
        boolean allAnswered = true;
        for (Candidate c : candidates.values()) {
            if (c.state == State.FAILED) {
                continue;
            }
            if (closest++ == RoutingTable.K) {
                break;
            }
            if (c.state == State.NEW && inFlight < ALPHA && queries < MAX_QUERIES) {
                ask(c);
            }
            allAnswered &= c.state == State.ANSWERED;
        }
        if (allAnswered || inFlight == 0) {
            List<Answered> answered = new ArrayList<>();
            for (Candidate c : candidates.values()) {
                if (c.state == State.ANSWERED && answered.size() < RoutingTable.K) {
                    answered.add(new Answered(c.node, c.token));
                }
            }
            result.complete(answered);
        }
    }

    private void ask(Candidate c) {
        c.state = State.ASKED;
        inFlight++;
        queries++;
        Function<byte[], Krpc.Query> query = getPeers ? tid -> new Krpc.GetPeers(tid, own, target)
                : tid -> new Krpc.FindNode(tid, own, target);
        querier.query(c.node, query).whenComplete((response, failure) -> {
            inFlight--;
            if (failure != null) {
                c.state = State.FAILED;
            } else {
                c.state = State.ANSWERED;
                c.token = response.token();
                if (!response.values().isEmpty() && !result.isDone()) {
                    List<InetSocketAddress> fresh = response.values().stream().filter(peersSeen::add).toList();
                    if (!fresh.isEmpty()) {
                        onPeers.accept(fresh);
                    }
                }
                response.nodes().forEach(this::consider);
            }
            step();
        });
    }
}
