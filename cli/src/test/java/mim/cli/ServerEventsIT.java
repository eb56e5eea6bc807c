package mim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mim.interop.DhtRouter;
import mim.interop.LineStream;
import mim.interop.MimServer;
import mim.interop.Peer;
import mim.interop.Swarm;
import mim.interop.TestData;
import mim.interop.Torrent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Watching {@code mim server start} over its API while it downloads from a libtorrent seeder:
 * {@code /events} tells of the torrent added, its changes of state and its completion, with stats
 * ticks; {@code /stream_logs} carries what the server logs; {@code /metrics} passes Prometheus'
 * {@code promtool} and counts the torrent's bytes. Then the DHT routes, against a server bootstrapped
 * from a DHT node on loopback, and their 404 with the DHT disabled.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class ServerEventsIT {
    private static final Duration TRANSFER = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void eventsLogsAndMetricsFollowADownload() throws Exception {
        try (Swarm swarm = Swarm.create()) {
            Path data = swarm.data("watched.bin", (3 << 20) + 12345);
            Torrent torrent = swarm.torrent(data, 16, false);
            Peer seeder = swarm.libtorrent().uploadLimit(1 << 20).seed(torrent, data);
            MimServer server = MimServer.create(swarm, swarm.newDir("out")).start();
            try (LineStream events = server.stream("/events"); LineStream logs = server.stream("/stream_logs")) {
                assertTrue(events.head().toLowerCase().contains("content-type: text/event-stream"), events.head());
                events.await(l -> l.startsWith("retry: "), "the stream's opening", TRANSFER);
                int id = server.post("/torrents?initial_peers=" + seeder.hostPort(), Files.readAllBytes(torrent.file()))
                        .json().path("id").asInt();

                events.await(l -> l.equals("event: torrent_completed"), "the completion", TRANSFER);
                events.await(l -> l.startsWith("data: ") && l.contains("\"finished\":true"), "a stats tick after it",
                        TRANSFER);
                List<Event> seen = Event.parse(events.lines());
                Event added = Event.first(seen, "torrent_added");
                assertEquals(id, added.data().path("id").asInt());
                assertEquals(torrent.infoHash(), added.data().path("info_hash").asText());
                Event seeding = seen.stream().filter(e -> e.kind().equals("torrent_state")
                        && e.data().path("to").asText().equals("seeding")).findFirst().orElseThrow(() -> new AssertionError(seen));
                Event completed = Event.first(seen, "torrent_completed");
                assertTrue(added.id() < seeding.id() && seeding.id() < completed.id(), "in the order they happened: "
                        + seen);
                assertTrue(seen.stream().anyMatch(e -> e.kind().equals("torrent_state")
                        && e.data().path("to").asText().equals("downloading")), seen::toString);
                assertTrue(seen.stream().filter(e -> e.kind().equals("stats")).count() >= 2, "stats ticks: " + seen);
                for (int i = 1; i < seen.size(); i++) {
                    assertEquals(seen.get(i - 1).id() + 1, seen.get(i).id(), "numbered one after another, none lost");
                }

                logs.await(l -> l.contains("download complete") && l.contains("\"level\":\"INFO\""),
                        "the server's log line of the completion", TRANSFER);
                JsonNode record = JSON.readTree(logs.lines().stream().filter(l -> l.contains("download complete"))
                        .findFirst().orElseThrow());
                assertTrue(record.path("logger").asText().startsWith("mim."), record::toString);
                assertTrue(record.path("time").asText().endsWith("Z"), record::toString);

                byte[] metrics = server.get("/metrics").body();
                assertEquals("", promtool(metrics), "promtool check metrics finds nothing wrong");
                Matcher downloaded = Pattern.compile("(?m)^mim_torrent_downloaded_bytes_total\\{info_hash=\""
                        + torrent.infoHash() + "\",name=\"watched.bin\"} (\\d+)$")
                        .matcher(new String(metrics, StandardCharsets.UTF_8));
                assertTrue(downloaded.find(), new String(metrics, StandardCharsets.UTF_8));
                assertEquals(torrent.totalSize(), Long.parseLong(downloaded.group(1)));
                assertEquals(TestData.sha256(data), TestData.sha256(server.output().resolve(torrent.name())));
            }
            server.stop();
        }
    }

    @Test
    void theDhtRoutesShowTheNodeAndItsTableAndAnswer404WithoutADht() throws Exception {
        try (Swarm swarm = Swarm.create()) {
            DhtRouter router = swarm.dhtRouter();
            Path data = swarm.data("dht.bin", 1 << 20);
            Torrent torrent = swarm.torrent(data, 16, false);
            MimServer server = MimServer.create(swarm, swarm.newDir("out")).dht(router).start();
            assertEquals(false, server.json("/dht/stats").path("running").asBoolean(),
                    "the node starts with the first torrent");
            server.post("/torrents", Files.readAllBytes(torrent.file()));
            router.awaitAnnounced(torrent, TRANSFER);

            JsonNode stats = server.await("/dht/stats", s -> s.path("running").asBoolean()
                    && s.path("nodes").asInt() >= 1 && s.path("torrents_announced").asInt() == 1,
                    "the node bootstrapped and announced the torrent", TRANSFER);
            assertTrue(stats.path("id").asText().matches("[0-9a-f]{40}"), stats::toString);
            assertTrue(stats.path("queries_sent").asLong() >= 2, "a bootstrap and an announce at least: " + stats);
            assertTrue(stats.path("good").asInt() + stats.path("questionable").asInt() <= stats.path("nodes").asInt(),
                    stats::toString);
            JsonNode table = server.json("/dht/table");
            JsonNode routerNode = null;
            for (JsonNode bucket : table.path("buckets")) {
                for (JsonNode n : bucket.path("nodes")) {
                    if (n.path("address").asText().equals(router.hostPort())) {
                        routerNode = n;
                    }
                }
            }
            assertTrue(routerNode != null, "the router is in the table: " + table);
            assertEquals("good", routerNode.path("state").asText(), routerNode::toString);
            assertTrue(routerNode.path("id").asText().matches("[0-9a-f]{40}"), routerNode::toString);
            assertTrue(!routerNode.path("last_seen").asText().isEmpty(), routerNode::toString);
            server.stop();

            MimServer without = MimServer.create(swarm, swarm.newDir("out2")).start();
            for (String path : List.of("/dht/stats", "/dht/table")) {
                MimServer.Answer a = without.get(path);
                assertEquals(404, a.status(), path);
                assertEquals("dht_disabled", a.json().path("error_kind").asText(), path);
            }
            without.stop();
        }
    }

    /** An event of {@code /events}: its id, kind and data. */
    private record Event(long id, String kind, JsonNode data) {
        static List<Event> parse(List<String> lines) throws IOException {
            List<Event> out = new java.util.ArrayList<>();
            Long id = null;
            String kind = null;
            for (String l : lines) {
                if (l.startsWith("id: ")) {
                    id = Long.parseLong(l.substring(4));
                } else if (l.startsWith("event: ")) {
                    kind = l.substring(7);
                } else if (l.startsWith("data: ")) {
                    out.add(new Event(id, kind, JSON.readTree(l.substring(6))));
                }
            }
            return out;
        }

        static Event first(List<Event> events, String kind) {
            return events.stream().filter(e -> e.kind().equals(kind)).findFirst().orElseThrow(() -> new AssertionError(kind + " in " + events));
        }
    }

    /** What {@code promtool check metrics} says of {@code text}: nothing when it passes. */
    private static String promtool(byte[] text) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(text);
        }
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "promtool ends");
        return p.exitValue() == 0 ? said.strip() : "exit " + p.exitValue() + ": " + said;
    }
}
