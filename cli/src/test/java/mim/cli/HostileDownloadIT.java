package mim.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mim.core.metainfo.Metainfo;
import mim.core.testing.HostilePeer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged {@code mim download} given two peers: a libtorrent seeder and a {@link HostilePeer}
 * serving corrupt data. The corrupt pieces are fetched again from the seeder, the liar is dropped,
 * and the download ends with every byte right.
 */
class HostileDownloadIT {
    private static final Duration LONG = Duration.ofSeconds(120);
    private static final Pattern PORT = Pattern.compile("listening (\\d+)");

    @TempDir
    Path work;

    @Test
    void corruptDataFromOnePeerDoesNotSpoilTheDownload() throws Exception {
        Path seed = Files.createDirectories(work.resolve("seed"));
        byte[] content = new byte[6 * 1024 * 1024 + 777];
        new Random(21).nextBytes(content);
        Files.write(seed.resolve("hostile.bin"), content);
        Path torrent = work.resolve("hostile.torrent");
        try (ExternalProcess make = ExternalProcess.start(work, ExternalProcess.libtorrent("make", torrent.toString(),
                seed.resolve("hostile.bin").toString(), String.valueOf(64 * 1024)))) {
            assertEquals(0, make.waitFor(LONG), make.output());
        }
        Metainfo m = Metainfo.parse(Files.readAllBytes(torrent));
        Path out = work.resolve("out");
        try (HostilePeer liar = HostilePeer.start(HostilePeer.Attack.CORRUPT_DATA, m.infoHash().truncated(), m.layout(),
                     content, InetAddress.getByName("127.0.0.2"));
             ExternalProcess lt = ExternalProcess.start(work, ExternalProcess.libtorrent("seed", torrent.toString(),
                     seed.toString(), "0"))) {
            int port = port(lt);
            String hostile = liar.address().getHostString() + ":" + liar.address().getPort();
            try (ExternalProcess mim = ExternalProcess.start(work, ExternalProcess.mim("download", "-o", out.toString(),
                    "--listen-addr", "127.0.0.1:0", "--peer", hostile, "--peer", "127.0.0.1:" + port, "-e",
                    torrent.toString()))) {
                assertEquals(0, mim.waitFor(LONG), mim.output());
            }
            assertTrue(liar.hungUp().isDone(), "mim dropped the peer that sent corrupt data");
            assertEquals(1, liar.connections(), "and did not dial it again");
        }
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        assertArrayEquals(sha.digest(content), sha.digest(Files.readAllBytes(out.resolve("hostile.bin"))));
    }

    private static int port(ExternalProcess lt) throws InterruptedException {
        Matcher matcher = PORT.matcher(lt.awaitLine(l -> PORT.matcher(l).find(), LONG));
        assertTrue(matcher.find());
        return Integer.parseInt(matcher.group(1));
    }
}
