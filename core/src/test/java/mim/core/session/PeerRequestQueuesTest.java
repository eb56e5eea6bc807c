package mim.core.session;

import static mim.core.session.Loopback.DEADLINE;
import static mim.core.session.Loopback.local;
import static mim.core.session.Loopback.params;
import static mim.core.session.Loopback.session;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import mim.core.metainfo.Metainfo;
import mim.core.testing.LeakCheck;
import mim.core.wire.ExtensionHandshake;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The request queues of BEP 10's {@code reqq}, both ways. As a seed we take as many requests at once
 * as a fast leecher keeps outstanding: libtorrent keeps up to 500 blocks asked of one peer (its
 * {@code max_out_request_queue}) when the link is fast, and a seed that refused past a smaller queue
 * held such a leecher to a fraction of the link. As a leecher we keep no more outstanding than the
 * peer said it queues: it would refuse or silently drop the rest.
 */
@ExtendWith(LeakCheck.class)
class PeerRequestQueuesTest {
    private static final int BLOCK = 16 * 1024;
    private static final int PIECE = 16 * BLOCK;
    private static final int BLOCKS = 600;
    private static final byte[] DATA = TestTorrents.content(BLOCKS * BLOCK, 9);
    private static final int UNCHOKE = 1;
    private static final int INTERESTED = 2;
    private static final int REQUEST = 6;
    private static final int PIECE_MESSAGE = 7;
    private static final int REJECT = 16;
    private static final int BITFIELD = 5;
    private static final int HAVE_ALL = 14;

    @TempDir
    Path leechFolder;

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

    @Test
    void aLeecherKeepsNoMoreRequestsOutstandingThanThePeerQueues() throws Exception {
        Metainfo m = TestTorrents.singleFile("deep.bin", DATA, PIECE);
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Session leech = session(new MemoryStorage(DATA.length, 1), 2)) {
            leech.add(params(m, leechFolder, List.of((InetSocketAddress) server.getLocalSocketAddress())));
            server.setSoTimeout((int) DEADLINE.toMillis());
            try (Socket s = server.accept(); RawPeer seed = new RawPeer(s)) {
                s.setSoTimeout((int) DEADLINE.toMillis());
                seed.readHandshake();
                seed.sendHandshake(m.infoHash().truncated(), "-TT0001-");
                seed.sendExtended(0, new ExtensionHandshake(Map.of(), Optional.empty(), OptionalInt.empty(),
                        Optional.empty(), OptionalInt.of(3), OptionalLong.empty(), Optional.empty(), Optional.empty())
                        .encode());
                seed.send(HAVE_ALL, new byte[0]);
                seed.send(UNCHOKE, new byte[0]);
                int requests = 0;
                while (requests < 3) {
                    int id = seed.read().id();
                    assertNotEquals(BITFIELD, id, "a leecher with nothing has nothing to announce");
                    if (id == REQUEST) {
                        requests++;
                    }
                }
                // A fourth would have left with the first three, in the same write.
                s.setSoTimeout(500);
                try {
                    RawPeer.Received more = seed.read();
                    assertNotEquals(REQUEST, more.id(), "a fourth request outstanding");
                } catch (SocketTimeoutException expected) {
                    // nothing more: right
                }
            }
        }
    }
}
