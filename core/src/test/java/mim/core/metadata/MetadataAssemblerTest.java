package mim.core.metadata;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import mim.core.metainfo.InfoHash;
import mim.core.metainfo.Metainfo;
import org.junit.jupiter.api.Test;

/** Fetching real info dictionaries from the libtorrent corpus, piece by piece, from several peers. */
class MetadataAssemblerTest {
    static final long SECOND = 1_000_000_000L;

    static Metainfo corpus(String name) throws Exception {
        try (InputStream in = MetadataAssemblerTest.class.getResourceAsStream("/corpus/libtorrent/" + name)) {
            assertNotNull(in, name);
            return Metainfo.parse(in.readAllBytes());
        }
    }

    static MetadataMessage.Data piece(byte[] info, int piece) {
        int from = piece * MetadataMessage.PIECE_SIZE;
        return new MetadataMessage.Data(piece, info.length,
                Arrays.copyOfRange(info, from, from + MetadataMessage.pieceLength(info.length, piece)));
    }

    /** Serves {@code info} to the assembler from the peers in turn until it says something other than Accepted. */
    static MetadataAssembler.Outcome<String> fetch(MetadataAssembler<String> a, byte[] info, List<String> peers) {
        for (int round = 0; round < 10_000; round++) {
            String peer = peers.get(round % peers.size());
            OptionalInt next = a.nextRequest(peer, 0);
            if (next.isPresent()) {
                MetadataAssembler.Outcome<String> o = a.received(peer, piece(info, next.getAsInt()));
                if (!(o instanceof MetadataAssembler.Outcome.Accepted)) {
                    return o;
                }
            }
        }
        throw new AssertionError("no end after 10000 rounds: " + a);
    }

    @Test
    void assemblesALargeV1InfoFromThreePeersAndBuildsTheTorrent() throws Exception {
        Metainfo torrent = corpus("large.torrent");
        byte[] info = torrent.rawInfo();
        assertTrue(MetadataMessage.pieceCount(info.length) > 3, "want several pieces, have " + info.length + " bytes");
        MetadataAssembler<String> a = new MetadataAssembler<>(torrent.infoHashV1());
        for (String p : List.of("a", "b", "c")) {
            assertTrue(a.peerAnnounced(p, info.length));
        }
        var done = assertInstanceOf(MetadataAssembler.Outcome.Complete.class, fetch(a, info, List.of("a", "b", "c")));
        assertArrayEquals(info, done.info());
        assertTrue(a.isComplete());
        assertArrayEquals(info, a.info().orElseThrow());
        assertEquals(OptionalInt.empty(), a.nextRequest("a", 0));

        Metainfo built = Metainfo.fromInfo(done.info(), List.of(List.of("http://tracker.example/announce")),
                List.of("http://seed.example/"));
        assertEquals(torrent.infoHashV1(), built.infoHashV1());
        assertEquals(torrent.name(), built.name());
        assertEquals(torrent.totalLength(), built.totalLength());
        assertEquals(List.of("http://tracker.example/announce"), built.trackers());
        assertEquals(List.of("http://seed.example/"), built.webSeeds());
    }

    @Test
    void assemblesAV2InfoAgainstItsSha256() throws Exception {
        Metainfo torrent = corpus("v2_only.torrent");
        byte[] info = torrent.rawInfo();
        MetadataAssembler<String> a = new MetadataAssembler<>(torrent.infoHashV2());
        a.peerAnnounced("a", info.length);
        var done = assertInstanceOf(MetadataAssembler.Outcome.Complete.class, fetch(a, info, List.of("a")));
        Metainfo built = Metainfo.fromInfo(done.info(), List.of(), List.of());
        assertEquals(torrent.infoHashV2(), built.infoHashV2());
        assertTrue(built.isV2Only());
    }

    @Test
    void aCorruptPieceBlamesItsSenderAndStartsOver() throws Exception {
        Metainfo torrent = corpus("large.torrent");
        byte[] info = torrent.rawInfo();
        byte[] forged = info.clone();
        forged[forged.length - 2] ^= 1;
        MetadataAssembler<String> a = new MetadataAssembler<>(torrent.infoHashV1());
        a.peerAnnounced("honest", info.length);
        a.peerAnnounced("liar", info.length);
        a.peerAnnounced("late", info.length);
        // "honest" serves the first pieces, "liar" the rest including the forged last piece.
        int count = MetadataMessage.pieceCount(info.length);
        MetadataAssembler.Outcome<String> last = null;
        for (int i = 0; i < count; i++) {
            String peer = i < 2 ? "honest" : "liar";
            int piece = a.nextRequest(peer, 0).orElseThrow();
            last = a.received(peer, piece(i < 2 ? info : forged, piece));
        }
        var bad = assertInstanceOf(MetadataAssembler.Outcome.HashMismatch.class, last);
        assertEquals(Set.of("honest", "liar"), bad.contributors());
        assertFalse(a.isComplete());
        assertEquals(0, a.piecesHave());
        assertEquals(OptionalInt.empty(), a.nextRequest("liar", 0), "a blamed peer is not asked again");
        assertInstanceOf(MetadataAssembler.Outcome.Complete.class, fetch(a, info, List.of("late")));
    }

