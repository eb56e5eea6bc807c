package mim.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import mim.interop.DhtRouter;
import mim.interop.Download;
import mim.interop.Mim;
import mim.interop.Swarm;
import mim.interop.Torrent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * mim finding its seeder on the DHT alone: the torrent names no tracker and mim no peer. A
 * libtorrent DHT node on loopback stands in for the public routers; a libtorrent seeder
 * bootstrapped from it announces the torrent there; mim, given that node as
 * {@code --dht-bootstrap}, looks the torrent up (get_peers) and downloads it. Every byte is
 * compared (SHA-256), and the routing table is saved when mim exits.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MimDhtIT {
    private static final Duration ANNOUNCE = Duration.ofSeconds(30);

    @Test
    void downloadsFromASeederFoundOnlyThroughTheDht() {
        try (Swarm swarm = Swarm.create()) {
            DhtRouter router = swarm.dhtRouter();
            Path data = swarm.data("dht.bin", 8L * 1024 * 1024 + 4321);
            Torrent torrent = swarm.torrent(data);
            swarm.libtorrent().dht(router).seed(torrent, data);
            router.awaitAnnounced(torrent, ANNOUNCE);

            Mim mim = swarm.mim().dht(router).exitOnFinish();
            Download download = mim.leech(torrent, swarm.newDir("out"));

            MimLeechesIT.assertComplete(swarm, data, download, torrent);
            assertTrue(download.process().output().matches("(?s).*dht: [1-9]\\d* peers.*"),
                    "the DHT found the seeder:\n" + download.process().output());
            assertTrue(Files.isRegularFile(mim.dhtStateFile()),
                    "the routing table is saved at exit in " + mim.dhtStateFile() + "\n" + swarm.diagnostics());
        }
    }
}
