package mim.cli.remote;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import mim.core.spi.DhtInfo;

/**
 * A server's DHT node through {@code GET /dht/stats} and {@code GET /dht/table}. Immutable.
 *
 * @param get the JSON answer of a path of the API
 */
record RemoteDht(Function<String, CompletableFuture<JsonNode>> get) implements DhtInfo {

    /** Found at connection: a server without a DHT answers 404 and has no {@code RemoteDht}. */
    @Override
    public boolean enabled() {
        return true;
    }

    @Override
    public CompletableFuture<Stats> stats() {
        return get.apply("dht/stats").thenApply(s -> new Stats(s.path("running").asBoolean(),
                s.path("id").asText(null), s.path("address").asText(null), s.path("nodes").asInt(),
                s.path("good").asInt(), s.path("questionable").asInt(), s.path("buckets").asInt(),
                s.path("queries_received").asLong(), s.path("queries_sent").asLong(), s.path("timeouts").asLong(),
                s.path("torrents_tracked").asInt(), s.path("torrents_announced").asInt()));
    }

    @Override
    public CompletableFuture<List<Bucket>> table() {
        return get.apply("dht/table").thenApply(t -> {
            List<Bucket> buckets = new ArrayList<>();
            for (JsonNode b : t.path("buckets")) {
                List<Node> nodes = new ArrayList<>();
                for (JsonNode n : b.path("nodes")) {
                    nodes.add(new Node(n.path("id").asText(), n.path("address").asText(), n.path("state").asText(),
                            Instant.parse(n.path("last_seen").asText())));
                }
                buckets.add(new Bucket(b.path("index").asInt(), nodes));
            }
            return buckets;
        });
    }
}