    @Test
    void refusesAnnouncedSizesPastTheLimit() throws Exception {
        InfoHash h = InfoHash.v1Of(new byte[] {'d', 'e'});
        MetadataAssembler<String> a = new MetadataAssembler<>(h, 1 << 20, SECOND);
        assertFalse(a.peerAnnounced("a", (1 << 20) + 1));
        assertFalse(a.peerAnnounced("b", 0));
        assertFalse(a.peerAnnounced("c", -5));
        assertEquals(OptionalInt.empty(), a.nextRequest("a", 0));
        assertEquals(0, a.targetSize());
        assertTrue(a.peerAnnounced("d", 1 << 20));
        assertEquals(1 << 20, a.targetSize());
        assertThrows(IllegalArgumentException.class, () -> new MetadataAssembler<>(h, MetadataMessage.MAX_METADATA_SIZE + 1, SECOND));
    }

    @Test
    void acceptsOnlyRequestedPiecesOfTheAnnouncedSize() throws Exception {
        byte[] info = corpus("large.torrent").rawInfo();
        MetadataAssembler<String> a = new MetadataAssembler<>(InfoHash.v1Of(info));
        a.peerAnnounced("a", info.length);
        a.peerAnnounced("b", info.length);
        assertInstanceOf(MetadataAssembler.Outcome.Ignored.class, a.received("a", piece(info, 0)), "unrequested");
        assertEquals(0, a.nextRequest("a", 0).orElseThrow());
        assertInstanceOf(MetadataAssembler.Outcome.Ignored.class, a.received("b", piece(info, 0)), "asked of a, not b");
        byte[] shorter = Arrays.copyOf(info, info.length - 1);
        assertInstanceOf(MetadataAssembler.Outcome.Refused.class, a.received("a", piece(shorter, 0)));
        assertEquals(0, a.nextRequest("b", 0).orElseThrow(), "the refused request went back to the pool");
        assertInstanceOf(MetadataAssembler.Outcome.Accepted.class, a.received("b", piece(info, 0)));
        assertInstanceOf(MetadataAssembler.Outcome.Ignored.class, a.received("b", piece(info, 0)), "a duplicate");
        assertEquals(1, a.piecesHave());
    }

    @Test
    void boundsOpenRequestsPerPeerAndReassignsThemAfterTheTimeout() throws Exception {
        byte[] info = corpus("large.torrent").rawInfo();
        MetadataAssembler<String> a = new MetadataAssembler<>(InfoHash.v1Of(info), MetadataMessage.MAX_METADATA_SIZE, 10 * SECOND);
        a.peerAnnounced("slow", info.length);
        a.peerAnnounced("fast", info.length);
        for (int i = 0; i < MetadataAssembler.MAX_REQUESTS_PER_PEER; i++) {
            assertEquals(i, a.nextRequest("slow", 0).orElseThrow());
        }
        assertEquals(OptionalInt.empty(), a.nextRequest("slow", SECOND));
        int next = MetadataAssembler.MAX_REQUESTS_PER_PEER;
        assertEquals(next, a.nextRequest("fast", SECOND).orElseThrow());
        assertInstanceOf(MetadataAssembler.Outcome.Accepted.class, a.received("fast", piece(info, next)));
        assertEquals(0, a.nextRequest("fast", 10 * SECOND).orElseThrow(), "slow's request timed out");
        assertInstanceOf(MetadataAssembler.Outcome.Ignored.class, a.received("slow", piece(info, 0)), "too late");
    }

