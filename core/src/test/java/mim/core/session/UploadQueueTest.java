package mim.core.session;

import static mim.core.session.Loopback.DEADLINE;
import static mim.core.session.Loopback.local;
import static mim.core.session.Loopback.params;
import static mim.core.session.Loopback.session;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
 * A seed takes as many requests at once as a fast leecher keeps outstanding: libtorrent keeps up to
 * 500 blocks asked of one peer (its {@code max_out_request_queue}) when the link is fast, and a seed
 * that refused past a smaller queue held such a leecher to a fraction of the link.
 */
@ExtendWith(LeakCheck.class)
class UploadQueueTest {
    private static final int BLOCK = 16 * 1024;
    private static final int PIECE = 16 * BLOCK;
    private static final int BLOCKS = 600;
    private static final byte[] DATA = TestTorrents.content(BLOCKS * BLOCK, 9);
    private static final int UNCHOKE = 1;
    private static final int INTERESTED = 2;
    private static final int REQUEST = 6;
    private static final int PIECE_MESSAGE = 7;
    private static final int REJECT = 16;

    @TempDir
    Path folder;

    @Test
    void aBurstOfSixHundredRequestsIsServedWhole() throws Exception {
        assertTrue(Peer.MAX_QUEUED_UPLOADS >= BLOCKS, "the announced queue (reqq) holds the burst");
        Metainfo m = TestTorrents.singleFile("deep.bin", DATA, PIECE);
        try (Session seed = session(MemoryStorage.filled(DATA, 1), 1)) {
            seed.add(params(m, folder, List.of())).completion().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            try (RawPeer peer = RawPeer.connect(local(seed), m.infoHash().truncated(), "-TT0001-")) {
                peer.send(INTERESTED, new byte[0]);
                while (peer.read().id() != UNCHOKE) {
                    // the seed's availability and extension handshake come first
                }
                for (int b = 0; b < BLOCKS; b++) {
                    peer.queue(REQUEST, ByteBuffer.allocate(12).putInt(b / 16).putInt(b % 16 * BLOCK).putInt(BLOCK).array());
                }
                peer.flush();

                byte[] received = new byte[DATA.length];
                for (int served = 0; served < BLOCKS; ) {
                    RawPeer.Received r = peer.read();
                    assertNotEquals(REJECT, r.id(), () -> "request refused: " + Arrays.toString(r.payload()));
                    if (r.id() == PIECE_MESSAGE) {
                        ByteBuffer p = ByteBuffer.wrap(r.payload());
                        int at = p.getInt() * PIECE + p.getInt();
                        assertEquals(BLOCK, p.remaining());
                        p.get(received, at, BLOCK);
                        served++;
                    }
                }
                assertArrayEquals(DATA, received);
            }
        }
    }
}
