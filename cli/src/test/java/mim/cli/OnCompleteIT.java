package mim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import mim.interop.Download;
import mim.interop.Peer;
import mim.interop.Swarm;
import mim.interop.TestData;
import mim.interop.Torrent;
import org.junit.jupiter.api.Test;

/**
 * {@code mim download --on-complete}: the command runs once, after the download, with the torrent's
 * name, info-hash and path in its environment, and a name that is shell syntax stays a name.
 */
class OnCompleteIT {
    private static final Duration LONG = Duration.ofSeconds(120);

    @Test
    void runsOnceWithTheTorrentInItsEnvironmentAndNeverRunsItsName() throws Exception {
        try (Swarm swarm = Swarm.create()) {
            Path data = swarm.data("$(touch pwned)", (2 << 20) + 11);
            Torrent torrent = swarm.torrent(data, 16, false);
            Peer seeder = swarm.libtorrent().seed(torrent, data);
            Path said = swarm.newDir("hook").resolve("said.txt");
            String command = "printf '%s\\n%s\\n%s\\n' \"$MIM_TORRENT_NAME\" \"$MIM_INFO_HASH\" \"$MIM_TORRENT_PATH\" >> '"
                    + said + "'";

            Download mim = swarm.mim().connectTo(seeder).exitOnFinish().options("--on-complete", command)
                    .leech(torrent, swarm.newDir("out"));
            assertEquals(0, mim.process().awaitExit(LONG), swarm::diagnostics);

            assertEquals(TestData.sha256(data), TestData.sha256(mim.outDir().resolve(torrent.name())));
            assertEquals(List.of("$(touch pwned)", torrent.infoHash(), mim.outDir().resolve("$(touch pwned)").toString()),
                    Files.readAllLines(said), "one run, the torrent in its environment");
            try (Stream<Path> all = Files.walk(swarm.dir())) {
                assertTrue(all.noneMatch(p -> p.getFileName().toString().equals("pwned")), "the name ran as a command");
            }
        }
    }
}
