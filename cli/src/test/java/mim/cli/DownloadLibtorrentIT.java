package mim.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * mim against libtorrent (python3-libtorrent 2.0), both on 127.0.0.1, through the packaged
 * distribution: downloads checked byte for byte (SHA-256), file selection, a resume after SIGKILL,
 * and mim seeding to a libtorrent leecher.
 */
class DownloadLibtorrentIT {
    private static final Duration LONG = Duration.ofSeconds(120);
    private static final Pattern PORT = Pattern.compile("listening (\\d+)");

    @TempDir
    Path work;

    @Test
    void downloadsASingleFileFromLibtorrent() throws Exception {
        Path seed = Files.createDirectories(work.resolve("seed"));
        writeRandom(seed.resolve("single.bin"), 24 * 1024 * 1024 + 12345, 1);
        Path torrent = makeTorrent(seed.resolve("single.bin"), 256 * 1024);
        Path out = work.resolve("out");
        try (ExternalProcess lt = ExternalProcess.start(work, ExternalProcess.libtorrent("seed", torrent.toString(),
                seed.toString(), "0"))) {
            int port = port(lt);
            try (ExternalProcess mim = ExternalProcess.start(work, ExternalProcess.mim("download", "-o", out.toString(),
                    "--listen-addr", "127.0.0.1:0", "--peer", "127.0.0.1:" + port, "-e", torrent.toString()))) {
                assertEquals(0, mim.waitFor(LONG), mim.output());
            }
        }
        assertSameBytes(seed.resolve("single.bin"), out.resolve("single.bin"));
    }

    @Test
    void downloadsAMultiFileTorrentWithEmptyTinyAndUnalignedFiles() throws Exception {
        Path content = multiFileContent();
        Path torrent = makeTorrent(content, 64 * 1024);
        Path out = work.resolve("out");
        try (ExternalProcess lt = ExternalProcess.start(work, ExternalProcess.libtorrent("seed", torrent.toString(),
                work.resolve("seed").toString(), "0"))) {
            int port = port(lt);
            try (ExternalProcess mim = ExternalProcess.start(work, ExternalProcess.mim("download", "-o", out.toString(),
                    "--listen-addr", "127.0.0.1:0", "--peer", "127.0.0.1:" + port, "-e", torrent.toString()))) {
                assertEquals(0, mim.waitFor(LONG), mim.output());
            }
        }
        for (String name : List.of("empty.bin", "one.bin", "odd.bin", "sub/deeper.bin", "last.bin")) {
            assertSameBytes(content.resolve(name), out.resolve("multi").resolve(name));
        }
    }

    @Test
    void downloadsOnlyTheSelectedFile() throws Exception {
        Path content = multiFileContent();
        Path torrent = makeTorrent(content, 64 * 1024);
        Path out = work.resolve("out");
        try (ExternalProcess lt = ExternalProcess.start(work, ExternalProcess.libtorrent("seed", torrent.toString(),
                work.resolve("seed").toString(), "0"))) {
            int port = port(lt);
            try (ExternalProcess mim = ExternalProcess.start(work, ExternalProcess.mim("download", "-o", out.toString(),
                    "-r", "deeper", "--listen-addr", "127.0.0.1:0", "--peer", "127.0.0.1:" + port, "-e",
                    torrent.toString()))) {
                assertEquals(0, mim.waitFor(LONG), mim.output());
            }
        }
        assertSameBytes(content.resolve("sub/deeper.bin"), out.resolve("multi/sub/deeper.bin"));
        assertEquals(List.of("multi/sub/deeper.bin"), dataFiles(out), "nothing but the selected file");
    }

    @Test
    void resumesAfterSigkillAndCompletes() throws Exception {
        Path seed = Files.createDirectories(work.resolve("seed"));
        writeRandom(seed.resolve("resume.bin"), 40 * 1024 * 1024, 3);
        Path torrent = makeTorrent(seed.resolve("resume.bin"), 256 * 1024);
        Path out = work.resolve("out");
        // 4 MB/s: the status line at five seconds finds the download half way.
        try (ExternalProcess lt = ExternalProcess.start(work, ExternalProcess.libtorrent("seed", torrent.toString(),
                seed.toString(), "0", String.valueOf(4_000_000)))) {
            int port = port(lt);
            List<String> args = List.of("download", "-o", out.toString(), "--listen-addr", "127.0.0.1:0",
                    "--peer", "127.0.0.1:" + port, "-e", torrent.toString());
            try (ExternalProcess first = ExternalProcess.start(work, ExternalProcess.mim(args.toArray(String[]::new)))) {
                first.awaitLine(l -> l.startsWith("resume.bin") && percent(l) > 5 && percent(l) < 95, LONG);
                first.kill();
            }
            List<String> verbose = new ArrayList<>(List.of("-v", "info"));
            verbose.addAll(args);
            try (ExternalProcess second = ExternalProcess.start(work, ExternalProcess.mim(verbose.toArray(String[]::new)))) {
                String checked = second.awaitLine(l -> l.contains("pieces verified at start"), LONG);
                Matcher m = Pattern.compile("(\\d+) of (\\d+) pieces").matcher(checked);
                assertTrue(m.find(), checked);
                assertTrue(Integer.parseInt(m.group(1)) > 0, "the first run's pieces were kept: " + checked);
                assertEquals(0, second.waitFor(LONG), second.output());
            }
        }
        assertSameBytes(seed.resolve("resume.bin"), out.resolve("resume.bin"));
    }

