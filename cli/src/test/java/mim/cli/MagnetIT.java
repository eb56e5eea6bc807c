package mim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mim.interop.ClientKind;
import mim.interop.DhtRouter;
import mim.interop.Download;
import mim.interop.ManagedProcess;
import mim.interop.Mim;
import mim.interop.Opentracker;
import mim.interop.Peer;
import mim.interop.Swarm;
import mim.interop.TestData;
import mim.interop.Torrent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Magnet links both ways against real clients: mim fetching the metadata from a libtorrent seeder
 * named only by the link's {@code x.pe} (and from an rtorrent one, metadata of two pieces), from one
 * it finds on a loopback DHT alone, and from seeders of three programs found through the link's
 * {@code tr=} tracker; {@code mim download -l} on a link (and again with no peer at all, from the
 * .torrent it saved); libtorrent fetching the metadata from mim. Every byte is checked.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class MagnetIT {
    private static final Duration TRANSFER = Duration.ofSeconds(60);

    @Test
    void downloadsAMagnetWhoseOnlyPeerIsALibtorrentSeederInItsXpe() {
        try (Swarm swarm = Swarm.create()) {
            Path data = swarm.tree("multi", MimLeechesIT.TREE);
            Torrent torrent = swarm.torrent(data, MimLeechesIT.PIECE_LOG2, false);
            Peer seeder = swarm.libtorrent().seed(torrent, data);

            Download mim = swarm.mim().exitOnFinish().leechMagnet(torrent.bareMagnet() + "&x.pe=" + seeder.hostPort(),
                    swarm.newDir("out"));

            assertComplete(swarm, data, mim, torrent);
            assertTrue(Files.isRegularFile(mim.outDir().resolve(".mim").resolve(torrent.infoHash() + ".torrent")),
                    swarm::diagnostics);
        }
    }

    @Test
    void fetchesMetadataOfSeveralPiecesFromAnRtorrentSeederAlone() {
        try (Swarm swarm = Swarm.create()) {
            // 32 KiB pieces: over a thousand hashes, so the info dictionary takes two metadata pieces.
            Path data = swarm.data("many-pieces.bin", (32 << 20) + 999);
            // rtorrent will not load a torrent without a tracker; mim's link names none.
            Torrent torrent = swarm.torrent(data, 15, false, swarm.opentracker().httpUrl());
            Peer seeder = swarm.rtorrent().seed(torrent, data);

            Download mim = swarm.mim().exitOnFinish().leechMagnet(torrent.bareMagnet() + "&x.pe=" + seeder.hostPort(),
                    swarm.newDir("out"));

            assertComplete(swarm, data, mim, torrent);
        }
    }

    @Test
    void downloadsAMagnetWhoseOnlySeederIsFoundThroughTheDht() {
        try (Swarm swarm = Swarm.create()) {
            DhtRouter dht = swarm.dhtRouter();
            Path data = swarm.data("found.bin", (4 << 20) + 77);
            Torrent torrent = swarm.torrent(data);
            Peer seeder = swarm.libtorrent().dht(dht).seed(torrent, data);
            dht.awaitAnnounced(torrent, TRANSFER);

            Download mim = swarm.mim().dht(dht).exitOnFinish().leechMagnet(torrent.bareMagnet(), swarm.newDir("out"));

            // The link names no peer and no tracker: the DHT is the only way the two could meet.
            assertComplete(swarm, data, mim, torrent);
        }
    }

    @Test
    void downloadsAMagnetFromThreeClientsFoundThroughItsTracker() {
        try (Swarm swarm = Swarm.create()) {
            Opentracker tracker = swarm.opentracker();
            Path data = swarm.data("shared.bin", (8 << 20) + 4321);
            Torrent torrent = swarm.torrent(data, tracker.httpUrl());
            for (ClientKind kind : new ClientKind[] {ClientKind.LIBTORRENT, ClientKind.ARIA2, ClientKind.RTORRENT}) {
                swarm.client(kind).seed(torrent, data);
            }

            Download mim = swarm.mim().exitOnFinish().leechMagnet(torrent.magnet(), swarm.newDir("out"));

            assertComplete(swarm, data, mim, torrent);
        }
    }

    @Test
    void listsAMagnetsFilesThenListsThemAgainWithNoPeerFromTheSavedTorrent() {
        try (Swarm swarm = Swarm.create()) {
            Path data = swarm.tree("multi", MimLeechesIT.TREE);
            Torrent torrent = swarm.torrent(data, MimLeechesIT.PIECE_LOG2, false);
            Peer seeder = swarm.libtorrent().seed(torrent, data);
            Path out = swarm.newDir("out");

            String first = list(swarm, out, torrent.bareMagnet() + "&x.pe=" + seeder.hostPort());
            seeder.stop();
            String second = list(swarm, out, torrent.bareMagnet());

            for (Map.Entry<String, Long> file : TestData.parseTree(MimLeechesIT.TREE).entrySet()) {
                String line = "\\d+\\s+" + file.getValue() + "\\s+multi/" + java.util.regex.Pattern.quote(file.getKey());
                assertTrue(first.lines().anyMatch(l -> l.matches(line)), () -> file + " not listed:\n" + first);
                assertTrue(second.lines().anyMatch(l -> l.matches(line)), () -> file + " not listed again:\n" + second);
            }
        }
    }

    @Test
    void libtorrentFetchesTheMetadataOfAMagnetFromMim() {
        try (Swarm swarm = Swarm.create()) {
            Path data = swarm.tree("multi", MimLeechesIT.TREE);
            Torrent torrent = swarm.torrent(data, MimLeechesIT.PIECE_LOG2, false);
            Peer mim = swarm.mim().seed(torrent, data);

            Download leecher = swarm.libtorrent().connectTo(mim).leechMagnet(torrent.bareMagnet(), swarm.newDir("out"));
            leecher.awaitComplete(TRANSFER);

            assertEquals(TestData.sha256(data), TestData.sha256(leecher.outDir().resolve(torrent.name())),
                    swarm::diagnostics);
        }
    }

    /** Runs {@code mim download -l} on the link into {@code out}; returns its output once it exited with 0. */
    private static String list(Swarm swarm, Path out, String magnet) {
        Mim mim = swarm.mim();
        String listen = mim.address().getAddress().getHostAddress() + ":" + mim.address().getPort();
        ManagedProcess p = mim.command("-v", "info", "--disable-dht", "download",
                "--no-server", "-l", "-o", out.toString(),
                "--listen-addr", listen, magnet);
        assertEquals(0, p.awaitExit(TRANSFER), swarm::diagnostics);
        return p.output();
    }

    private static void assertComplete(Swarm swarm, Path original, Download mim, Torrent torrent) {
        mim.awaitComplete(TRANSFER);
        assertEquals(0, mim.process().awaitExit(TRANSFER), swarm::diagnostics);
        assertEquals(TestData.sha256(original), TestData.sha256(mim.outDir().resolve(torrent.name())),
                swarm::diagnostics);
    }
}
