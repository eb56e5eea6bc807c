package mim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import mim.core.metainfo.Metainfo;
import mim.core.testing.HostilePeer;
import mim.interop.Download;
import mim.interop.Encryption;
import mim.interop.Peer;
import mim.interop.Swarm;
import mim.interop.TestData;
import mim.interop.Torrent;
import org.junit.jupiter.api.Test;

/**
 * The packaged {@code mim download} given two peers: a libtorrent seeder and a {@link HostilePeer}
 * serving corrupt data. The corrupt pieces are fetched again from the seeder, the liar is dropped,
 * and the download ends with every byte right.
 */
class HostileDownloadIT {
    private static final Duration LONG = Duration.ofSeconds(120);

    @Test
    void corruptDataFromOnePeerDoesNotSpoilTheDownload() throws Exception {
        try (Swarm swarm = Swarm.create()) {
            Path data = swarm.data("hostile.bin", 6 * 1024 * 1024 + 777);
            Torrent torrent = swarm.torrent(data, 16, false);
            Metainfo m = Metainfo.parse(Files.readAllBytes(torrent.file()));
            try (HostilePeer liar = HostilePeer.start(HostilePeer.Attack.CORRUPT_DATA, m.infoHash().truncated(),
                    m.layout(), Files.readAllBytes(data), InetAddress.getByName("127.0.0.2"))) {
                Peer seeder = swarm.libtorrent().seed(torrent, data);

                // The liar speaks plaintext only: an encrypted first dial would not reach its attack.
                Download mim = swarm.mim().connectTo(liar.address()).connectTo(seeder).exitOnFinish()
                        .encryption(Encryption.DISABLE).leech(torrent, swarm.newDir("out"));

                assertEquals(0, mim.process().awaitExit(LONG), swarm::diagnostics);
                // The hang-up reaches the liar's reader a moment after mim is gone. The seeder may
                // dial the liar too, having heard of it through mim's peer exchange: count mim's own.
                InetAddress mimAddress = mim.address().getAddress();
                liar.hungUpBy(mimAddress).get(10, TimeUnit.SECONDS);
                assertEquals(1, liar.connectionsFrom(mimAddress), "mim did not dial the liar again");
                assertSameBytes(data, mim.outDir().resolve(torrent.name()));
            }
        }
    }

    private static void assertSameBytes(Path original, Path copy) {
        assertEquals(TestData.sha256(original), TestData.sha256(copy), copy + " content");
    }
}