    @Test
    void seedsToALibtorrentLeecher() throws Exception {
        Path seed = Files.createDirectories(work.resolve("mim"));
        writeRandom(seed.resolve("served.bin"), 8 * 1024 * 1024 + 999, 4);
        Path torrent = makeTorrent(seed.resolve("served.bin"), 128 * 1024);
        Path leech = Files.createDirectories(work.resolve("leech"));
        try (ExternalProcess lt = ExternalProcess.start(work, ExternalProcess.libtorrent("leech", torrent.toString(),
                leech.toString(), "0"))) {
            int port = port(lt);
            // The data is there and no resume state vouches for it: --overwrite checks it, then mim seeds.
            try (ExternalProcess mim = ExternalProcess.start(work, ExternalProcess.mim("download", "-o", seed.toString(),
                    "--overwrite", "--listen-addr", "127.0.0.1:0", "--peer", "127.0.0.1:" + port, torrent.toString()))) {
                lt.awaitLine(l -> l.startsWith("finished"), LONG);
                mim.terminate();
                assertEquals(128 + 15, mim.waitFor(LONG), "stopped by SIGTERM, after the shutdown hook\n" + mim.output());
            }
        }
        assertSameBytes(seed.resolve("served.bin"), leech.resolve("served.bin"));
        try (Stream<Path> state = Files.list(seed.resolve(".mim"))) {
            assertEquals(1, state.filter(p -> p.toString().endsWith(".resume")).count(), "resume state saved");
        }
    }

    @Test
    void refusesFilesThatAreNotOursAndVerifiesThemWithOverwrite() throws Exception {
        Path seed = Files.createDirectories(work.resolve("seed"));
        writeRandom(seed.resolve("there.bin"), 3 * 1024 * 1024 + 5, 5);
        Path torrent = makeTorrent(seed.resolve("there.bin"), 64 * 1024);
        List<String> args = List.of("download", "-o", seed.toString(), "--listen-addr", "127.0.0.1:0", "-e",
                torrent.toString());
        try (ExternalProcess refused = ExternalProcess.start(work, ExternalProcess.mim(args.toArray(String[]::new)))) {
            assertEquals(1, refused.waitFor(LONG), refused.output());
            String error = refused.output().lines().filter(l -> l.startsWith("mim: error: ")).findFirst().orElse("");
            assertTrue(error.contains("there.bin"), "the error names the file: " + refused.output());
        }
        List<String> overwrite = new ArrayList<>(args);
        overwrite.add(1, "--overwrite");
        // Complete data and no peer at all: checked, found complete, done.
        try (ExternalProcess checked = ExternalProcess.start(work, ExternalProcess.mim(overwrite.toArray(String[]::new)))) {
            assertEquals(0, checked.waitFor(LONG), checked.output());
            assertTrue(checked.output().contains("100.0%"), checked.output());
        }
    }

    // ---- helpers

    private Path multiFileContent() throws IOException {
        Path content = Files.createDirectories(work.resolve("seed/multi"));
        Files.createDirectories(content.resolve("sub"));
        Files.write(content.resolve("empty.bin"), new byte[0]);
        writeRandom(content.resolve("one.bin"), 1, 10);
        writeRandom(content.resolve("odd.bin"), 1_000_003, 11);
        writeRandom(content.resolve("sub/deeper.bin"), 777_777, 12);
        writeRandom(content.resolve("last.bin"), 2_345_678, 13);
        return content;
    }

    private Path makeTorrent(Path content, int pieceLength) throws Exception {
        Path torrent = work.resolve(content.getFileName() + ".torrent");
        try (ExternalProcess make = ExternalProcess.start(work, ExternalProcess.libtorrent("make", torrent.toString(),
                content.toString(), String.valueOf(pieceLength)))) {
            assertEquals(0, make.waitFor(LONG), make.output());
        }
        return torrent;
    }

    private static int port(ExternalProcess lt) throws InterruptedException {
        Matcher m = PORT.matcher(lt.awaitLine(l -> PORT.matcher(l).find(), LONG));
        assertTrue(m.find());
        return Integer.parseInt(m.group(1));
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

    private static void writeRandom(Path file, long size, long seed) throws IOException {
        Random random = new Random(seed);
        byte[] chunk = new byte[1 << 16];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long left = size; left > 0; left -= chunk.length) {
                random.nextBytes(chunk);
                out.write(chunk, 0, (int) Math.min(chunk.length, left));
            }
        }
    }

    private static void assertSameBytes(Path expected, Path actual) throws Exception {
        assertTrue(Files.exists(actual), actual + " missing");
        assertEquals(Files.size(expected), Files.size(actual), actual + " size");
        assertArrayEquals(sha256(expected), sha256(actual), actual + " content");
        assertFalse(Files.isDirectory(actual));
    }

    private static byte[] sha256(Path file) throws Exception {
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        try (var in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                d.update(buf, 0, n);
            }
        }
        return d.digest();
    }
}
