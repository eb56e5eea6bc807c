package mim.core.session;

import static mim.core.session.Loopback.DEADLINE;
import static mim.core.session.Loopback.await;
import static mim.core.session.Loopback.params;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import mim.core.metainfo.Metainfo;
import mim.core.testing.LeakCheck;
import mim.core.wire.PeerId;
import mim.core.wire.WireConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The periodic resume save is skipped while nothing new was verified: a server seeding a thousand
 * torrents would otherwise rewrite and fsync a thousand unchanged files every interval. The save at
 * close is still made.
 */
@ExtendWith(LeakCheck.class)
class ResumeSaveTest {
    @TempDir
    Path folder;

    @Test
    void aSeedingTorrentDoesNotRewriteItsResumeStateUntilItCloses() throws Exception {
        byte[] data = TestTorrents.content(5 * 16 * 1024 + 7, 3);
        Metainfo m = TestTorrents.singleFile("seeded.bin", data, 16 * 1024);
        WireConfig wire = WireConfig.defaults(PeerId.generate("-MM0001-", new Random(1)));
        Path resume;
        try (Session s = Loopback.builder(MemoryStorage.filled(data, 1), 1, w -> w)
                .config(SessionConfig.defaults(wire).withListenAddress(new java.net.InetSocketAddress("127.0.0.1", 0))
                        .withResumeInterval(Duration.ofSeconds(1))).build()) {
            Torrent t = s.add(params(m, folder, List.of()));
            t.completion().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            resume = t.resumePath();
            assertTrue(Files.exists(resume), "saved once checked");
            Files.delete(resume);
            for (int tick = 0; tick < 3; tick++) {
                TorrentStatus before = t.status();
                await(() -> t.status() != before, "another tick, each a resume interval");
            }
            assertFalse(Files.exists(resume), "nothing new verified, nothing saved");
        }
        assertTrue(Files.exists(resume), "saved at close");
    }
}