    @Test
    void anIdlePeerDoublesUpAtOnceOnThePieceWithFewestAskersAndTheFirstAnswerWins() throws Exception {
        byte[] info = corpus("large.torrent").rawInfo();
        int count = MetadataMessage.pieceCount(info.length);
        MetadataAssembler<String> a = new MetadataAssembler<>(InfoHash.v1Of(info), MetadataMessage.MAX_METADATA_SIZE,
                100 * SECOND);
        for (String p : List.of("silent", "slow", "fast", "third")) {
            a.peerAnnounced(p, info.length);
        }
        assertEquals(0, a.nextRequest("silent", 0).orElseThrow());
        assertEquals(OptionalInt.empty(), a.nextRequest("silent", 0), "one request open a peer");
        assertEquals(1, a.nextRequest("slow", 0).orElseThrow(), "pieces nobody was asked for first");
        for (int piece = 2; piece < count; piece++) {
            assertEquals(piece, a.nextRequest("fast", 1).orElseThrow());
            assertInstanceOf(MetadataAssembler.Outcome.Accepted.class, a.received("fast", piece(info, piece)));
        }

        assertEquals(0, a.nextRequest("fast", 1).orElseThrow(), "idle: asked for a piece another sits on");
        assertEquals(1, a.nextRequest("third", 1).orElseThrow(), "idle: the piece with the fewest askers");
        assertInstanceOf(MetadataAssembler.Outcome.Accepted.class, a.received("fast", piece(info, 0)));
        assertInstanceOf(MetadataAssembler.Outcome.Ignored.class, a.received("silent", piece(info, 0)), "second answer");
        assertEquals(1, a.nextRequest("fast", 1).orElseThrow(), "idle again, and piece 1 has room");

        var done = assertInstanceOf(MetadataAssembler.Outcome.Complete.class, a.received("slow", piece(info, 1)),
                "the slow peer, answering at last, is heard");
        assertArrayEquals(info, done.info());
    }

    @Test
    void idlePeersDoubleUpOnAPieceUpToTheLimitThenOnlyOnceItStalled() throws Exception {
        byte[] info = corpus("large.torrent").rawInfo();
        int count = MetadataMessage.pieceCount(info.length);
        MetadataAssembler<String> a = new MetadataAssembler<>(InfoHash.v1Of(info));
        List<String> peers = new ArrayList<>();
        for (int i = 0; i < count * MetadataAssembler.MAX_ASKERS + 2; i++) {
            peers.add("p" + i);
            a.peerAnnounced("p" + i, info.length);
        }
        int[] askers = new int[count];
        int asked = 0;
        for (String p : peers) {
            OptionalInt piece = a.nextRequest(p, 0);
            if (piece.isPresent()) {
                askers[piece.getAsInt()]++;
                asked++;
            }
        }
        assertEquals(count * MetadataAssembler.MAX_ASKERS, asked, "the last peers find every piece asked enough");
        for (int n : askers) {
            assertEquals(MetadataAssembler.MAX_ASKERS, n, "askers spread evenly over the pieces");
        }
        String last = peers.get(peers.size() - 1);
        assertEquals(OptionalInt.empty(), a.nextRequest(last, MetadataAssembler.STALL_NANOS - 1));
        assertTrue(a.nextRequest(last, MetadataAssembler.STALL_NANOS).isPresent(), "past the stall, one more asker");
    }

    @Test
    void aRejectingOrDepartingPeerGivesItsRequestsBack() throws Exception {
        byte[] info = corpus("large.torrent").rawInfo();
        MetadataAssembler<String> a = new MetadataAssembler<>(InfoHash.v1Of(info));
        a.peerAnnounced("a", info.length);
        a.peerAnnounced("b", info.length);
        a.peerAnnounced("c", info.length);
        assertEquals(0, a.nextRequest("a", 0).orElseThrow());
        assertEquals(1, a.nextRequest("b", 0).orElseThrow());
        a.rejected("a", 0);
        a.peerGone("b");
        assertEquals(0, a.nextRequest("c", 0).orElseThrow());
        assertInstanceOf(MetadataAssembler.Outcome.Accepted.class, a.received("c", piece(info, 0)));
        assertEquals(1, a.nextRequest("c", 0).orElseThrow());
        assertEquals(OptionalInt.empty(), a.nextRequest("a", 0), "a rejecting peer is not asked again");
    }

    @Test
    void movesToAnotherSizeWhenNobodyVouchesForTheTargetAnyMore() throws Exception {
        byte[] info = corpus("large.torrent").rawInfo();
        MetadataAssembler<String> a = new MetadataAssembler<>(InfoHash.v1Of(info));
        a.peerAnnounced("wrong", info.length + 1);
        a.peerAnnounced("right", info.length);
        assertEquals(info.length + 1, a.targetSize());
        assertEquals(OptionalInt.empty(), a.nextRequest("right", 0), "right announced another size");
        a.peerGone("wrong");
        assertEquals(info.length, a.targetSize());
        assertInstanceOf(MetadataAssembler.Outcome.Complete.class, fetch(a, info, List.of("right")));
    }

    @Test
    void fromInfoRefusesBytesAfterTheInfoValue() throws Exception {
        byte[] info = corpus("large.torrent").rawInfo();
        byte[] padded = Arrays.copyOf(info, info.length + 8);
        System.arraycopy("3:fooi1e".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, padded, info.length, 8);
        assertThrows(mim.core.metainfo.InvalidTorrentException.class, () -> Metainfo.fromInfo(padded, List.of(), List.of()));
    }
}
