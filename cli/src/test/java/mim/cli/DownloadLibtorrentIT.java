package mim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import mim.interop.Download;
import mim.interop.ManagedProcess;
import mim.interop.Peer;
import mim.interop.Swarm;
import mim.interop.TestData;
import mim.interop.Torrent;
import org.junit.jupiter.api.Test;

/**
 * mim against libtorrent (python3-libtorrent 2.0) through the packaged distribution, on the interop
 * harness: downloads checked byte for byte (SHA-256), file selection, a resume after SIGKILL, mim
 * seeding to a libtorrent leecher, and files that are not mim's.
 */
class DownloadLibtorrentIT {
    private static final Duration LONG = Duration.ofSeconds(120);
    /** An empty file, a one-byte one, and sizes that are no multiple of a 64 KiB piece. */
    private static final String MULTI = "empty.bin=0,one.bin=1,odd.bin=1000003,sub/deeper.bin=777777,last.bin=2345678";

    @Test
    void downloadsASingleFileFromLibtorrent() {
        try (Swarm swarm = Swarm.create()) {
            Path data = swarm.data("single.bin", 64 << 20);
            Torrent torrent = swarm.torrent(data);
            Peer seeder = swarm.libtorrent().seed(torrent, data);

            Download mim = swarm.mim().connectTo(seeder).exitOnFinish().leech(torrent, swarm.newDir("out"));

            assertEquals(0, mim.process().awaitExit(LONG), swarm::diagnostics);
            assertSameBytes(data, mim.outDir().resolve(torrent.name()));
        }
    }

    @Test
    void downloadsAMultiFileTorrentWithEmptyTinyAndUnalignedFiles() {
        try (Swarm swarm = Swarm.create()) {
            Path data = swarm.tree("multi", MULTI);
            Torrent torrent = swarm.torrent(data, 16, false);
            Peer seeder = swarm.libtorrent().seed(torrent, data);

            Download mim = swarm.mim().connectTo(seeder).exitOnFinish().leech(torrent, swarm.newDir("out"));

            assertEquals(0, mim.process().awaitExit(LONG), swarm::diagnostics);
            assertSameBytes(data, mim.outDir().resolve("multi"));
        }
    }

    @Test
    void downloadsOnlyTheSelectedFile() throws IOException {
        try (Swarm swarm = Swarm.create()) {
            Path data = swarm.tree("multi", MULTI);
            Torrent torrent = swarm.torrent(data, 16, false);
            Peer seeder = swarm.libtorrent().seed(torrent, data);

            Download mim = swarm.mim().connectTo(seeder).exitOnFinish().options("-r", "deeper")
                    .leech(torrent, swarm.newDir("out"));

            assertEquals(0, mim.process().awaitExit(LONG), swarm::diagnostics);
            Path out = mim.outDir();
            assertSameBytes(data.resolve("sub/deeper.bin"), out.resolve("multi/sub/deeper.bin"));
            assertEquals(List.of("multi/sub/deeper.bin"), dataFiles(out), "nothing but the selected file");
            try (Stream<Path> top = Files.list(out)) {
                assertEquals(List.of(".mim", "multi"), top.map(p -> p.getFileName().toString()).sorted().toList(),
                        "only the resume state besides the content");
            }
        }
    }

    @Test
    void resumesAfterSigkillAndCompletes() {
        try (Swarm swarm = Swarm.create()) {
            Path data = swarm.data("resume.bin", 40 << 20);
            Torrent torrent = swarm.torrent(data);
            // 4 MB/s: the status line at five seconds finds the download half way.
            Peer seeder = swarm.libtorrent().uploadLimit(4_000_000).seed(torrent, data);
            Path out = swarm.newDir("out");

            ManagedProcess first = swarm.mim().connectTo(seeder).exitOnFinish().leech(torrent, out).process();
            first.awaitLine("a status line half way", l -> l.startsWith("resume.bin") && percent(l) > 5
                    && percent(l) < 95, LONG);
            first.kill();

            ManagedProcess second = swarm.mim().connectTo(seeder).exitOnFinish().leech(torrent, out).process();
            String checked = second.awaitLine("the check at start", l -> l.contains("pieces verified at start"), LONG);
            Matcher m = Pattern.compile("(\\d+) of (\\d+) pieces").matcher(checked);
            assertTrue(m.find(), checked);
            assertTrue(Integer.parseInt(m.group(1)) > 0, "the first run's pieces were kept: " + checked);
            assertEquals(0, second.awaitExit(LONG), swarm::diagnostics);
            assertSameBytes(data, out.resolve("resume.bin"));
        }
    }

    @Test
    void seedsToALibtorrentLeecher() throws IOException {
        try (Swarm swarm = Swarm.create()) {
            Path data = swarm.data("served.bin", (8 << 20) + 999);
            Torrent torrent = swarm.torrent(data, 17, false);
            Download leecher = swarm.libtorrent().leech(torrent, swarm.newDir("leech"));
            // The data is there and no resume state vouches for it: the seeder checks it, finds it complete.
            Peer mim = swarm.mim().connectTo(leecher).seed(torrent, data);

            leecher.awaitComplete(LONG);
            mim.process().terminate();

            assertEquals(128 + 15, mim.process().awaitExit(LONG), "stopped by SIGTERM, after the shutdown hook\n"
                    + mim.logs());
            assertSameBytes(data, leecher.outDir().resolve("served.bin"));
            try (Stream<Path> state = Files.list(data.resolveSibling(".mim"))) {
                assertEquals(1, state.filter(p -> p.toString().endsWith(".resume")).count(), "resume state saved");
            }
        }
    }

    private static double percent(String statusLine) {
        Matcher m = Pattern.compile("(\\d+\\.\\d)%").matcher(statusLine);
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }

    /** Files under the output folder, the resume state folder aside. */
    private static List<String> dataFiles(Path out) throws IOException {
        try (Stream<Path> files = Files.walk(out)) {
            return files.filter(Files::isRegularFile).map(p -> out.relativize(p).toString().replace('\\', '/'))
                    .filter(p -> !p.startsWith(".mim/")).sorted().toList();
        }
    }

    /** Same names, sizes and SHA-256 of every file: {@code copy} is a file or a folder like {@code original}. */
    private static void assertSameBytes(Path original, Path copy) {
        assertTrue(Files.exists(copy), copy + " missing");
        assertEquals(TestData.sha256(original), TestData.sha256(copy), copy + " content");
    }
}
