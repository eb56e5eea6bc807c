package mim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Map;
import mim.interop.Download;
import mim.interop.ManagedProcess;
import mim.interop.Peer;
import mim.interop.Swarm;
import mim.interop.TestData;
import mim.interop.Torrent;
import org.junit.jupiter.api.Test;

/**
 * Data already in the output folder that another program wrote (the test's own writer; the torrents
 * are mktorrent's), with no resume state of mim's: complete, it is checked and seeded without any
 * flag and never written; partial or wrong, mim refuses without {@code --overwrite}, touching
 * nothing and saying how much matches; with {@code --overwrite} it keeps what matches and completes it.
 */
class ExistingDataIT {
    private static final Duration LONG = Duration.ofSeconds(120);
    private static final int PIECE_LOG2 = 16;

    @Test
    void aCompleteSingleFileIsSeededWithoutAnyFlagAndNeverWritten() throws Exception {
        try (Swarm swarm = Swarm.create()) {
            Path data = swarm.data("distro.iso", (3 << 20) + 5);
            Torrent torrent = swarm.torrent(data, PIECE_LOG2, false);
            FileTime written = Files.getLastModifiedTime(data);

            Download leecher = swarm.libtorrent().leech(torrent, swarm.newDir("leech"));
            Peer mim = swarm.mim().connectTo(leecher).seed(torrent, data);
            leecher.awaitComplete(LONG);
            mim.stop();

            assertEquals(TestData.sha256(data), TestData.sha256(leecher.outDir().resolve("distro.iso")));
            assertEquals(written, Files.getLastModifiedTime(data), "mim wrote into the file it seeded");
        }
    }

    @Test
    void aCompleteFolderIsCheckedAndFoundComplete() throws Exception {
        try (Swarm swarm = Swarm.create()) {
            Path tree = swarm.tree("album", "one.flac=1000000,two.flac=70001,empty=0,cover/front.jpg=65536");
            Torrent torrent = swarm.torrent(tree, PIECE_LOG2, false);
            Map<String, String> before = TestData.sha256(tree);

            ManagedProcess run = download(swarm, tree.getParent(), torrent);
            assertEquals(0, run.awaitExit(LONG), run.describe(40));
            assertTrue(run.output().contains("100.0%"), run.output());
            assertEquals(before, TestData.sha256(tree));
        }
    }

    @Test
    void aPartialFileIsRefusedUntouchedThenCompletedWithOverwrite() throws Exception {
        try (Swarm swarm = Swarm.create()) {
            Path data = swarm.data("a.bin", 81L << PIECE_LOG2);
            Torrent torrent = swarm.torrent(data, PIECE_LOG2, false);
            Path theirs = swarm.newDir("theirs").resolve("a.bin");
            Files.copy(data, theirs);
            spoil(theirs, 10, 20, 30);
            Map<String, String> spoilt = TestData.sha256(theirs);

            ManagedProcess refused = download(swarm, theirs.getParent(), torrent);
            assertEquals(1, refused.awaitExit(LONG), refused.describe(40));
            assertEquals("mim: error: " + theirs + " exists and 78 of 81 pieces match; --overwrite keeps those and "
                    + "downloads the rest into it", errorLine(refused));
            assertEquals(spoilt, TestData.sha256(theirs), "a refused download changed the file");

            Peer seeder = swarm.libtorrent().seed(torrent, data);
            Download completed = swarm.mim().connectTo(seeder).exitOnFinish().options("--overwrite")
                    .leech(torrent, theirs.getParent());
            assertEquals(0, completed.process().awaitExit(LONG), swarm::diagnostics);
            assertEquals(TestData.sha256(data), TestData.sha256(theirs));
        }
    }

    @Test
    void aFolderWithOneShortFileIsRefusedNamingHowMuchMatches() throws Exception {
        try (Swarm swarm = Swarm.create()) {
            Path tree = swarm.tree("set", "a.bin=200000,b.bin=300000,c.bin=100");
            Torrent torrent = swarm.torrent(tree, PIECE_LOG2, false);
            try (RandomAccessFile b = new RandomAccessFile(tree.resolve("b.bin").toFile(), "rw")) {
                b.setLength(100_000);
            }
            Map<String, String> before = TestData.sha256(tree);

            ManagedProcess refused = download(swarm, tree.getParent(), torrent);
            assertEquals(1, refused.awaitExit(LONG), refused.describe(40));
            // 500100 bytes in 64 KiB pieces: 8 pieces; b.bin's first 100000 bytes reach into piece 4.
            assertEquals("mim: error: " + tree.resolve("a.bin") + " and 2 other files exist and 4 of 8 pieces match; "
                    + "--overwrite keeps those and downloads the rest into them", errorLine(refused));
            assertEquals(before, TestData.sha256(tree), "a refused download changed the files");
        }
    }

    @Test
    void aFileOfSomethingElseIsRefusedWithNothingMatching() throws Exception {
        try (Swarm swarm = Swarm.create()) {
            Path data = swarm.data("b.bin", 5L << PIECE_LOG2);
            Torrent torrent = swarm.torrent(data, PIECE_LOG2, false);
            Files.write(data, new byte[1000]);

            ManagedProcess refused = download(swarm, data.getParent(), torrent);
            assertEquals(1, refused.awaitExit(LONG), refused.describe(40));
            assertEquals("mim: error: " + data + " exists and 0 of 5 pieces match; --overwrite downloads over it",
                    errorLine(refused));
            assertEquals(1000, Files.size(data));
        }
    }

    private static ManagedProcess download(Swarm swarm, Path folder, Torrent torrent) {
        return swarm.mim().command("download",
                "--no-server", "-o", folder.toString(), "--listen-addr", "127.0.0.1:0", "-e",
                torrent.file().toString());
    }

    private static String errorLine(ManagedProcess p) {
        return p.output().lines().filter(l -> l.startsWith("mim: error: ")).findFirst().orElse(p.output());
    }

    /** Flips a byte in the middle of each of the given pieces. */
    private static void spoil(Path file, int... pieces) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            for (int p : pieces) {
                long at = ((long) p << PIECE_LOG2) + 1000;
                f.seek(at);
                int b = f.read();
                f.seek(at);
                f.write(b ^ 0xff);
            }
        }
    }
}
