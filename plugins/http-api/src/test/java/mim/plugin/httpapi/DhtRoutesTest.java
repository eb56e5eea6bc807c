package mim.plugin.httpapi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import mim.core.spi.DhtInfo;
import mim.core.testing.LeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code /dht/stats} and {@code /dht/table}: the node's figures in the API's shape, and 404 without a DHT. */
@ExtendWith(LeakCheck.class)
class DhtRoutesTest {

    @Test
    void withoutADhtBothAnswer404DhtDisabled() throws Exception {
        try (TestServer api = TestServer.plain()) {
            for (String path : List.of("/dht/stats", "/dht/table")) {
                HttpResponse<byte[]> r = api.get(path);
                assertEquals(404, r.statusCode(), path);
                assertEquals("dht_disabled", Json.MAPPER.readTree(r.body()).path("error_kind").asText(), path);
            }
        }
    }

    @Test
    void theStatsAndTableOfTheNodeAreShown() throws Exception {
        DhtInfo.Node node = new DhtInfo.Node("ab".repeat(20), "127.0.0.1:6881", "good",
                Instant.parse("2024-05-01T10:00:00Z"));
        try (TestServer api = TestServer.plain()) {
            api.session.dht = new DhtInfo() {
                @Override
                public boolean enabled() {
                    return true;
                }

                @Override
                public CompletableFuture<Stats> stats() {
                    return CompletableFuture.completedFuture(new Stats(true, "cd".repeat(20), "0.0.0.0:6881", 1, 1, 0, 1,
                            5, 9, 2, 3, 4));
                }

                @Override
                public CompletableFuture<List<Bucket>> table() {
                    return CompletableFuture.completedFuture(List.of(new Bucket(0, List.of(node))));
                }
            };
            JsonNode stats = Json.MAPPER.readTree(api.get("/dht/stats").body());
            assertEquals("cd".repeat(20), stats.path("id").asText());
            assertEquals(1, stats.path("nodes").asInt());
            assertEquals(5, stats.path("queries_received").asInt());
            assertEquals(9, stats.path("queries_sent").asInt());
            assertEquals(3, stats.path("torrents_tracked").asInt());
            assertEquals(4, stats.path("torrents_announced").asInt());
            JsonNode table = Json.MAPPER.readTree(api.get("/dht/table").body());
            JsonNode first = table.path("buckets").get(0).path("nodes").get(0);
            assertEquals("ab".repeat(20), first.path("id").asText());
            assertEquals("127.0.0.1:6881", first.path("address").asText());
            assertEquals("2024-05-01T10:00:00Z", first.path("last_seen").asText());
        }
    }
}
