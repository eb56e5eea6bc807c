package mim.core.session;

import static mim.core.session.Loopback.await;
import static mim.core.session.Loopback.local;
import static mim.core.session.Loopback.onLoop;
import static mim.core.session.Loopback.params;
import static mim.core.session.Loopback.session;

import java.nio.file.Path;
import java.util.List;
import mim.core.metainfo.Metainfo;
import mim.core.testing.LeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-torrent connection limit counts a dialled connection once: while it is being set up, or
 * once it is established, never both. A torrent allowed two peers, connected to one it dialled,
 * still dials a second.
 */
@ExtendWith(LeakCheck.class)
class DialLimitTest {
    private static final int PIECE = 16 * 1024;
    private static final byte[] DATA = TestTorrents.content(4 * PIECE, 3);

    @TempDir
    Path folder;

    @Test
    void anEstablishedConnectionLeavesRoomForTheNextDial() throws Exception {
        Metainfo m = TestTorrents.singleFile("limit.bin", DATA, PIECE);
        try (Session a = session(new MemoryStorage(DATA.length, 1), 2);
                Session b = session(new MemoryStorage(DATA.length, 1), 3);
                Session us = session(new MemoryStorage(DATA.length, 1), 1, 2)) {
            a.add(params(m, folder.resolve("a"), List.of()));
            b.add(params(m, folder.resolve("b"), List.of()));
            Torrent t = us.add(params(m, folder.resolve("us"), List.of(local(a))));
            await(() -> onLoop(t, () -> t.peers().size()) == 1, "connected to the first peer");

            t.addPeers("test", List.of(local(b)));
            await(() -> onLoop(t, () -> t.peers().size()) == 2, "connected to the second peer too");
        }
    }
}
