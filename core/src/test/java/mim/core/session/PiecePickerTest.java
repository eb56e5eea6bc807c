package mim.core.session;

import mim.core.wire.BlockRef;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import mim.core.metainfo.FileEntry;
import mim.core.metainfo.FileLayout;
import mim.core.session.BlockArrival.Cancel;
import mim.core.session.BlockArrival.Kind;
import org.junit.jupiter.api.Test;

class PiecePickerTest {
    private static final int B = BlockRef.STANDARD_LENGTH;

    static FileLayout layout(long pieceLength, long total) {
        return new FileLayout(pieceLength, List.of(FileEntry.of(List.of("f"), total, 0)));
    }

    private final TransferStats stats = new TransferStats();

    private PiecePicker<String> picker(FileLayout layout, int randomStart, long seed) {
        return new PiecePicker<>(layout, new SplittableRandom(seed), stats, randomStart, 3);
    }

    private static void connect(PiecePicker<String> picker, String peer, int... pieces) {
        picker.peerConnected(peer, false);
        Bitfield b = new Bitfield(picker.pieceCount());
        for (int p : pieces) {
            b.set(p);
        }
        picker.peerBitfield(peer, b);
        picker.peerUnchoked(peer);
    }

    private static void seed(PiecePicker<String> picker, String peer) {
        picker.peerConnected(peer, false);
        picker.peerHaveAll(peer);
        picker.peerUnchoked(peer);
    }

    @Test
    void blocksOfAPieceComeInOrderAndTheLastBlockIsShort() {
        // 2 pieces of 4 blocks, the second one 20,000 bytes: a full block and 3,616 bytes
        PiecePicker<String> picker = picker(layout(4 * B, 4 * B + 20_000), 0, 1);
        connect(picker, "a", 1);
        assertEquals(List.of(new BlockRef(1, 0, B), new BlockRef(1, B, 20_000 - B)), picker.pick("a", 10));
        assertEquals(2, picker.outstanding("a"));
        assertEquals(List.of(), picker.pick("a", 10), "piece 0 is not the peer's");
    }

