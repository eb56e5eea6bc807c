package mim.core.session;

import static mim.core.session.Loopback.DEADLINE;
import static mim.core.session.Loopback.at;
import static mim.core.session.Loopback.await;
import static mim.core.session.Loopback.params;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mim.core.bencode.BDict;
import mim.core.bencode.BString;
import mim.core.bencode.BencodeException;
import mim.core.bencode.BencodeReader;
import mim.core.magnet.MagnetLink;
import mim.core.metainfo.Metainfo;
import mim.core.spi.PeerSink;
import mim.core.spi.TorrentIdentity;
import mim.core.spi.WireExtension;
import mim.core.spi.WireHandler;
import mim.core.spi.WirePeer;
import mim.core.testing.LeakCheck;
import mim.core.testing.MetadataLessPeer;
import mim.core.wire.ExtensionHandshake;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A magnet link's metadata fetch runs the session's wire extensions as a torrent does: it announces
 * them, routes their messages to their handlers and dials the peers they name; a peer that has no
 * metadata is kept, and counted, while it speaks one of them, and closed when it speaks none. The
 * extension here is a stand-in for the pex plugin's (which core cannot see): ut_pex reading BEP 11's
 * {@code added} peers. With it, a fetch whose only peer has no metadata finds the seeder that peer
 * names, and downloads.
 */
@ExtendWith(LeakCheck.class)
class FetchExtensionsTest {
    private static final int PIECE = 16 * 1024;
    private static final byte[] DATA = TestTorrents.content(32 * PIECE + 99, 5);
    private static final String UT_PEX = "ut_pex";
    private static final int THEIR_PEX_ID = 7;

    @TempDir
    Path seedFolder;
    @TempDir
    Path leechFolder;

    private final Metainfo torrent = metainfo();

