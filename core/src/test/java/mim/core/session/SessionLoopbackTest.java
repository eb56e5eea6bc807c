package mim.core.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static mim.core.session.Loopback.DEADLINE;
import static mim.core.session.Loopback.await;
import static mim.core.session.Loopback.local;
import static mim.core.session.Loopback.onLoop;
import static mim.core.session.Loopback.params;
import static mim.core.session.Loopback.session;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.ReferenceCountUtil;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import mim.core.metainfo.Metainfo;
import mim.core.wire.CloseReason;
import mim.core.wire.Handshake;
import mim.core.wire.Message;
import mim.core.wire.PeerChannelInitializer;
import mim.core.wire.PeerConnection;
import mim.core.wire.PeerHandler;
import mim.core.wire.PeerId;
import mim.core.wire.TorrentBinding;
import mim.core.wire.WireConfig;
import mim.core.testing.LeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two sessions of ours on loopback, their content in memory: a download from a seed, a peer that
 * sends corrupt blocks (banned, its pieces fetched again), and a peer that breaks the protocol
 * (dropped, the torrent unharmed).
 */
@ExtendWith(LeakCheck.class)
class SessionLoopbackTest {
    private static final int PIECE = 32 * 1024;

    @TempDir
    Path seedFolder;
    @TempDir
    Path leechFolder;

    private final byte[] data = TestTorrents.content(20 * PIECE + 1234, 42);

    @Test
    void downloadsFromASeedOfOurs() throws Exception {
        Metainfo m = TestTorrents.singleFile("loop.bin", data, PIECE);
        MemoryStorage seedStore = MemoryStorage.filled(data, 1);
        MemoryStorage leechStore = new MemoryStorage(data.length, 1);
        try (Session seed = session(seedStore, 1); Session leech = session(leechStore, 2)) {
            Torrent seeding = seed.add(params(m, seedFolder, List.of()));
            seeding.completion().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            assertEquals(Torrent.State.SEEDING, seeding.state(), "complete data is verified and seeded");
            Torrent t = leech.add(params(m, leechFolder, List.of(local(seed))));
            t.completion().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            assertEquals(Torrent.State.SEEDING, t.state());
            assertEquals(0, Loopback.onLoop(t, t::keptPieceBuffers), "a seed keeps no buffers for pieces to come");
        }
        assertArrayEquals(data, leechStore.content());
    }

    @Test
    void leechersAskingForTheSamePiecesAreServedFromOneStorageReadOfEachPiece() throws Exception {
        Metainfo m = TestTorrents.singleFile("loop.bin", data, PIECE);
        MemoryStorage seedStore = MemoryStorage.filled(data, 1);
        List<MemoryStorage> leechStores = List.of(new MemoryStorage(data.length, 1),
                new MemoryStorage(data.length, 1), new MemoryStorage(data.length, 1));
        try (Session seed = session(seedStore, 1); Session a = session(leechStores.get(0), 2);
                Session b = session(leechStores.get(1), 3); Session c = session(leechStores.get(2), 4)) {
            seed.add(params(m, seedFolder, List.of())).completion().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            seedStore.takeReads();
            List<Torrent> leeching = new java.util.ArrayList<>();
            for (Session leech : List.of(a, b, c)) {
                leeching.add(leech.add(params(m, leechFolder.resolve("l" + leeching.size()), List.of(local(seed)))));
            }
            for (Torrent t : leeching) {
                t.completion().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            }
        }
        List<MemoryStorage.Read> expected = new java.util.ArrayList<>();
        for (int p = 0; p < m.pieceCount(); p++) {
            expected.add(new MemoryStorage.Read((long) p * PIECE, m.layout().pieceSize(p)));
        }
        List<MemoryStorage.Read> reads = new java.util.ArrayList<>(seedStore.takeReads());
        reads.sort(java.util.Comparator.comparingLong(MemoryStorage.Read::offset));
        assertEquals(expected, reads, "each piece read once, whole, for three leechers");
        for (MemoryStorage leech : leechStores) {
            assertArrayEquals(data, leech.content());
        }
    }

