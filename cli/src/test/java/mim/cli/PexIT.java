package mim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import mim.interop.Download;
import mim.interop.Peer;
import mim.interop.Swarm;
import mim.interop.TestData;
import mim.interop.Torrent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Peer exchange with libtorrent: mim knows a single libtorrent peer, by {@code --peer} with a
 * .torrent or by a magnet link's {@code x.pe}. That peer is a libtorrent leecher connected to a
 * libtorrent seeder, downloading and uploading at 4 KiB/s: it stays a leecher (so it stays connected
 * to the seeder, which a finished libtorrent would drop) and could not give mim the data in the
 * test's time (8 MiB would take half an hour). Its ut_pex names the seeder, which runs without peer exchange, so it never hears of
 * mim and never dials it: mim must dial the seeder, and downloads every byte, checked by SHA-256.
 * The magnet link's only peer may even lack the metadata: a libtorrent that speaks no ut_metadata,
 * connected to the seeder, names it over ut_pex, and mim's metadata fetch dials it.
 * And the other way: a libtorrent leecher that knows only mim (which has no data) learns the seeder
 * from mim's ut_pex and downloads from it.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class PexIT {
    private static final Duration TRANSFER = Duration.ofSeconds(60);
    private static final int SLOW = 4 * 1024;

    @Test
    void mimLearnsTheSeederFromItsOnlyPeersUtPexWithATorrentFile() {
        try (Swarm swarm = Swarm.create()) {
            Path data = swarm.data("pex.bin", (8 << 20) + 777);
            Torrent torrent = swarm.torrent(data);
            Peer seeder = swarm.libtorrent().noPex().seed(torrent, data);
            Peer middle = middle(swarm, torrent, seeder);

            Download mim = swarm.mim().exitOnFinish().connectTo(middle).leech(torrent, swarm.newDir("out"));

            assertLearnedAndComplete(swarm, data, torrent, mim);
        }
    }

    @Test
    void mimLearnsTheSeederFromTheUtPexOfTheOnlyPeerItsMagnetNames() {
        try (Swarm swarm = Swarm.create()) {
            Path data = swarm.data("pex.bin", (8 << 20) + 777);
            Torrent torrent = swarm.torrent(data);
            Peer seeder = swarm.libtorrent().noPex().seed(torrent, data);
            Peer middle = middle(swarm, torrent, seeder);

            Download mim = swarm.mim().exitOnFinish()
                    .leechMagnet(torrent.bareMagnet() + "&x.pe=" + middle.hostPort(), swarm.newDir("out"));

            assertLearnedAndComplete(swarm, data, torrent, mim);
        }
    }

    @Test
    void mimFetchesAMagnetFromTheSeederNamedByTheUtPexOfItsOnlyPeerWhichHasNoMetadata() {
        try (Swarm swarm = Swarm.create()) {
            Path data = swarm.data("pex.bin", (8 << 20) + 777);
            Torrent torrent = swarm.torrent(data);
            Peer seeder = swarm.libtorrent().noPex().seed(torrent, data);
            // No ut_metadata: it stays connected to the seeder without ever getting the metadata.
            Peer middle = swarm.libtorrent().noUtMetadata().connectTo(seeder)
                    .leechMagnet(torrent.bareMagnet(), swarm.newDir("middle"));
            middle.process().awaitLine("a status with the seeder connected",
                    line -> line.startsWith("downloading_metadata ") && line.contains(" peers=1"), TRANSFER);

            Download mim = swarm.mim().exitOnFinish()
                    .leechMagnet(torrent.bareMagnet() + "&x.pe=" + middle.hostPort(), swarm.newDir("out"));

            assertLearnedAndComplete(swarm, data, torrent, mim);
            String last = middle.process().output().lines().filter(l -> l.contains(" progress="))
                    .reduce((a, b) -> b).orElseThrow();
            assertTrue(last.startsWith("downloading_metadata "), () -> "the middle peer got the metadata: " + last);
        }
    }

    @Test
    void libtorrentLearnsTheSeederFromMimsUtPex() {
        try (Swarm swarm = Swarm.create()) {
            Path data = swarm.data("pex.bin", (8 << 20) + 777);
            Torrent torrent = swarm.torrent(data);
            Peer seeder = swarm.libtorrent().noPex().seed(torrent, data);
            // mim wants no file: it stays connected to the seeder with nothing to give.
            Peer mim = swarm.mim().connectTo(seeder).options("-r", "no file is called this")
                    .leech(torrent, swarm.newDir("mim"));

            Download leecher = swarm.libtorrent().connectTo(mim).leech(torrent, swarm.newDir("out"));
            leecher.awaitComplete(TRANSFER);

            assertEquals(TestData.sha256(data), TestData.sha256(leecher.outDir().resolve(torrent.name())),
                    swarm::diagnostics);
        }
    }

    /**
     * A libtorrent leecher that dials the seeder and trickles both ways, returned once it is
     * connected to the seeder: libtorrent's first ut_pex to mim lists the peers it has then, and the
     * next comes a minute later.
     */
    private static Peer middle(Swarm swarm, Torrent torrent, Peer seeder) {
        Peer middle = swarm.libtorrent().uploadLimit(SLOW).downloadLimit(SLOW).connectTo(seeder)
                .leech(torrent, swarm.newDir("middle"));
        middle.process().awaitLine("a status with the seeder connected", line -> line.contains(" seeds=1"),
                TRANSFER);
        return middle;
    }

    private static void assertLearnedAndComplete(Swarm swarm, Path data, Torrent torrent, Download mim) {
        mim.awaitComplete(TRANSFER);
        assertEquals(0, mim.process().awaitExit(TRANSFER), swarm::diagnostics);
        assertEquals(TestData.sha256(data), TestData.sha256(mim.outDir().resolve(torrent.name())), swarm::diagnostics);
        assertTrue(mim.process().logContains(": pex: "), () -> "no peer heard of by ut_pex\n" + swarm.diagnostics());
    }
}
