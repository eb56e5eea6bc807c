package mim.core.session;

import static mim.core.session.Loopback.DEADLINE;
import static mim.core.session.Loopback.local;
import static mim.core.session.Loopback.params;
import static mim.core.session.Loopback.session;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mim.core.metainfo.Metainfo;
import mim.core.testing.LeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** What a torrent's status says, as user interfaces read it between the torrent's once-a-second ticks. */
@ExtendWith(LeakCheck.class)
class TorrentStatusTest {
    private static final byte[] DATA = TestTorrents.content(64 * 1024, 3);

    @TempDir
    Path folder;

    @Test
    void aPeerCountsAsSoonAsItIsConnectedNotAtTheNextTick() throws Exception {
        Metainfo m = TestTorrents.singleFile("counted.bin", DATA, 16 * 1024);
        try (Session seed = session(MemoryStorage.filled(DATA, 1), 1)) {
            Torrent torrent = seed.add(params(m, folder, List.of()));
            torrent.completion().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            assertEquals(0, torrent.status().peers());
            try (RawPeer peer = RawPeer.connect(local(seed), m.infoHash().truncated(), "-TT0001-")) {
                // The seed's first message (what it has) follows the peer's admission, on the torrent's loop.
                peer.read();
                assertEquals(1, torrent.status().peers());
            }
        }
    }
}