    @Test
    void finishesAStartedPieceBeforeStartingAnother() {
        PiecePicker<String> picker = picker(layout(4 * B, 40 * B), 0, 1);
        connect(picker, "a", 0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        connect(picker, "b", 0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        List<BlockRef> first = picker.pick("a", 2);
        int piece = first.get(0).piece();
        assertEquals(piece, first.get(1).piece());
        List<BlockRef> second = picker.pick("b", 3);
        assertEquals(List.of(new BlockRef(piece, 2 * B, B), new BlockRef(piece, 3 * B, B)), second.subList(0, 2));
        assertTrue(second.get(2).piece() != piece, "then a new piece");
    }

    @Test
    void picksTheRarestPieceThePeerHas() {
        PiecePicker<String> picker = picker(layout(B, 10 * B), 0, 1);
        connect(picker, "x", 0, 1, 2, 3, 4, 5, 6, 7, 8);
        connect(picker, "y", 0, 1, 2, 3, 5, 6, 7, 8, 9);
        connect(picker, "z", 0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        // availability: 4 and 9 have 2 peers, the rest 3
        Set<Integer> picked = new HashSet<>();
        for (BlockRef r : picker.pick("z", 2)) {
            picked.add(r.piece());
        }
        assertEquals(Set.of(4, 9), picked);
        assertEquals(2, picker.availability(4));
    }

    @Test
    void breaksTiesAtRandomDependingOnTheSeed() {
        Set<Integer> firsts = new HashSet<>();
        for (long seed = 0; seed < 20; seed++) {
            PiecePicker<String> picker = picker(layout(B, 50 * B), 0, seed);
            seed(picker, "s");
            int first = picker.pick("s", 1).get(0).piece();
            firsts.add(first);
            // the same seed picks the same piece
            PiecePicker<String> again = picker(layout(B, 50 * B), 0, seed);
            seed(again, "s");
            assertEquals(first, again.pick("s", 1).get(0).piece());
        }
        assertTrue(firsts.size() > 5, "ties broken at random: " + firsts);
    }

    @Test
    void randomStartIgnoresRarityUntilAFewPiecesAreIn() {
        int rarestPicked = 0;
        for (long seed = 0; seed < 20; seed++) {
            PiecePicker<String> picker = picker(layout(B, 100 * B), 4, seed);
            seed(picker, "s");
            connect(picker, "p", allBut(100, 7));
            if (picker.pick("s", 1).get(0).piece() == 7) {
                rarestPicked++;
            }
        }
        assertTrue(rarestPicked < 5, "random start chose the rarest piece " + rarestPicked + " times of 20");

        PiecePicker<String> picker = picker(layout(B, 100 * B), 4, 3);
        for (int p = 50; p < 54; p++) {
            picker.markHave(p);
        }
        seed(picker, "s");
        connect(picker, "p", allBut(100, 7));
        assertEquals(7, picker.pick("s", 1).get(0).piece(), "rarest first once 4 pieces are ours");
    }

    @Test
    void aPeerWithFewPiecesStillGetsItsRarestOne() {
        // the bucket scan gives up among 10,000 equally rare pieces; walking the peer finds 9,990
        PiecePicker<String> picker = picker(layout(B, 10_000L * B), 0, 1);
        connect(picker, "many", allBut(10_000, 9_990));
        connect(picker, "few", 5_000, 9_990);
        assertEquals(2, picker.availability(5_000));
        assertEquals(List.of(new BlockRef(9_990, 0, B)), picker.pick("few", 1));
        assertEquals(List.of(new BlockRef(5_000, 0, B)), picker.pick("few", 1));
        assertEquals(List.of(), picker.pick("few", 1));
    }

    @Test
    void transferStatsCountUploadsAndSnapshot() {
        PiecePicker<String> picker = picker(layout(B, 2 * B), 0, 1);
        seed(picker, "s");
        picker.blockReceived("s", picker.pick("s", 1).get(0));
        stats.addUploaded(500);
        assertEquals(new mim.core.spi.TransferStats(500, B, 2L * B), stats.snapshot());
        assertThrows(IllegalArgumentException.class, () -> stats.addUploaded(-1));
    }

    @Test
    void neverRequestsABlockTwiceOutsideEndgame() {
        PiecePicker<String> picker = picker(layout(4 * B, 20 * B), 0, 5);
        seed(picker, "a");
        seed(picker, "b");
        Set<BlockRef> seen = new HashSet<>();
        for (int round = 0; round < 5; round++) {
            for (String peer : List.of("a", "b")) {
                for (BlockRef r : picker.pick(peer, 3)) {
                    // a second request only once every block is requested: endgame
                    assertTrue(seen.add(r) || seen.size() == 20, "requested twice: " + r);
                }
            }
        }
        assertEquals(20, seen.size());
        assertTrue(picker.inEndgame());
    }

    @Test
    void endgameDuplicatesBlocksBoundedAndCancelsOnArrival() {
        PiecePicker<String> picker = picker(layout(2 * B, 2 * B), 0, 1);
        for (String p : List.of("a", "b", "c", "d")) {
            seed(picker, p);
        }
        assertFalse(picker.inEndgame());
        assertEquals(2, picker.pick("a", 10).size());
        assertTrue(picker.inEndgame());
        assertEquals(List.of(new BlockRef(0, 0, B), new BlockRef(0, B, B)), picker.pick("b", 10));
        assertEquals(2, picker.pick("c", 10).size());
        assertEquals(List.of(), picker.pick("d", 10), "three requesters per block at most");
        assertEquals(List.of(), picker.pick("a", 10), "never twice from the same peer");

        BlockArrival<String> arrival = picker.blockReceived("b", new BlockRef(0, 0, B));
        assertEquals(Kind.STORED, arrival.kind());
        assertEquals(Set.of(new Cancel<>("a", new BlockRef(0, 0, B)), new Cancel<>("c", new BlockRef(0, 0, B))),
                Set.copyOf(arrival.cancels()));
        assertEquals(1, picker.outstanding("a"));
        assertEquals(1, picker.outstanding("b"));
        assertEquals(Kind.DUPLICATE, picker.blockReceived("a", new BlockRef(0, 0, B)).kind());
        assertEquals(List.of(), picker.pick("d", 10), "block 1 still has three requesters");
        picker.peerChoked("c");
        assertEquals(List.of(new BlockRef(0, B, B)), picker.pick("d", 10), "a requester left: room for d");
    }

    @Test
    void aBlockNotAskedOfItsSenderIsRefusedSoNobodyCanPoisonAnotherPeersPiece() {
        PiecePicker<String> picker = picker(layout(2 * B, 4 * B), 0, 1);
        seed(picker, "honest");
        seed(picker, "intruder");
        BlockRef asked = picker.pick("honest", 1).get(0);

        BlockArrival<String> injected = picker.blockReceived("intruder", asked);
        assertEquals(Kind.UNREQUESTED, injected.kind());
        assertFalse(injected.keep());
        assertEquals(Kind.STORED, picker.blockReceived("honest", asked).kind(), "the real answer still counts");
        BlockRef sibling = new BlockRef(asked.piece(), asked.offset() == 0 ? B : 0, B);
        assertEquals(Kind.UNREQUESTED, picker.blockReceived("intruder", sibling).kind(),
                "a block of a piece in flight that nobody asked the intruder for");
    }

    @Test
    void endgameStartsWithTheLastRequestAndASinglePeerGetsNoDuplicates() {
        PiecePicker<String> picker = picker(layout(4 * B, 16 * B), 0, 3);
        seed(picker, "only");
        Set<BlockRef> asked = new HashSet<>();
        for (int i = 0; i < 15; i++) {
            asked.addAll(picker.pick("only", 1));
            assertFalse(picker.inEndgame(), (16 - asked.size()) + " blocks unrequested");
        }
        // Blocks received and pieces waiting for their hash do not bring endgame forward.
        BlockRef first = asked.iterator().next();
        picker.blockReceived("only", first);
        assertFalse(picker.inEndgame());
        List<BlockRef> last = picker.pick("only", 10);
        assertEquals(1, last.size(), "the one block left, once");
        asked.addAll(last);
        assertEquals(16, asked.size());
        assertTrue(picker.inEndgame());
        assertEquals(List.of(), picker.pick("only", 10), "nothing to duplicate with one peer");

        seed(picker, "late");
        List<BlockRef> duplicates = picker.pick("late", 100);
        assertEquals(15, duplicates.size(), "every block outstanding and not received");
        assertFalse(duplicates.contains(first));
    }

    @Test
    void noEndgameWhileAWantedBlockIsUnrequested() {
        PiecePicker<String> picker = picker(layout(B, 3 * B), 0, 1);
        connect(picker, "a", 0, 1);
        connect(picker, "b", 0, 1);
        assertEquals(2, picker.pick("a", 10).size());
        assertFalse(picker.inEndgame(), "piece 2, which nobody has, is not requested");
        assertEquals(List.of(), picker.pick("b", 10));
    }

    @Test
    void aCompletePieceIsHashedThenOurs() {
        PiecePicker<String> picker = picker(layout(2 * B, 3 * B), 0, 1);
        seed(picker, "s");
        assertEquals(3L * B, stats.left());
        List<BlockRef> reqs = picker.pick("s", 10);
        assertEquals(3, reqs.size());
        BlockRef first = reqs.stream().filter(r -> r.piece() == 0 && r.offset() == 0).findFirst().orElseThrow();
        BlockRef second = new BlockRef(0, B, B);
        assertEquals(Kind.STORED, picker.blockReceived("s", first).kind());
        assertEquals(Kind.PIECE_COMPLETE, picker.blockReceived("s", second).kind());
        assertThrows(IllegalStateException.class, () -> picker.hashPassed(1), "piece 1 is not complete");
        picker.hashPassed(0);
        assertTrue(picker.hasPiece(0));
        assertEquals(B, stats.left());
        assertEquals(2L * B, stats.downloaded());
        assertEquals(Kind.UNREQUESTED, picker.blockReceived("s", first).kind(), "answered once, not asked again");
        assertEquals(B, stats.wasted());
        assertEquals(Kind.PIECE_COMPLETE, picker.blockReceived("s", new BlockRef(1, 0, B)).kind());
        picker.hashPassed(1);
        assertTrue(picker.isFinished());
        assertEquals(0, stats.left());
        assertFalse(picker.isInteresting("s"));
    }

    @Test
    void aFailedPieceIsResetAndBlamesItsSenders() {
        PiecePicker<String> picker = picker(layout(2 * B, 2 * B), 0, 1);
        seed(picker, "a");
        seed(picker, "b");
        BlockRef r0 = picker.pick("a", 1).get(0);
        BlockRef r1 = picker.pick("b", 1).get(0);
        picker.blockReceived("a", r0);
        picker.blockReceived("b", r1);
        List<String> senders = picker.hashFailed(0);
        assertEquals(List.of(r0.offset() == 0 ? "a" : "b", r0.offset() == 0 ? "b" : "a"), senders,
                "the sender of each block, in block order");
        assertEquals(2L * B, stats.corrupt());
        assertFalse(picker.hasPiece(0));
        assertTrue(picker.isRetrying(0));
        assertEquals(2, picker.pick("a", 10).size(), "the piece is wanted again");
        assertThrows(IllegalStateException.class, () -> picker.hashFailed(0));
    }

    @Test
    void aFailedPieceIsAskedAgainOfOnePeerAloneUntilItVerifies() {
        PiecePicker<String> picker = picker(layout(4 * B, 4 * B), 0, 1);
        seed(picker, "a");
        seed(picker, "b");
        BlockRef r0 = picker.pick("a", 1).get(0);
        List<BlockRef> rest = picker.pick("b", 3);
        picker.blockReceived("a", r0);
        rest.forEach(r -> picker.blockReceived("b", r));
        picker.hashFailed(0);

        assertEquals(1, picker.pick("b", 1).size(), "b starts the retry");
        assertFalse(picker.inEndgame());
        assertEquals(3, picker.pick("b", 10).size(), "and takes the rest of it");
        for (int offset = 0; offset < 4 * B; offset += B) {
            picker.blockReceived("b", new BlockRef(0, offset, B));
        }
        picker.hashPassed(0);
        assertFalse(picker.isRetrying(0));
    }

    @Test
    void aRetryItsPeerLetsGoIsOpenToOthers() {
        PiecePicker<String> picker = picker(layout(4 * B, 8 * B), 0, 1);
        seed(picker, "a");
        seed(picker, "b");
        List<BlockRef> all = picker.pick("a", 8);
        all.forEach(r -> picker.blockReceived("a", r));
        picker.hashFailed(0);
        picker.hashFailed(1);

        int owned = picker.pick("a", 2).get(0).piece();
        List<BlockRef> toB = picker.pick("b", 4);
        assertTrue(toB.stream().noneMatch(r -> r.piece() == owned), "b, with other work, leaves a's retry: " + toB);
        assertEquals(4, toB.size(), "b starts the other retry");
        picker.peerChoked("a");
        assertEquals(4, picker.pick("b", 10).stream().filter(r -> r.piece() == owned).count(),
                "a let it go when it choked us");
    }

    @Test
    void aRetryWhoseOwnerLeftWithNothingAskedIsOpenToOthers() {
        PiecePicker<String> picker = picker(layout(2 * B, 2 * B), 0, 1);
        seed(picker, "a");
        seed(picker, "b");
        picker.pick("a", 2).forEach(r -> picker.blockReceived("a", r));
        picker.hashFailed(0);
        BlockRef one = picker.pick("a", 1).get(0);
        picker.blockReceived("a", one);
        picker.peerGone("a");
        assertEquals(1, picker.pick("b", 10).size(), "the block a never asked for goes to b");
    }

    @Test
    void aPeerWithNothingElseToDoHelpsWithAnothersRetry() {
        PiecePicker<String> picker = picker(layout(4 * B, 4 * B), 0, 1);
        seed(picker, "a");
        seed(picker, "b");
        picker.pick("a", 4).forEach(r -> picker.blockReceived("a", r));
        picker.hashFailed(0);
        assertEquals(1, picker.pick("a", 1).size(), "a owns the retry");
        List<BlockRef> toB = picker.pick("b", 10);
        assertEquals(4, toB.size(), "the only work left: the three blocks a has not asked for, then, in endgame, "
                + "the one it has: " + toB);
        assertTrue(picker.inEndgame());
    }

    @Test
    void chokeReturnsRequestsToThePool() {
        PiecePicker<String> picker = picker(layout(4 * B, 4 * B), 0, 1);
        seed(picker, "a");
        seed(picker, "b");
        assertEquals(4, picker.pick("a", 10).size());
        assertEquals(4, picker.peerChoked("a").size());
        assertEquals(0, picker.outstanding("a"));
        assertEquals(List.of(), picker.pick("a", 10), "choked, and no allowed-fast piece");
        assertEquals(4, picker.pick("b", 10).size());
    }

    @Test
    void allowedFastPiecesAreRequestedWhileChokedAndKeptOnChoke() {
        PiecePicker<String> picker = picker(layout(B, 10 * B), 0, 1);
        picker.peerConnected("f", true);
        picker.peerHaveAll("f");
        picker.peerAllowedFast("f", 6);
        picker.peerAllowedFast("f", 8);
        List<BlockRef> reqs = picker.pick("f", 10);
        assertEquals(Set.of(6, 8), Set.of(reqs.get(0).piece(), reqs.get(1).piece()));
        assertEquals(2, reqs.size());
        picker.peerUnchoked("f");
        assertEquals(3, picker.pick("f", 3).size());
        assertEquals(3, picker.peerChoked("f").size(), "only the pieces not allowed fast are returned");
        assertEquals(2, picker.outstanding("f"));
        assertTrue(picker.peerRejected("f", new BlockRef(6, 0, B)));
        assertFalse(picker.peerRejected("f", new BlockRef(6, 0, B)));
        assertEquals(List.of(new BlockRef(6, 0, B)), picker.pick("f", 10), "a rejected block is open again");
    }

    @Test
    void aSuggestedPieceIsPickedFirst() {
        PiecePicker<String> picker = picker(layout(B, 100 * B), 0, 1);
        seed(picker, "s");
        connect(picker, "p", allBut(100, 3));
        picker.peerSuggested("s", 42);
        assertEquals(42, picker.pick("s", 1).get(0).piece());
        assertEquals(3, picker.pick("s", 1).get(0).piece(), "then rarest first");
    }

    @Test
    void aPeerLeavingTakesItsAvailabilityAndReturnsItsRequests() {
        PiecePicker<String> picker = picker(layout(B, 4 * B), 0, 1);
        connect(picker, "a", 0, 1);
        seed(picker, "s");
        assertEquals(2, picker.availability(0));
        assertEquals(1, picker.availability(3));
        List<BlockRef> reqs = picker.pick("a", 2);
        assertEquals(reqs, picker.peerGone("a"));
        assertEquals(1, picker.availability(0));
        picker.peerGone("s");
        assertEquals(0, picker.availability(3));
        assertThrows(IllegalArgumentException.class, () -> picker.pick("a", 1));
    }

    @Test
    void aLaterBitfieldReplacesEarlierHaves() {
        PiecePicker<String> picker = picker(layout(B, 4 * B), 0, 1);
        picker.peerConnected("a", false);
        picker.peerHave("a", 0);
        picker.peerHave("a", 0);
        assertEquals(1, picker.availability(0));
        picker.peerHaveAll("a");
        picker.peerHave("a", 1);
        assertEquals(1, picker.availability(0));
        assertEquals(1, picker.availability(1));
        picker.peerHaveNone("a");
        assertEquals(0, picker.availability(1));
        assertFalse(picker.isInteresting("a"));
    }

    @Test
    void aPeerThatCollectsEveryPieceByHavesIsASeed() {
        PiecePicker<String> picker = picker(layout(B, 3 * B), 0, 1);
        picker.peerConnected("a", false);
        assertFalse(picker.peerHave("a", 0));
        assertFalse(picker.peerHave("a", 2));
        assertTrue(picker.peerHave("a", 1));
        assertTrue(picker.peerHave("a", 1), "still a seed");
        for (int p = 0; p < 3; p++) {
            assertEquals(1, picker.availability(p));
        }
        picker.peerGone("a");
        for (int p = 0; p < 3; p++) {
            assertEquals(0, picker.availability(p), "piece " + p);
        }
    }

    @Test
    void refusesBlocksThatDoNotFitAndDropsUnrequestedOnes() {
        PiecePicker<String> picker = picker(layout(2 * B, 2 * B + 100), 0, 1);
        seed(picker, "s");
        assertEquals(Kind.INVALID, picker.blockReceived("s", new BlockRef(1, 0, B)).kind(), "last block is 100");
        assertEquals(Kind.INVALID, picker.blockReceived("s", new BlockRef(0, 2 * B, B)).kind());
        assertEquals(Kind.INVALID, picker.blockReceived("s", new BlockRef(2, 0, 100)).kind());
        assertEquals(Kind.INVALID, picker.blockReceived("s", new BlockRef(0, 100, B)).kind(), "misaligned");
        assertEquals(Kind.INVALID, picker.blockReceived("s", new BlockRef(0, 0, B + 1)).kind(), "oversized");
        assertEquals(Kind.UNREQUESTED, picker.blockReceived("s", new BlockRef(1, 0, 100)).kind());
        assertFalse(picker.blockReceived("s", new BlockRef(1, 0, 100)).keep());
    }

    @Test
    void aBlockFromAPeerWhoseRequestWasReleasedIsStillKept() {
        PiecePicker<String> picker = picker(layout(2 * B, 2 * B), 0, 1);
        seed(picker, "a");
        List<BlockRef> reqs = picker.pick("a", 2);
        picker.releaseRequests("a");
        BlockArrival<String> late = picker.blockReceived("a", reqs.get(0));
        assertEquals(Kind.STORED, late.kind());
        assertEquals(List.of(reqs.get(1)), picker.pick("a", 5));
    }

    @Test
    void unwantedPiecesAreNeverPicked() {
        // files: a = piece 0 and half of piece 1, b = the other half of 1 and piece 2
        FileLayout layout = new FileLayout(2 * B, List.of(
                FileEntry.of(List.of("a"), 3 * B, 0),
                FileEntry.of(List.of("b"), 3 * B, 3 * B)));
        PiecePicker<String> picker = picker(layout, 0, 1);
        picker.setWanted(WantedPieces.forFiles(layout, Set.of(0)));
        assertEquals(4L * B, stats.left());
        connect(picker, "p", 2);
        assertFalse(picker.isInteresting("p"));
        seed(picker, "s");
        Set<Integer> pieces = new HashSet<>();
        for (BlockRef r : picker.pick("s", 100)) {
            pieces.add(r.piece());
        }
        assertEquals(Set.of(0, 1), pieces);
    }

    @Test
    void wantedPiecesOfAFileSelectionIncludeSharedPiecesButNotPadOnes() {
        FileLayout layout = new FileLayout(16, List.of(
                FileEntry.of(List.of("a"), 20, 0),
                new FileEntry(List.of(".pad", "12"), 12, 20, true, false, false, null),
                FileEntry.of(List.of("b"), 40, 32)));
        assertEquals(Set.of(0, 1), pieces(WantedPieces.forFiles(layout, Set.of(0))));
        assertEquals(Set.of(2, 3, 4), pieces(WantedPieces.forFiles(layout, Set.of(1, 2))));
    }

    private static Set<Integer> pieces(Bitfield b) {
        Set<Integer> s = new HashSet<>();
        for (int p = b.nextSetBit(0); p >= 0; p = b.nextSetBit(p + 1)) {
            s.add(p);
        }
        return s;
    }

    private static int[] allBut(int n, int missing) {
        int[] out = new int[n - 1];
        for (int i = 0, j = 0; i < n; i++) {
            if (i != missing) {
                out[j++] = i;
            }
        }
        return out;
    }
}