    @Test
    void aPeerSendingCorruptBlocksIsBannedAndItsPiecesFetchedAgain() throws Exception {
        Metainfo m = TestTorrents.singleFile("loop.bin", data, PIECE);
        MemoryStorage leechStore = new MemoryStorage(data.length, 1);
        NioEventLoopGroup group = new NioEventLoopGroup(1);
        // 127.0.0.2: bans are by address, and the honest seed is on 127.0.0.1.
        InetAddress liarAddress = InetAddress.getByName("127.0.0.2");
        try (Session seed = session(MemoryStorage.filled(data, 1), 1); Session leech = session(leechStore, 2)) {
            WireConfig wire = WireConfig.defaults(PeerId.generate("-XX0001-", new Random(3)));
            Channel liar = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .childHandler(PeerChannelInitializer.incoming(wire,
                            hash -> Optional.of(new TorrentBinding(m.infoHash(), m.layout(), new Liar()))))
                    .bind(new InetSocketAddress(liarAddress, 0)).sync().channel();
            Torrent t = leech.add(params(m, leechFolder, List.of((InetSocketAddress) liar.localAddress())));
            await(() -> onLoop(t, () -> t.bans().isBanned(liarAddress)), "the liar is banned");
            seed.add(params(m, seedFolder, List.of())).completion().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            t.addPeers("test", List.of(local(seed)));
            t.completion().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            liar.close().sync();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
        assertArrayEquals(data, leechStore.content(), "only verified data was kept");
    }

    @Test
    void aProtocolViolationCostsOnlyThatConnection() throws Exception {
        Metainfo m = TestTorrents.singleFile("loop.bin", data, PIECE);
        MemoryStorage leechStore = new MemoryStorage(data.length, 1);
        try (Session seed = session(MemoryStorage.filled(data, 1), 1); Session leech = session(leechStore, 2)) {
            Torrent seeding = seed.add(params(m, seedFolder, List.of()));
            seeding.completion().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), seed.listenPort())) {
                s.setSoTimeout((int) DEADLINE.toMillis());
                ByteBuf hs = new Handshake(WireConfig.defaults(PeerId.generate("-XX0001-", new Random(4))).reserved(),
                        m.infoHash(), PeerId.generate("-XX0001-", new Random(4))).encode(io.netty.buffer.UnpooledByteBufAllocator.DEFAULT);
                OutputStream out = s.getOutputStream();
                byte[] bytes = new byte[hs.readableBytes()];
                hs.readBytes(bytes);
                hs.release();
                out.write(bytes);
                // have for piece 9999 of a 21-piece torrent
                out.write(new byte[] {0, 0, 0, 5, 4, 0, 0, 0x27, 0x0f});
                out.flush();
                assertTrue(closedByPeer(new DataInputStream(s.getInputStream())), "the seed hung up");
            }
            assertEquals(Torrent.State.SEEDING, seeding.state());
            Torrent t = leech.add(params(m, leechFolder, List.of(local(seed))));
            t.completion().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        }
        assertArrayEquals(data, leechStore.content());
    }

    @Test
    void aFullDiskStopsTheTorrentNamingTheFileAndKeepsWhatWasVerified() throws Exception {
        Metainfo m = TestTorrents.singleFile("loop.bin", data, PIECE);
        MemoryStorage leechStore = new MemoryStorage(data.length, 1);
        leechStore.fillDiskAfter(5L * PIECE);
        try (Session seed = session(MemoryStorage.filled(data, 1), 1); Session leech = session(leechStore, 2)) {
            seed.add(params(m, seedFolder, List.of())).completion().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            Torrent t = leech.add(params(m, leechFolder, List.of(local(seed))));
            java.util.concurrent.ExecutionException failure = org.junit.jupiter.api.Assertions.assertThrows(
                    java.util.concurrent.ExecutionException.class,
                    () -> t.completion().get(DEADLINE.toSeconds(), TimeUnit.SECONDS));
            assertEquals("loop.bin: no space left on device", failure.getCause().getMessage());
            assertEquals(Torrent.State.ERROR, t.state());
            t.close().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            ResumeFile saved = ResumeFile.load(t.resumePath(), m.infoHash().bytes(), m.pieceCount(), 1).orElseThrow();
            assertTrue(saved.pieces().cardinality() <= 5, "at most the pieces that fitted: " + saved.pieces());
            for (int p = saved.pieces().nextSetBit(0); p >= 0; p = saved.pieces().nextSetBit(p + 1)) {
                assertArrayEquals(java.util.Arrays.copyOfRange(data, p * PIECE, (p + 1) * PIECE),
                        java.util.Arrays.copyOfRange(leechStore.content(), p * PIECE, (p + 1) * PIECE));
            }
        }
    }

    /** Announces every piece, unchokes, and answers every request with zeros. */
    private static final class Liar implements PeerHandler {
        private PeerConnection connection;

        @Override
        public void onHandshake(PeerConnection conn, Handshake remote) {
            connection = conn;
            conn.send(Message.HAVE_ALL);
            conn.send(Message.UNCHOKE);
        }

        @Override
        public void onMessage(Message message) {
            if (message instanceof Message.Request r) {
                int n = r.block().length();
                connection.send(new Message.Piece(r.block().piece(), r.block().offset(), Unpooled.buffer(n).writeZero(n)));
            }
            ReferenceCountUtil.release(message);
        }

        @Override
        public void onClosed(CloseReason reason) {
        }
    }

    private static boolean closedByPeer(DataInputStream in) throws Exception {
        try {
            while (true) {
                in.readByte();
            }
        } catch (EOFException e) {
            return true;
        } catch (java.net.SocketException e) {
            return true;
        }
    }
}
