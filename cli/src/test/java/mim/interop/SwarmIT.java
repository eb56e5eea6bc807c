package mim.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The harness against the real programs: each pair moves a torrent over loopback, and every byte
 * of the download is compared with the original.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class SwarmIT {
    private static final Duration TRANSFER = Duration.ofSeconds(45);
    /** Sizes that end mid-piece and mid-block, an empty file and a one-byte file. */
    private static final String TREE = "a.bin=1,sub/b.bin=16383,c.bin=300K+7,zero.bin=0,sub/deeper/d.bin=40000";

    @Test
    void aria2DownloadsASingleFileFromLibtorrentThroughAnHttpTracker() {
        try (Swarm swarm = Swarm.create()) {
            Opentracker tracker = swarm.opentracker();
            Path data = swarm.data("single.bin", 4 << 20);
            Torrent torrent = swarm.torrent(data, tracker.httpUrl());
            swarm.libtorrent().seed(torrent, data);

            Download download = swarm.aria2().leech(torrent, swarm.newDir("out"));
            download.awaitComplete(TRANSFER);

            assertSameContent(swarm, data, download, torrent);
        }
    }

    @Test
    void libtorrentDownloadsATreeFromRtorrentThroughAUdpTracker() {
        try (Swarm swarm = Swarm.create()) {
            Opentracker tracker = swarm.opentracker();
            Path data = swarm.tree("multi", TREE);
            // 32 KiB pieces: several files share a piece, and pieces span files.
            Torrent torrent = swarm.torrent(data, 15, false, tracker.udpUrl());
            swarm.rtorrent().seed(torrent, data);

            Download download = swarm.libtorrent().leech(torrent, swarm.newDir("out"));
            download.awaitComplete(TRANSFER);

            assertSameContent(swarm, data, download, torrent);
        }
    }

    @Test
    void rtorrentDownloadsATreeFromAria2ThroughAnHttpTracker() {
        try (Swarm swarm = Swarm.create()) {
            Opentracker tracker = swarm.opentracker();
            Path data = swarm.tree("multi", TREE);
            Torrent torrent = swarm.torrent(data, 15, false, tracker.httpUrl());
            swarm.aria2().seed(torrent, data);

            Download download = swarm.rtorrent().leech(torrent, swarm.newDir("out"));
            download.awaitComplete(TRANSFER);

            assertSameContent(swarm, data, download, torrent);
        }
    }

    @Test
    void libtorrentDownloadsFromTransmission() {
        try (Swarm swarm = Swarm.create()) {
            Opentracker tracker = swarm.opentracker();
            Path data = swarm.data("single.bin", (1 << 20) + 7);
            Torrent torrent = swarm.torrent(data, tracker.httpUrl(), tracker.udpUrl());
            swarm.transmission().seed(torrent, data);

            Download download = swarm.libtorrent().leech(torrent, swarm.newDir("out"));
            download.awaitComplete(TRANSFER);

            assertSameContent(swarm, data, download, torrent);
        }
    }

    @Test
    void transmissionDownloadsFromASeederThatDialsIt() {
        try (Swarm swarm = Swarm.create()) {
            Path data = swarm.data("single.bin", 1 << 20);
            Torrent torrent = swarm.torrent(data);
            // Transmission never dials a loopback peer, so the seeder has to.
            Download download = swarm.transmission().leech(torrent, swarm.newDir("out"));
            swarm.libtorrent().connectTo(download).seed(torrent, data);

            download.awaitComplete(TRANSFER);

            assertSameContent(swarm, data, download, torrent);
        }
    }

    @Test
    void rtorrentDownloadsFromLibtorrentWithEncryptionRequired() {
        try (Swarm swarm = Swarm.create()) {
            Opentracker tracker = swarm.opentracker();
            Path data = swarm.data("single.bin", 2 << 20);
            Torrent torrent = swarm.torrent(data, tracker.httpUrl());
            // libtorrent refuses plaintext both ways: completing proves the link was encrypted.
            swarm.libtorrent().encryption(Encryption.REQUIRE).seed(torrent, data);

            Download download = swarm.rtorrent().encryption(Encryption.REQUIRE).leech(torrent, swarm.newDir("out"));
            download.awaitComplete(TRANSFER);

            assertSameContent(swarm, data, download, torrent);
        }
    }

    @Test
    void closingTheSwarmStopsEveryProgramItStarted() {
        List<ProcessHandle> started = new ArrayList<>();
        try (Swarm swarm = Swarm.create()) {
            Opentracker tracker = swarm.opentracker();
            Path data = swarm.data("single.bin", 100_000);
            Torrent torrent = swarm.torrent(data, tracker.httpUrl());
            Peer seeder = swarm.rtorrent().seed(torrent, data);
            Download leecher = swarm.libtorrent().leech(torrent, swarm.newDir("out"));
            leecher.awaitComplete(TRANSFER);

            assertTrue(tracker.peers(torrent.infoHash()).contains(seeder.address()), swarm::diagnostics);
            for (Peer p : List.of(seeder, leecher)) {
                ProcessHandle handle = ProcessHandle.of(p.process().pid()).orElseThrow();
                started.add(handle);
                handle.descendants().forEach(started::add);
            }
        }
        for (ProcessHandle handle : started) {
            assertFalse(handle.isAlive(), () -> "still running after close: " + handle.info());
        }
    }

    @Test
    void libtorrentDownloadsFromAMagnetLinkServedByAria2() {
        try (Swarm swarm = Swarm.create()) {
            Opentracker tracker = swarm.opentracker();
            Path data = swarm.tree("multi", TREE);
            Torrent torrent = swarm.torrent(data, tracker.httpUrl());
            swarm.aria2().seed(torrent, data);

            Download download = swarm.libtorrent().leechMagnet(torrent.magnet(), swarm.newDir("out"));
            download.awaitComplete(TRANSFER);

            assertSameContent(swarm, data, download, torrent);
        }
    }

    @Test
    void seedingDamagedDataFailsWithTheProgramsLog() throws IOException {
        try (Swarm swarm = Swarm.create()) {
            Path data = swarm.data("single.bin", 100_000);
            Torrent torrent = swarm.torrent(data);
            try (FileChannel file = FileChannel.open(data, StandardOpenOption.WRITE)) {
                file.write(ByteBuffer.wrap(new byte[] {42}), 50_000);
            }

            AssertionError failure = assertThrows(AssertionError.class, () -> swarm.libtorrent().seed(torrent, data));

            assertTrue(failure.getMessage().contains("ERROR data in"), failure.getMessage());
        }
    }

    private static void assertSameContent(Swarm swarm, Path original, Download download, Torrent torrent) {
        Path copy = download.outDir().resolve(torrent.name());
        assertEquals(TestData.sha256(original), TestData.sha256(copy),
                () -> "content differs\n" + swarm.diagnostics());
    }
}
