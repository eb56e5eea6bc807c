package mim.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mim.interop.Curl;
import mim.interop.MimServer;
import mim.interop.Peer;
import mim.interop.Swarm;
import mim.interop.Torrent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code GET /torrents/{id}/stream/...} of the packaged server, asked with curl while the torrent
 * downloads from a libtorrent seeder held to 1 MiB/s: a range near the end of the file being
 * downloaded comes before the download is over and holds the seeder's bytes; a file left out of the
 * download streams all the same (a suffix range, and a whole small file); a range past the end is a
 * 416; the playlist lists the media files.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class StreamIT {

    @Test
    void filesStreamWhileTheyDownloadSelectedOrNot() throws Exception {
        try (Swarm swarm = Swarm.create()) {
            Path data = swarm.tree("show", "movie.mkv=12M+7,extra.mp3=3M+5,notes.txt=1000");
            Torrent torrent = swarm.torrent(data, 16, false);
            Peer seeder = swarm.libtorrent().uploadLimit(1 << 20).seed(torrent, data);
            MimServer server = MimServer.create(swarm, swarm.newDir("out")).start();

            JsonNode files = server.post("/torrents?list_only=true", Files.readAllBytes(torrent.file())).json()
                    .path("details").path("files");
            Map<String, Integer> index = new HashMap<>();
            for (int i = 0; i < files.size(); i++) {
                JsonNode path = files.get(i).path("components");
                index.put(path.get(path.size() - 1).asText(), i);
            }
            int id = server.post("/torrents?only_files=" + index.get("movie.mkv") + "&initial_peers=" + seeder.hostPort(),
                    Files.readAllBytes(torrent.file())).json().path("id").asInt();
            String base = "http://" + server.api().getAddress().getHostAddress() + ":" + server.api().getPort()
                    + "/torrents/" + id + "/stream/";

            byte[] movie = Files.readAllBytes(data.resolve("movie.mkv"));
            int first = movie.length / 10 * 9;
            int last = first + 300_000;
            Path range = swarm.dir().resolve("range.bin");
            assertEquals("206", Curl.run(swarm, "-r", first + "-" + last, "-o", range.toString(), "-w", "%{http_code}",
                    base + index.get("movie.mkv") + "/movie.mkv").strip());
            assertArrayEquals(Arrays.copyOfRange(movie, first, last + 1), Files.readAllBytes(range), swarm::diagnostics);
            JsonNode stats = server.json("/torrents/" + id + "/stats/v1");
            assertFalse(stats.path("finished").asBoolean(), "the range near the end came before the download was over, "
                    + "which the seeder's limit holds to 12 s: " + stats);

            byte[] extra = Files.readAllBytes(data.resolve("extra.mp3"));
            Path suffix = swarm.dir().resolve("suffix.bin");
            assertEquals("206", Curl.run(swarm, "-r", "-100000", "-o", suffix.toString(), "-w", "%{http_code}",
                    base + index.get("extra.mp3")).strip());
            assertArrayEquals(Arrays.copyOfRange(extra, extra.length - 100_000, extra.length), Files.readAllBytes(suffix),
                    "the end of a file left out of the download");
            Path notes = swarm.dir().resolve("notes.txt");
            String head = Curl.run(swarm, "-D", "-", "-o", notes.toString(), base + index.get("notes.txt") + "/notes.txt");
            assertTrue(head.startsWith("HTTP/1.1 200"), head);
            assertTrue(head.toLowerCase().contains("content-type: text/plain"), head);
            assertArrayEquals(Files.readAllBytes(data.resolve("notes.txt")), Files.readAllBytes(notes));

            String refused = Curl.run(swarm, "-r", "5000-", "-D", "-", "-o", "/dev/null", base + index.get("notes.txt"));
            assertTrue(refused.startsWith("HTTP/1.1 416"), refused);
            assertTrue(refused.toLowerCase().contains("content-range: bytes */1000"), refused);

            MimServer.Answer playlist = server.get("/torrents/" + id + "/playlist");
            assertEquals(200, playlist.status());
            String m3u = playlist.text();
            assertTrue(m3u.startsWith("#EXTM3U\n"), m3u);
            assertTrue(m3u.contains(base + index.get("movie.mkv") + "/movie.mkv\n"), m3u);
            assertTrue(m3u.contains(base + index.get("extra.mp3") + "/extra.mp3\n"), m3u);
            assertFalse(m3u.contains("notes.txt"), m3u);

            server.await("/torrents/" + id + "/stats/v1", s -> s.path("finished").asBoolean(), "the movie downloaded",
                    java.time.Duration.ofSeconds(120));
            assertArrayEquals(movie, Files.readAllBytes(server.output().resolve("show").resolve("movie.mkv")));
            server.stop();
        }
    }
}
