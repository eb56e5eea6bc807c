package mim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import mim.interop.Download;
import mim.interop.MimServer;
import mim.interop.Peer;
import mim.interop.Swarm;
import mim.interop.TestData;
import mim.interop.Torrent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Limits and peers given through the API of {@code mim server start}, against real libtorrent peers on
 * loopback: a torrent's download limit holds within 10% over more than ten seconds and is still there,
 * and still held, after a restart; a torrent's seed ratio stops its seeding once a leecher has taken
 * its size; {@code add_peers} gives a torrent with no other peer source its seeder, whether it runs
 * or is paused.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class LimitsIT {
    private static final Duration TRANSFER = Duration.ofSeconds(90);
    private static final long LIMIT = 512 << 10;
    private static final long MIB = 1 << 20;

    @Test
    void aTorrentsDownloadLimitHoldsAndSurvivesARestart() throws Exception {
        try (Swarm swarm = Swarm.create()) {
            Path data = swarm.data("limited.bin", 20 * MIB);
            Torrent torrent = swarm.torrent(data, 16, false);
            Peer seeder = swarm.libtorrent().seed(torrent, data);
            MimServer server = MimServer.create(swarm, swarm.newDir("out")).start();
            int id = server.post("/torrents?paused=true&initial_peers=" + seeder.hostPort(),
                    Files.readAllBytes(torrent.file())).json().path("id").asInt();
            String limits = "/torrents/" + id + "/limits";
            assertEquals(200, server.post(limits, "{\"download_bps\": " + LIMIT + "}").status());
            server.post("/torrents/" + id + "/start", "");

            double before = rate(server, id, 1 * MIB, 8 * MIB);
            assertTrue(Math.abs(before - LIMIT) <= LIMIT * 0.1, describe(before));

            server.stop();
            server.start();
            assertEquals(LIMIT, server.json(limits).path("download_bps").asLong(), "the limit was kept");
            assertEquals(LIMIT, server.json("/torrents/" + id + "/stats/v1").path("limits").path("download_bps").asLong());
            long resumed = server.json("/torrents/" + id + "/stats/v1").path("downloaded_bytes").asLong();
            double after = rate(server, id, resumed + MIB, resumed + 8 * MIB);
            assertTrue(Math.abs(after - LIMIT) <= LIMIT * 0.1, "after the restart: " + describe(after));

            server.await("/torrents/" + id + "/stats/v1", s -> s.path("finished").asBoolean(), "the download finished",
                    TRANSFER);
            assertEquals(TestData.sha256(data), TestData.sha256(server.output().resolve(torrent.name())),
                    swarm::diagnostics);
            server.stop();
        }
    }

    @Test
    void aTorrentsSeedRatioStopsItsSeedingOnceReached() throws Exception {
        try (Swarm swarm = Swarm.create()) {
            Path data = swarm.data("ratio.bin", 4 * MIB);
            Torrent torrent = swarm.torrent(data, 16, false);
            Path out = swarm.newDir("out");
            Files.copy(data, out.resolve(torrent.name()));
            MimServer server = MimServer.create(swarm, out).start();
            int id = server.post("/torrents", Files.readAllBytes(torrent.file())).json().path("id").asInt();
            String stats = "/torrents/" + id + "/stats/v1";
            server.await(stats, s -> s.path("state").asText().equals("seeding"), "seeding what is on disk", TRANSFER);
            assertEquals(200, server.post("/torrents/" + id + "/limits", "{\"seed_ratio\": 1}").status());
            JsonNode own = server.json("/torrents/" + id + "/limits");
            assertEquals(1.0, own.path("seed_ratio").asDouble());
            assertTrue(server.json("/torrents/limits").path("seed_ratio").isNull(), "the session has no seed ratio");

            Download leech = swarm.libtorrent().connectTo(server.peer()).leech(torrent, swarm.newDir("leech"));
            leech.awaitComplete(TRANSFER);
            assertEquals(TestData.sha256(data), TestData.sha256(leech.outDir().resolve(torrent.name())));
            JsonNode stopped = server.await(stats, s -> s.path("state").asText().equals("stopped"),
                    "seeding stopped at the ratio", TRANSFER);
            assertTrue(stopped.path("uploaded_bytes").asLong() >= torrent.totalSize(), stopped::toString);
            server.stop();
        }
    }

    @Test
    void addPeersGivesATorrentWithNoOtherSourceItsSeederRunningOrPaused() throws Exception {
        try (Swarm swarm = Swarm.create()) {
            Path running = swarm.data("running.bin", 3 * MIB + 17);
            Path paused = swarm.data("paused.bin", 2 * MIB + 5);
            Torrent runningTorrent = swarm.torrent(running, 15, false);
            Torrent pausedTorrent = swarm.torrent(paused, 15, false);
            Peer runningSeeder = swarm.libtorrent().seed(runningTorrent, running);
            Peer pausedSeeder = swarm.libtorrent().seed(pausedTorrent, paused);
            MimServer server = MimServer.create(swarm, swarm.newDir("out")).start();

            int first = server.post("/torrents", Files.readAllBytes(runningTorrent.file())).json().path("id").asInt();
            server.await("/torrents/" + first + "/stats/v1", s -> s.path("state").asText().equals("downloading"),
                    "downloading, with nobody to download from", TRANSFER);
            assertEquals(0, server.json("/torrents/" + first + "/stats/v1").path("peers").asInt());
            JsonNode added = server.post("/torrents/" + first + "/add_peers", runningSeeder.hostPort() + "\n").json();
            assertEquals(1, added.path("added").asInt(), added::toString);
            awaitFinished(server, first);
            assertEquals(TestData.sha256(running), TestData.sha256(server.output().resolve(runningTorrent.name())),
                    swarm::diagnostics);

            int second = server.post("/torrents?paused=true", Files.readAllBytes(pausedTorrent.file())).json()
                    .path("id").asInt();
            assertEquals(200, server.post("/torrents/" + second + "/add_peers",
                    "[\"" + pausedSeeder.hostPort() + "\"]").status());
            server.post("/torrents/" + second + "/start", "");
            awaitFinished(server, second);
            assertEquals(TestData.sha256(paused), TestData.sha256(server.output().resolve(pausedTorrent.name())),
                    swarm::diagnostics);
            assertEquals(400, server.post("/torrents/" + second + "/add_peers", "localhost:6881").status());
            assertEquals(404, server.post("/torrents/99/add_peers", runningSeeder.hostPort()).status());
            server.stop();
        }
    }

    /**
     * The rate a torrent receives at, in bytes a second, while it goes from {@code from} bytes received
     * to {@code to}: the slope of a least-squares line through the server's figures sampled every tenth
     * of a second. The figures move once a second and an answer may be late on a loaded machine; the
     * line evens out both, where two samples alone would carry each one's error whole.
     */
    private static double rate(MimServer server, int id, long from, long to) throws InterruptedException {
        String stats = "/torrents/" + id + "/stats/v1";
        server.await(stats, s -> received(s) >= from, "past " + from + " bytes", TRANSFER);
        long deadline = System.nanoTime() + TRANSFER.toNanos();
        List<double[]> samples = new ArrayList<>();
        long origin = System.nanoTime();
        long bytes = from;
        while (bytes < to) {
            assertTrue(System.nanoTime() < deadline, "still under " + to + " bytes after " + TRANSFER);
            bytes = received(server.json(stats));
            samples.add(new double[] {(System.nanoTime() - origin) / 1e9, bytes});
            Thread.sleep(100); // the sampling period
        }
        double meanT = samples.stream().mapToDouble(x -> x[0]).average().orElseThrow();
        double meanB = samples.stream().mapToDouble(x -> x[1]).average().orElseThrow();
        double cov = 0;
        double var = 0;
        for (double[] x : samples) {
            cov += (x[0] - meanT) * (x[1] - meanB);
            var += (x[0] - meanT) * (x[0] - meanT);
        }
        return cov / var;
    }

    private static long received(JsonNode stats) {
        return stats.path("downloaded_bytes").asLong();
    }

    private static String describe(double rate) {
        return String.format(Locale.ROOT, "%.0f bytes/s against a limit of %d", rate, LIMIT);
    }

    private static void awaitFinished(MimServer server, int id) {
        server.await("/torrents/" + id + "/stats/v1", s -> s.path("finished").asBoolean()
                && s.path("state").asText().equals("seeding"), "torrent " + id + " finished", TRANSFER);
    }
}
