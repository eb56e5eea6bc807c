package mim.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import mim.core.metainfo.Metainfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CreateCommandTest {
    record Result(int exit, String out, String err) {}

    @TempDir
    Path dir;

    private Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Dirs dirs = new Dirs(null, dir.resolve("xdg-data"), dir.resolve("xdg-config"), dir.resolve("xdg-state"));
        int exit = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true), dirs);
        return new Result(exit, out.toString(), err.toString());
    }

    private Path content() throws IOException {
        Path root = Files.createDirectories(dir.resolve("stuff/sub"));
        byte[] data = new byte[70_001];
        new Random(7).nextBytes(data);
        Files.write(root.resolve("a.bin"), data);
        Files.write(dir.resolve("stuff/empty"), new byte[0]);
        return dir.resolve("stuff");
    }

    /** Only the output is left in the folder: no temporary file survives. */
    private List<String> torrentsIn(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.contains(".torrent")).sorted().toList();
        }
    }

    @Test
    void writesTheTorrentAndPrintsItsHashAndMagnet() throws Exception {
        Path out = dir.resolve("stuff.torrent");
        Result r = run("create", content().toString(), "-o", out.toString(), "-a", "http://t1/a,http://t2/a",
                "-a", "udp://t3:80/a", "--no-creation-date", "--piece-length", "16K");
        assertEquals(0, r.exit(), r.err());
        Metainfo m = Metainfo.parse(Files.readAllBytes(out));
        assertEquals(List.of(List.of("http://t1/a", "http://t2/a"), List.of("udp://t3:80/a")), m.trackerTiers());
        assertEquals(16 * 1024, m.pieceLength());
        assertTrue(m.createdBy().startsWith("mim"), m.createdBy());
        assertTrue(m.creationDate().isEmpty());
        String hex = m.infoHashV1().hex();
        assertTrue(r.out().contains("info-hash v1: " + hex), r.out());
        assertTrue(r.out().contains("magnet:?xt=urn:btih:" + hex + "&dn=stuff&tr=http"), r.out());
        assertEquals("", r.err(), "no progress bar off a terminal");
        assertEquals(List.of("stuff.torrent"), torrentsIn(dir));
    }

    @Test
    void hybridPrintsBothInfoHashes() throws Exception {
        Path out = dir.resolve("h.torrent");
        Result r = run("create", content().toString(), "-o", out.toString(), "--hybrid", "--threads", "3");
        assertEquals(0, r.exit(), r.err());
        Metainfo m = Metainfo.parse(Files.readAllBytes(out));
        assertTrue(m.isHybrid());
        assertTrue(r.out().contains("info-hash v2: " + m.infoHashV2().hex()), r.out());
    }

    @Test
    void refusesToOverwriteWithoutForce() throws Exception {
        Path out = Files.write(dir.resolve("x.torrent"), new byte[] {'k', 'e', 'e', 'p'});
        Result r = run("create", content().toString(), "-o", out.toString());
        assertEquals(1, r.exit());
        assertEquals("mim: error: " + out + ": already exists (--force overwrites it)\n", r.err());
        assertArrayEquals(new byte[] {'k', 'e', 'e', 'p'}, Files.readAllBytes(out));

        Result forced = run("create", content().toString(), "-o", out.toString(), "--force");
        assertEquals(0, forced.exit(), forced.err());
        Metainfo.parse(Files.readAllBytes(out));
        assertEquals(List.of("x.torrent"), torrentsIn(dir));
    }

    @Test
    void badPieceLengthIsAUsageError() throws Exception {
        for (String bad : new String[] {"3M", "8K", "128M", "lots"}) {
            Result r = run("create", content().toString(), "-o", dir.resolve("p.torrent").toString(),
                    "--piece-length", bad);
            assertEquals(2, r.exit(), bad);
            assertTrue(r.err().startsWith("mim: error: "), r.err());
            assertTrue(r.err().contains("'" + bad + "'"), r.err());
        }
        assertEquals(List.of(), torrentsIn(dir));
    }

    @Test
    void pieceLengthTakesUnitsOrBytes() throws Exception {
        PieceLengthConverter c = new PieceLengthConverter();
        assertEquals(16384L, c.convert("16K"));
        assertEquals(1L << 20, c.convert("1M"));
        assertEquals(4L << 20, c.convert("4MiB"));
        assertEquals(65536L, c.convert("65536"));
        assertEquals(64L << 20, c.convert("64m"));
    }

    @Test
    void failuresAreOneLineAndWriteNothing() throws Exception {
        Path out = dir.resolve("o.torrent");
        Result missing = run("create", dir.resolve("nowhere").toString(), "-o", out.toString());
        assertEquals(1, missing.exit());
        assertEquals("mim: error: " + dir.resolve("nowhere") + ": no such file or directory\n", missing.err());

        Path empty = Files.createDirectory(dir.resolve("empty"));
        Result none = run("create", empty.toString(), "-o", out.toString());
        assertEquals(1, none.exit());
        assertTrue(none.err().startsWith("mim: error: " + empty + ": no files to add"), none.err());
        assertEquals(1, none.err().lines().count());

        Path hiddenOnly = Files.createDirectory(dir.resolve("hidden"));
        Files.write(hiddenOnly.resolve(".dot"), new byte[10]);
        assertEquals(1, run("create", hiddenOnly.toString(), "-o", out.toString()).exit());
        assertEquals(0, run("create", hiddenOnly.toString(), "-o", out.toString(), "--include-hidden").exit());
        Files.delete(out);

        Path broken = Files.createDirectory(dir.resolve("broken"));
        Files.createSymbolicLink(broken.resolve("link"), dir.resolve("gone"));
        Result unreadable = run("create", broken.toString(), "-o", out.toString());
        assertEquals(1, unreadable.exit());
        assertEquals("mim: error: " + broken.resolve("link") + ": broken symbolic link\n", unreadable.err());
        assertFalse(Files.exists(out));
        assertEquals(List.of(), torrentsIn(dir));
    }

    @Test
    void progressLineShowsPercentBytesRateAndTimeLeft() {
        long gib = 1L << 30;
        assertEquals("hashing [######                  ]  25% 1 GiB / 4 GiB 1 GiB/s ETA 0:03",
                ProgressBar.line("hashing", 4 * gib, gib, 1_000_000_000L));
        assertEquals("verifying [                        ]   0% 0 B / 4 GiB 0 B/s ETA --:--",
                ProgressBar.line("verifying", 4 * gib, 0, 0));
    }
}
