package mim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import mim.interop.MimServer;
import mim.interop.Peer;
import mim.interop.Swarm;
import mim.interop.TestData;
import mim.interop.Torrent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code mim server start} driven over its HTTP API on loopback, downloading from a libtorrent seeder:
 * a magnet link added by {@code POST /torrents} completes with every byte right and comes back
 * finished after a restart, with the seeder gone; its connection is listed with what it moved;
 * pause stops the transfer and start finishes it; a
 * file left out by {@code update_only_files} never reaches the disk; delete removes exactly the
 * torrent's files. Every test stops the servers it started.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class ServerIT {
    private static final Duration TRANSFER = Duration.ofSeconds(90);

    @Test
    void aMagnetAddedOverTheApiCompletesAndComesBackFinishedAfterARestart() throws Exception {
        try (Swarm swarm = Swarm.create()) {
            Path data = swarm.tree("multi", MimLeechesIT.TREE);
            Torrent torrent = swarm.torrent(data, MimLeechesIT.PIECE_LOG2, false);
            Peer seeder = swarm.libtorrent().seed(torrent, data);
            MimServer server = MimServer.create(swarm, swarm.newDir("out")).start();

            JsonNode added = server.post("/torrents", torrent.bareMagnet() + "&x.pe=" + seeder.hostPort()).json();
            int id = added.path("id").asInt();
            assertTrue(added.path("added").asBoolean(), added::toString);
            JsonNode done = awaitFinished(server, id);
            assertEquals(TestData.sha256(data), TestData.sha256(server.output().resolve(torrent.name())), swarm::diagnostics);
            long downloaded = done.path("downloaded_bytes").asLong();
            assertTrue(downloaded >= torrent.totalSize(), done::toString);
            assertEquals(torrent.infoHash(), server.json("/torrents/" + torrent.infoHash()).path("info_hash").asText());
            byte[] metadata = server.get("/torrents/" + id + "/metadata").body();
            assertEquals('d', metadata[0]);
            assertEquals(id, server.post("/torrents", torrent.bareMagnet()).json().path("id").asInt(),
                    "adding it again answers the id it has");

            server.stop();
            seeder.stop();
            assertTrue(Files.readString(server.stateFolder().resolve("session.json")).contains(torrent.infoHash()));
            server.start();

            JsonNode again = server.await("/torrents/" + id + "/stats/v1", s -> s.path("state").asText().equals("seeding"),
                    "the restored torrent seeding what is on disk", TRANSFER);
            assertTrue(again.path("finished").asBoolean(), again::toString);
            assertEquals(downloaded, again.path("downloaded_bytes").asLong(), "nothing was downloaded again");
            assertEquals(again.path("total_bytes").asLong(), again.path("progress_bytes").asLong());
            assertFalse(server.json("/torrents").path("torrents").get(0).path("completed_at").isNull());
            server.stop();
        }
    }

    @Test
    void pauseStopsTheTransferAndStartFinishesIt() throws Exception {
        try (Swarm swarm = Swarm.create()) {
            Path data = swarm.data("slow.bin", 8 << 20);
            Torrent torrent = swarm.torrent(data, 16, false);
            Peer seeder = swarm.libtorrent().uploadLimit(512 << 10).seed(torrent, data);
            MimServer server = MimServer.create(swarm, swarm.newDir("out")).start();
            int id = server.post("/torrents?initial_peers=" + seeder.hostPort(), Files.readAllBytes(torrent.file()))
                    .json().path("id").asInt();
            String stats = "/torrents/" + id + "/stats/v1";
            server.await(stats, s -> s.path("progress_bytes").asLong() > 0, "some pieces verified", TRANSFER);
            JsonNode peer = server.await("/torrents/" + id + "/peer_stats", p -> p.path("peers").size() == 1
                    && p.path("peers").get(0).path("downloaded_bytes").asLong() > 0,
                    "the seeder listed among the peers with what it sent", TRANSFER).path("peers").get(0);
            assertEquals(seeder.hostPort(), peer.path("address").asText(), peer::toString);
            assertEquals("outgoing", peer.path("direction").asText());
            assertFalse(peer.path("client").asText().isEmpty(), peer::toString);

            assertEquals("{}", server.post("/torrents/" + id + "/pause", "").text());
            JsonNode paused = server.json(stats);
            assertEquals("paused", paused.path("state").asText());
            assertEquals(0, paused.path("peers").asInt());
            assertEquals(0, server.json("/torrents/" + id + "/peer_stats").path("peers").size());
            assertFalse(paused.path("finished").asBoolean(), "the seeder's limit keeps the download going for seconds");
            long uptime = server.json("/stats").path("uptime_seconds").asLong();
            server.await("/stats", s -> s.path("uptime_seconds").asLong() >= uptime + 3, "three seconds paused", TRANSFER);
            JsonNode later = server.json(stats);
            assertEquals(paused.path("downloaded_bytes").asLong(), later.path("downloaded_bytes").asLong());
            assertEquals(paused.path("progress_bytes").asLong(), later.path("progress_bytes").asLong());

            server.post("/torrents/" + id + "/start", "");
            awaitFinished(server, id);
            assertEquals(TestData.sha256(data), TestData.sha256(server.output().resolve(torrent.name())), swarm::diagnostics);
            server.stop();
        }
    }

    @Test
    void aFileLeftOutByUpdateOnlyFilesNeverReachesTheDisk() throws Exception {
        try (Swarm swarm = Swarm.create()) {
            Path data = swarm.tree("three", "keep.bin=2M+5,skip.bin=3M+11,also.bin=1M+1");
            Torrent torrent = swarm.torrent(data, 15, false);
            Peer seeder = swarm.libtorrent().seed(torrent, data);
            MimServer server = MimServer.create(swarm, swarm.newDir("out")).start();
            JsonNode added = server.post("/torrents?paused=true&initial_peers=" + seeder.hostPort(),
                    Files.readAllBytes(torrent.file())).json();
            int id = added.path("id").asInt();
            List<Integer> wanted = new ArrayList<>();
            JsonNode files = added.path("details").path("files");
            int skipped = -1;
            for (int i = 0; i < files.size(); i++) {
                if (files.get(i).path("name").asText().endsWith("skip.bin")) {
                    skipped = i;
                } else {
                    wanted.add(i);
                }
            }

            String body = "{\"only_files\": " + wanted + "}";
            assertEquals(200, server.post("/torrents/" + id + "/update_only_files", body).status());
            assertFalse(server.json("/torrents/" + id).path("files").get(skipped).path("included").asBoolean());
            server.post("/torrents/" + id + "/start", "");
            awaitFinished(server, id);

            Path out = server.output().resolve(torrent.name());
            assertFalse(Files.exists(out.resolve("skip.bin")), "the file left out was never written");
            Map<String, String> expected = new TreeMap<>(TestData.sha256(data));
            expected.remove("three/skip.bin");
            assertEquals(expected, TestData.sha256(out), swarm::diagnostics);
            server.stop();
        }
    }

    @Test
    void deleteRemovesExactlyTheTorrentsFiles() throws Exception {
        try (Swarm swarm = Swarm.create()) {
            Path data = swarm.tree("multi", MimLeechesIT.TREE);
            Torrent torrent = swarm.torrent(data, MimLeechesIT.PIECE_LOG2, false);
            Peer seeder = swarm.libtorrent().seed(torrent, data);
            Path out = swarm.newDir("out");
            Files.writeString(out.resolve("keep.txt"), "not the torrent's");
            Files.createDirectories(out.resolve("multi"));
            Files.writeString(out.resolve("multi/notes.txt"), "beside the torrent's files, but not one of them");
            MimServer server = MimServer.create(swarm, out).start();
            int id = server.post("/torrents?initial_peers=" + seeder.hostPort(),
                    Files.readAllBytes(torrent.file())).json().path("id").asInt();
            awaitFinished(server, id);
            assertTrue(Files.exists(out.resolve(".mim").resolve(torrent.infoHash() + ".resume")));

            assertEquals(200, server.post("/torrents/" + id + "/delete", "").status());

            assertEquals(List.of("keep.txt", "multi", "multi/notes.txt"), tree(out));
            assertEquals(404, server.get("/torrents/" + id).status());
            assertEquals(0, server.json("/torrents").path("torrents").size());
            server.stop();
            assertFalse(Files.readString(server.stateFolder().resolve("session.json")).contains(torrent.infoHash()));
        }
    }

    private static JsonNode awaitFinished(MimServer server, int id) {
        return server.await("/torrents/" + id + "/stats/v1", s -> s.path("finished").asBoolean()
                && s.path("state").asText().equals("seeding"), "torrent " + id + " finished", TRANSFER);
    }

    private static List<String> tree(Path root) throws Exception {
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(p -> !p.equals(root)).map(p -> root.relativize(p).toString()
                    .replace('\\', '/')).sorted().toList();
        }
    }
}
