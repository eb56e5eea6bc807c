package mim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mim.interop.Await;
import mim.interop.Flood;
import mim.interop.MimServer;
import mim.interop.Opentracker;
import mim.interop.Peer;
import mim.interop.Swarm;
import mim.interop.TestData;
import mim.interop.Torrent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Flood 4.11.0 in front of a mim server behind {@code --http-api-auth}, once as a Transmission client and
 * once as a qBittorrent one, driven through Flood's own HTTP API as its web page drives it: a torrent
 * added through mim's API shows in Flood's list; a magnet link added through Flood downloads from a
 * libtorrent seeder (the bytes checked on disk), stops, starts and is deleted with its data.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class FloodIT {
    private static final Duration TRANSFER = Duration.ofSeconds(120);
    private static final String USER = "flood";
    private static final String PASSWORD = "s3cret";
    private static final String BASIC = "Basic "
            + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));

    @Test
    void floodAsATransmissionClientListsAddsStopsStartsAndDeletes() throws Exception {
        try (Swarm swarm = Swarm.create()) {
            MimServer server = MimServer.create(swarm, swarm.newDir("out")).start("--http-api-auth", USER + ":" + PASSWORD);
            Flood flood = Flood.transmission(swarm, "http://" + server.host() + "/transmission/rpc", USER, PASSWORD);
            cycle(swarm, server, flood);
            flood.stop();
            server.stop();
        }
    }

    @Test
    void floodAsAQbittorrentClientListsAddsStopsStartsAndDeletes() throws Exception {
        try (Swarm swarm = Swarm.create()) {
            MimServer server = MimServer.create(swarm, swarm.newDir("out")).start("--http-api-auth", USER + ":" + PASSWORD);
            Flood flood = Flood.qbittorrent(swarm, "http://" + server.host(), USER, PASSWORD);
            cycle(swarm, server, flood);
            flood.stop();
            server.stop();
        }
    }

    private static void cycle(Swarm swarm, MimServer server, Flood flood) throws Exception {
        Opentracker tracker = swarm.opentracker();
        Path listedData = swarm.data("listed.bin", 300_000);
        Torrent listed = swarm.torrent(listedData, tracker.httpUrl());
        Path data = swarm.data("flood.bin", (3 << 20) + 21);
        Torrent added = swarm.torrent(data, 16, false, tracker.httpUrl());
        for (Torrent t : List.of(listed, added)) {
            Peer seeder = swarm.libtorrent().seed(t, t == listed ? listedData : data);
            tracker.list(t.infoHash(), seeder.address());
        }

        assertEquals(200, server.post("/torrents", Files.readAllBytes(listed.file()), "Authorization", BASIC).status());
        String listedKey = listed.infoHash().toUpperCase();
        Await.until("the torrent added through mim's API in Flood's list", TRANSFER,
                () -> flood.torrents().has(listedKey), server.process(), flood.process());
        assertEquals(listed.name(), flood.torrents().path(listedKey).path("name").asText());

        Path into = server.output().resolve("flood");
        String key = added.infoHash().toUpperCase();
        flood.post("add-urls", Map.of("urls", List.of(added.magnet()), "destination", into.toString(), "start", true));
        Await.until("the magnet link added through Flood complete in its list", TRANSFER,
                () -> flood.torrents().path(key).path("percentComplete").asDouble() == 100, server.process(),
                flood.process());
        JsonNode row = flood.torrents().path(key);
        assertEquals(into.toString(), row.path("directory").asText(), row::toString);
        Path content = into.resolve(added.name());
        assertEquals(TestData.sha256(data), TestData.sha256(content), swarm::diagnostics);

        Map<String, Object> hashes = Map.of("hashes", List.of(key));
        flood.post("stop", hashes);
        Await.until("Flood showing it stopped", TRANSFER, () -> status(flood, key).contains("stopped"),
                server.process(), flood.process());
        assertEquals("paused", state(server, added));
        flood.post("start", hashes);
        Await.until("Flood showing it running", TRANSFER, () -> !status(flood, key).contains("stopped"),
                server.process(), flood.process());
        Await.until("mim seeding it again", TRANSFER, () -> state(server, added).equals("seeding"), server.process());

        flood.post("delete", Map.of("hashes", List.of(key), "deleteData", true));
        Await.until("gone from Flood's list", TRANSFER, () -> !flood.torrents().has(key), server.process(),
                flood.process());
        assertFalse(Files.exists(content), "deleted with its data");
        assertTrue(flood.torrents().has(listedKey), "the other torrent stays");
    }

    /** Flood's status words for the torrent: {@code stopped}, {@code downloading}, {@code seeding}... */
    private static String status(Flood flood, String key) {
        return flood.torrents().path(key).path("status").toString();
    }

    /** The torrent's state in mim's own API. */
    private static String state(MimServer server, Torrent torrent) {
        MimServer.Answer a = server.get("/torrents/" + torrent.infoHash() + "/stats/v1", "Authorization", BASIC);
        assertEquals(200, a.status(), a::text);
        return a.json().path("state").asText();
    }
}
