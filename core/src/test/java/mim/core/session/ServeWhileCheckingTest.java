package mim.core.session;

import static mim.core.session.Loopback.DEADLINE;
import static mim.core.session.Loopback.local;
import static mim.core.session.Loopback.params;
import static mim.core.session.Loopback.session;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mim.core.metainfo.Metainfo;
import mim.core.testing.LeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A torrent whose data another program wrote checks it at start; a peer that connects meanwhile is
 * served the pieces verified so far and hears of each one as it verifies.
 */
@ExtendWith(LeakCheck.class)
class ServeWhileCheckingTest {
    private static final int PIECE = 32 * 1024;
    private static final int HAVE = 4;
    private static final int UNCHOKE = 1;
    private static final int PIECE_MESSAGE = 7;

    @TempDir
    Path folder;

    private final byte[] data = TestTorrents.content(20 * PIECE, 11);

    @Test
    void aPeerIsServedTheVerifiedPiecesWhileTheRestIsStillBeingChecked() throws Exception {
        Metainfo m = TestTorrents.singleFile("check.bin", data, PIECE);
        MemoryStorage disk = MemoryStorage.filled(data, 1);
        // The last piece's bytes come off a "slow disk": the check cannot finish until the test says.
        disk.gateReadsFrom(19L * PIECE);
        try (Session seed = session(disk, 1)) {
            Torrent t = seed.add(params(m, folder, List.of()));
            Loopback.await(() -> Loopback.onLoop(t, () -> t.isServable(0) && t.acceptsPeers()), "piece 0 verified");
            try (RawPeer peer = RawPeer.connect(local(seed), m.infoHash().bytes(), "-XX0001-")) {
                assertEquals(Torrent.State.CHECKING, t.state());
                peer.send(2, new byte[0]); // interested
                boolean unchoked = false;
                while (!unchoked) {
                    unchoked = peer.read().id() == UNCHOKE;
                }
                peer.send(6, ByteBuffer.allocate(12).putInt(0).putInt(PIECE / 2).putInt(16 * 1024).array());
                RawPeer.Received block = readUntil(peer, PIECE_MESSAGE);
                assertEquals(0, ByteBuffer.wrap(block.payload()).getInt(), "piece 0");
                assertArrayEquals(Arrays.copyOfRange(data, PIECE / 2, PIECE / 2 + 16 * 1024),
                        Arrays.copyOfRange(block.payload(), 8, block.payload().length));
                assertEquals(Torrent.State.CHECKING, t.state(), "served before the check is over");
                disk.openGate();
                t.completion().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
                assertEquals(Torrent.State.SEEDING, t.state());
                boolean[] heard = new boolean[m.pieceCount()];
                while (!heard[19]) {
                    RawPeer.Received r = readUntil(peer, HAVE);
                    heard[ByteBuffer.wrap(r.payload()).getInt()] = true;
                }
                assertTrue(heard[19], "told of the last piece once it verified");
            }
        } finally {
            disk.openGate();
        }
    }

    private static RawPeer.Received readUntil(RawPeer peer, int id) throws Exception {
        while (true) {
            RawPeer.Received r = peer.read();
            if (r.id() == id) {
                return r;
            }
        }
    }
}