    private static Metainfo metainfo() {
        try {
            return TestTorrents.singleFile("pex.bin", DATA, PIECE);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aFetchWhoseOnlyPeerHasNoMetadataDialsTheSeederThatPeerNamesOverPexAndDownloads() throws Exception {
        InetAddress seedHost = InetAddress.getByName("127.0.0.2");
        Pex pex = new Pex();
        MemoryStorage leechStore = new MemoryStorage(DATA.length, 1);
        try (Session seed = Loopback.builder(MemoryStorage.filled(DATA, 1), 1, seedHost).build();
             Session leech = Loopback.builder(leechStore, 2, w -> w).wireExtensions(List.of(pex)).build();
             MetadataLessPeer middle = MetadataLessPeer.start(torrent.infoHash().truncated(),
                     Map.of(UT_PEX, THEIR_PEX_ID), InetAddress.getByName("127.0.0.3"))) {
            seed.add(params(torrent, seedFolder, List.of())).completion().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            MetadataFetch fetch = leech.addMagnet(MagnetParams.download(link(middle.address()), leechFolder, List.of()));

            ExtensionHandshake ours = middle.awaitTheirHandshake(DEADLINE);
            assertEquals(OptionalInt.of(WireExtensions.FIRST_WIRE_ID), ours.idOf(UT_PEX), "the fetch offers ut_pex");
            assertEquals(OptionalLong.empty(), ours.metadataSize());
            middle.sendExtended(UT_PEX, pexAdding(List.of()));
            await(() -> pex.received.get() == 1, "the fetch's handler got the middle peer's first message");
            await(() -> fetch.status().describe().equals("fetching metadata: 1 peer"),
                    "the middle peer, kept for what it says over ut_pex, is counted");
            assertFalse(middle.hungUp().isDone());
            assertEquals(List.of(Optional.of(middle.address())), pex.joined, "listed at the address dialled");

            middle.sendExtended(UT_PEX, pexAdding(List.of(at(seedHost, seed))));
            assertArrayEquals(torrent.rawInfo(), fetch.metadata().get(DEADLINE.toSeconds(), TimeUnit.SECONDS).rawInfo());
            Torrent t = fetch.torrent().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            t.completion().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            assertEquals(List.of("pex: 1 peer heard of"), fetch.status().sources());
            assertEquals(2, pex.started.get(), "the torrent started its own handler");
            assertEquals(1, pex.closed.get(), "the fetch's handler closed when it handed over");
        }
        assertArrayEquals(DATA, leechStore.content());
        assertEquals(2, pex.closed.get());
    }

    @Test
    void aPeerWithoutMetadataIsKeptOnlyWhileItSpeaksAnExtensionOfTheFetch() throws Exception {
        Pex pex = new Pex();
        try (Session leech = Loopback.builder(new MemoryStorage(DATA.length, 1), 2, w -> w)
                     .wireExtensions(List.of(pex)).build();
             MetadataLessPeer mute = MetadataLessPeer.start(torrent.infoHash().truncated(), Map.of("x_other", 3),
                     InetAddress.getByName("127.0.0.4"));
             MetadataLessPeer talker = MetadataLessPeer.start(torrent.infoHash().truncated(),
                     Map.of(UT_PEX, THEIR_PEX_ID), InetAddress.getByName("127.0.0.5"))) {
            MetadataFetch fetch = leech.addMagnet(new MagnetParams(link(mute.address(), talker.address()), leechFolder,
                    m -> null, false, List.of(), true));
            mute.hungUp().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);

            talker.awaitTheirHandshake(DEADLINE);
            talker.sendExtended(UT_PEX, pexAdding(List.of()));
            await(() -> pex.received.get() == 1, "the talker's message was read");
            await(() -> fetch.status().describe().equals("fetching metadata: 1 peer"), "the talker alone is counted");
            assertFalse(talker.hungUp().isDone(), "kept while it speaks ut_pex");

            talker.sendHandshake(Map.of(UT_PEX, 0));
            talker.hungUp().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        }
        assertEquals(1, pex.started.get());
        assertEquals(1, pex.closed.get(), "the handler closed with the fetch");
    }

    private MagnetLink link(InetSocketAddress... peers) {
        MagnetLink.Builder b = MagnetLink.builder().infoHashV1(torrent.infoHash()).name("pex.bin");
        for (InetSocketAddress p : peers) {
            b.peer(new MagnetLink.Peer(p.getAddress().getHostAddress(), p.getPort()));
        }
        return b.build();
    }

    /** A ut_pex payload (BEP 11) adding these IPv4 peers, with no flags. */
    private static byte[] pexAdding(List<InetSocketAddress> peers) {
        ByteBuffer compact = ByteBuffer.allocate(6 * peers.size());
        for (InetSocketAddress p : peers) {
            compact.put(p.getAddress().getAddress()).putShort((short) p.getPort());
        }
        return BDict.builder().put("added", compact.array()).put("added.f", new byte[peers.size()])
                .put("dropped", new byte[0]).build().encode();
    }

    /** The IPv4 peers a ut_pex payload adds. */
    private static List<InetSocketAddress> added(byte[] payload) throws BencodeException {
        BString compact = ((BDict) BencodeReader.decode(payload)).string("added");
        ByteBuffer b = ByteBuffer.wrap(compact.bytes());
        List<InetSocketAddress> out = new ArrayList<>();
        while (b.remaining() >= 6) {
            byte[] ip = new byte[4];
            b.get(ip);
            try {
                out.add(new InetSocketAddress(InetAddress.getByAddress(ip), b.getShort() & 0xFFFF));
            } catch (java.net.UnknownHostException e) {
                throw new AssertionError(e);
            }
        }
        return out;
    }

    /** Peer exchange's receiving half: hands the peers a ut_pex adds to the sink; counts what it is told. */
    private static final class Pex implements WireExtension {
        final AtomicInteger started = new AtomicInteger();
        final AtomicInteger closed = new AtomicInteger();
        final AtomicInteger received = new AtomicInteger();
        final List<Optional<InetSocketAddress>> joined = new CopyOnWriteArrayList<>();

        @Override
        public String name() {
            return UT_PEX;
        }

        @Override
        public WireHandler start(TorrentIdentity torrent, PeerSink sink) {
            started.incrementAndGet();
            return new WireHandler() {
                @Override
                public void peerJoined(WirePeer peer) {
                    joined.add(peer.listenAddress());
                }

                @Override
                public void received(WirePeer peer, byte[] payload) {
                    List<InetSocketAddress> peers;
                    try {
                        peers = added(payload);
                    } catch (BencodeException e) {
                        peer.close("sent a bad ut_pex message");
                        return;
                    }
                    received.incrementAndGet();
                    if (!peers.isEmpty()) {
                        sink.peers(UT_PEX, peers);
                        sink.status("pex", peers.size() + (peers.size() == 1 ? " peer" : " peers") + " heard of");
                    }
                }

                @Override
                public void close() {
                    closed.incrementAndGet();
                }
            };
        }
    }
}
