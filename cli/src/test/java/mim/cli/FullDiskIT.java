package mim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import mim.interop.ManagedProcess;
import mim.interop.Peer;
import mim.interop.Swarm;
import mim.interop.TestData;
import mim.interop.Torrent;
import org.junit.jupiter.api.Test;

/**
 * A download onto a disk that fills up: a real, small tmpfs (the tests run as root). mim stops with
 * one error line naming the file, keeps what it verified, and once the disk has room again the next
 * run picks up those pieces and completes.
 */
class FullDiskIT {
    private static final Duration LONG = Duration.ofSeconds(120);

    @Test
    void stopsOnAFullDiskKeepsWhatItVerifiedAndResumesOnceThereIsRoom() throws Exception {
        try (Swarm swarm = Swarm.create()) {
            Path data = swarm.data("big.bin", 24 << 20);
            Torrent torrent = swarm.torrent(data);
            Peer seeder = swarm.libtorrent().seed(torrent, data);
            Path out = swarm.newDir("small-disk");
            mount(out, "size=8m");
            try {
                ManagedProcess full = swarm.mim().connectTo(seeder).exitOnFinish().leech(torrent, out).process();
                assertEquals(1, full.awaitExit(LONG), full.describe(40));
                List<String> errors = full.output().lines().filter(l -> l.startsWith("mim: error: ")).toList();
                assertEquals(1, errors.size(), full.output());
                assertTrue(errors.get(0).contains("big.bin") && errors.get(0).contains("no space left on device"),
                        errors.get(0));
                assertFalse(full.output().contains("\tat ") || full.output().contains("Exception"), full.output());
                try (Stream<Path> state = Files.list(out.resolve(".mim"))) {
                    assertTrue(state.noneMatch(p -> p.toString().endsWith(".tmp")), "no half-written resume state");
                }

                remount(out, "size=64m");
                ManagedProcess again = swarm.mim().connectTo(seeder).exitOnFinish().leech(torrent, out).process();
                String checked = again.awaitLine("the check at start", l -> l.contains("pieces verified at start"), LONG);
                Matcher m = Pattern.compile("(\\d+) of (\\d+) pieces").matcher(checked);
                assertTrue(m.find() && Integer.parseInt(m.group(1)) > 0, "the verified pieces were kept: " + checked);
                assertEquals(0, again.awaitExit(LONG), again.describe(40));
                assertEquals(TestData.sha256(data), TestData.sha256(out.resolve("big.bin")));
            } finally {
                umount(out);
            }
        }
    }

    private static void mount(Path dir, String options) throws IOException, InterruptedException {
        run(List.of("mount", "-t", "tmpfs", "-o", options, "tmpfs", dir.toString()), dir.getParent());
    }

    private static void remount(Path dir, String options) throws IOException, InterruptedException {
        run(List.of("mount", "-o", "remount," + options, dir.toString()), dir.getParent());
    }

    private static void umount(Path dir) throws IOException, InterruptedException {
        run(List.of("umount", "--lazy", dir.toString()), dir.getParent());
    }

    private static void run(List<String> command, Path dir) throws IOException, InterruptedException {
        Programs.Run r = Programs.run(command, dir, 30);
        assertEquals(0, r.exit(), command + ": " + r.err());
    }
}
