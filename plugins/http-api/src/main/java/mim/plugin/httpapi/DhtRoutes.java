package mim.plugin.httpapi;

import java.util.List;
import java.util.Set;
import mim.core.spi.DhtInfo;
import mim.core.spi.SessionControl;

/**
 * The API's routes about the DHT node (after rqbit's of the same names): {@code /dht/stats} and
 * {@code /dht/table}. Without a DHT they answer 404 {@code dht_disabled}. Stateless.
 */
final class DhtRoutes {
    private DhtRoutes() {}

    static void install(Router router, SessionControl session) {
        router.get("/dht/stats", Set.of(), "the DHT node: its id, nodes, queries, torrents",
                        (r, p) -> dht(session).stats().thenApply(s -> Json.ok(Stats.of(s))))
                .get("/dht/table", Set.of(), "the DHT's routing table, bucket by bucket",
                        (r, p) -> dht(session).table().thenApply(t -> Json.ok(new Table(t.stream().map(Bucket::of)
                                .toList()))));
    }

    private static DhtInfo dht(SessionControl session) throws ApiError {
        return session.dht().orElseThrow(() -> ApiError.notFound("dht_disabled", "the DHT is disabled"));
    }

    record Stats(boolean running, String id, String address, int nodes, int good, int questionable, int buckets,
                 long queriesReceived, long queriesSent, long timeouts, int torrentsTracked, int torrentsAnnounced) {
        static Stats of(DhtInfo.Stats s) {
            return new Stats(s.running(), s.nodeId(), s.address(), s.nodes(), s.good(), s.questionable(), s.buckets(),
                    s.queriesReceived(), s.queriesSent(), s.timeouts(), s.torrentsTracked(), s.torrentsAnnounced());
        }
    }

    record Table(List<Bucket> buckets) {}

    record Bucket(int index, List<Node> nodes) {
        static Bucket of(DhtInfo.Bucket b) {
            return new Bucket(b.index(), b.nodes().stream().map(n -> new Node(n.id(), n.address(), n.state(),
                    n.lastSeen().toString())).toList());
        }
    }

    record Node(String id, String address, String state, String lastSeen) {}
}
