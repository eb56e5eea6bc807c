package mim.core.wire;

import com.code_intelligence.jazzer.junit.FuzzTest;
import mim.core.metainfo.FileLayout;
import mim.core.metainfo.InfoHash;
import mim.core.testing.AllocationLimit;
import mim.core.testing.RegressionInputs;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Whatever a peer sends, the real pipeline ({@link PeerChannelInitializer}, plain protocol) turns it
 * into a handshake and checked messages or fails with one of the decoders' own errors, which closes
 * the connection with a reason that blames the peer; no buffer outlives the channel (see
 * {@link FuzzedConnection}).
 *
 * <p>The first byte of an input sets the scene, the rest is what the peer sends:
 * <pre>
 * bit 0     we opened the connection (else the peer did)
 * bit 1     the torrent's geometry is unknown, as while fetching a magnet link's metadata
 * bit 2, 3  we announce Fast, the extension protocol
 * bits 4-7  n: the peer's bytes arrive in reads of 2^(n-1) bytes, or all in one read for n = 0
 * </pre>
 * The torrent is that of the libtorrent captures in {@code resources/wire}, so those captures, with
 * a first byte, are the seeds. Stored inputs: {@code PeerWireFuzzTestInputs/receive}.
 */
@ExtendWith(RegressionInputs.class)
class PeerWireFuzzTest {
    private static final FileLayout LAYOUT = LibtorrentCaptureTest.LAYOUT;
    private static final InfoHash TORRENT = LibtorrentCaptureTest.CAPTURED;

    @FuzzTest
    void receive(byte[] input) throws Exception {
        AllocationLimit.check(input.length, () -> run(input));
    }

    private static void run(byte[] input) throws Exception {
        int scene = input.length == 0 ? 0 : input[0] & 0xff;
        boolean outgoing = (scene & 1) != 0;
        boolean layoutKnown = (scene & 2) == 0;
        Reserved ours = Reserved.NONE.with(((scene & 4) != 0 ? Reserved.FAST : 0)
                | ((scene & 8) != 0 ? Reserved.EXTENSION_PROTOCOL : 0));
        int chunk = chunk(scene >>> 4);

        WireConfig config = Fixtures.CONFIG.withReserved(ours);
        FuzzedConnection connection = new FuzzedConnection();
        TorrentBinding binding = layoutKnown ? new TorrentBinding(TORRENT, LAYOUT, connection)
                : TorrentBinding.withoutLayout(TORRENT, connection);
        connection.open(outgoing ? PeerChannelInitializer.outgoing(config, binding)
                : PeerChannelInitializer.incoming(config, connection.lookup(binding)), outgoing);
        connection.receive(input, 1, input.length, chunk);
        connection.finish();
    }

    /** Reads of 2^(n-1) bytes for n from 1 to 15; one read of everything for 0. */
    static int chunk(int n) {
        return n == 0 ? Integer.MAX_VALUE : 1 << (n - 1);
    }
}
