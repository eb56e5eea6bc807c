package mim.core.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import mim.core.MimException;
import mim.core.metainfo.FileEntry;
import mim.core.metainfo.FileLayout;
import mim.core.wire.BlockRef;
import org.junit.jupiter.api.Test;

/** The pieces ahead of open streams: their order ({@link StreamReads}) and how the picker takes them. */
class StreamPriorityTest {
    private static final int B = BlockRef.STANDARD_LENGTH;
    private static final long MIB = 1L << 20;

    private final TransferStats stats = new TransferStats();

    private static FileLayout oneFile(long pieceLength, long total) {
        return new FileLayout(pieceLength, List.of(FileEntry.of(List.of("f"), total, 0)));
    }

    private PiecePicker<String> seededPicker(FileLayout layout) {
        PiecePicker<String> picker = new PiecePicker<>(layout, new SplittableRandom(7), stats, 0, 3);
        picker.peerConnected("s", false);
        picker.peerHaveAll("s");
        picker.peerUnchoked("s");
        return picker;
    }

    private static void receive(PiecePicker<String> picker, String peer, List<BlockRef> blocks) {
        blocks.forEach(b -> picker.blockReceived(peer, b));
    }

    private static List<Integer> pieces(List<BlockRef> blocks) {
        return blocks.stream().map(BlockRef::piece).toList();
    }

    @Test
    void urgentPiecesArePickedFirstInTheirOrderBeforeAnyOther() {
        PiecePicker<String> picker = seededPicker(oneFile(B, 100 * B));
        picker.setUrgent(new int[] {90, 91, 92});
        assertEquals(List.of(90, 91, 92), pieces(picker.pick("s", 3)));
        int next = picker.pick("s", 1).get(0).piece();
        assertTrue(next < 90 || next > 92, "then the usual picking, without repeats");
    }

    @Test
    void anotherPeerFinishesTheOpenBlocksOfAnUrgentPieceFirst() {
        PiecePicker<String> picker = seededPicker(oneFile(4 * B, 40 * B));
        picker.peerConnected("t", false);
        picker.peerHaveAll("t");
        picker.peerUnchoked("t");
        picker.setUrgent(new int[] {5, 6});
        assertEquals(List.of(new BlockRef(5, 0, B), new BlockRef(5, B, B)), picker.pick("s", 2));
        assertEquals(List.of(5, 5, 6, 6, 6, 6), pieces(picker.pick("t", 6)));
    }

    @Test
    void aPieceOfAnUnselectedFileIsFetchedWhileAStreamNeedsIt() {
        FileLayout layout = new FileLayout(B, List.of(
                FileEntry.of(List.of("a"), 4 * B, 0),
                FileEntry.of(List.of("b"), 4 * B, 4 * B)));
        PiecePicker<String> picker = new PiecePicker<>(layout, new SplittableRandom(7), stats, 0, 3);
        picker.setWanted(WantedPieces.forFiles(layout, Set.of(0)));
        picker.peerConnected("p", false);
        Bitfield six = new Bitfield(8);
        six.set(6);
        picker.peerBitfield("p", six);
        picker.peerUnchoked("p");
        assertFalse(picker.isInteresting("p"), "piece 6 is not wanted");
        assertEquals(List.of(), picker.pick("p", 4));
        picker.setUrgent(new int[] {6, 7});
        assertTrue(picker.isInteresting("p"));
        assertTrue(picker.hasUrgentMissing());
        List<BlockRef> got = picker.pick("p", 4);
        assertEquals(List.of(6), pieces(got));
        receive(picker, "p", got);
        picker.hashPassed(6);
        assertTrue(picker.hasPiece(6));
        assertEquals(4L * B, stats.left(), "the download's bytes left do not count it");
        assertFalse(picker.isInteresting("p"));
        picker.setUrgent(new int[0]);
        assertFalse(picker.hasUrgentMissing());
    }

    @Test
    void aPeerGivesUpItsQueueForAPieceAStreamJumpedTo() {
        PiecePicker<String> picker = seededPicker(oneFile(2 * B, 100 * B));
        picker.setUrgent(new int[] {10});
        List<BlockRef> queued = picker.pick("s", 6);
        assertEquals(List.of(10, 10), pieces(queued).subList(0, 2));
        picker.setUrgent(new int[] {10, 40});
        List<BlockRef> released = picker.releaseNotUrgent("s");
        assertEquals(queued.subList(2, 6), released, "the blocks of piece 10 stay asked");
        assertEquals(2, picker.outstanding("s"));
        assertEquals(List.of(40, 40), pieces(picker.pick("s", 2)));
        assertTrue(picker.mayRequest("s", 40));
    }

    @Test
    void aLostPieceIsMissingAndPickedAgain() {
        PiecePicker<String> picker = seededPicker(oneFile(B, 3 * B));
        picker.markHave(1);
        assertEquals(2L * B, stats.left());
        picker.lose(1);
        assertFalse(picker.hasPiece(1));
        assertEquals(3L * B, stats.left());
        picker.setUrgent(new int[] {1});
        assertEquals(List.of(1), pieces(picker.pick("s", 1)));
        picker.lose(2);
        assertEquals(3L * B, stats.left(), "losing a piece we never had changes nothing");
    }

    @Test
    void aStreamsWindowCoversEightMibAheadAndStopsAtItsFilesEnd() {
        FileLayout layout = new FileLayout(MIB, List.of(
                FileEntry.of(List.of("a"), 20 * MIB, 0),
                FileEntry.of(List.of("b"), 5 * MIB + 10, 20 * MIB)));
        StreamReads streams = new StreamReads(layout);
        assertTrue(streams.moved("x", 0, 3));
        assertArrayEquals(new int[] {3, 4, 5, 6, 7, 8, 9, 10}, streams.urgent());
        assertFalse(streams.moved("x", 0, 3), "the same piece again changes nothing");
        assertTrue(streams.moved("x", 0, 17));
        assertArrayEquals(new int[] {17, 18, 19}, streams.urgent(), "file a ends in piece 19");
        assertTrue(streams.moved("y", 1, 22));
        assertArrayEquals(new int[] {17, 22, 18, 23, 19, 24, 25}, streams.urgent(),
                "two streams alternate, nearest pieces first");
        assertTrue(streams.closed("x"));
        assertArrayEquals(new int[] {22, 23, 24, 25}, streams.urgent());
        assertTrue(streams.closed("y"));
        assertArrayEquals(new int[0], streams.urgent(), "no stream, nothing urgent");
        assertFalse(streams.closed("y"));
    }

    @Test
    void aWindowHoldsAtLeastFourPiecesOfLargePieces() {
        StreamReads streams = new StreamReads(oneFile(16 * MIB, 160 * MIB));
        streams.moved("x", 0, 2);
        assertArrayEquals(new int[] {2, 3, 4, 5}, streams.urgent());
    }

    @Test
    void twoStreamsOnOnePieceShareIt() {
        StreamReads streams = new StreamReads(oneFile(MIB, 40 * MIB));
        streams.moved("x", 0, 0);
        streams.moved("y", 0, 1);
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8}, streams.urgent());
    }

    @Test
    void aReadWaitsForItsPieceAndFailsWhenTheTorrentStops() {
        StreamReads streams = new StreamReads(oneFile(MIB, 4 * MIB));
        assertTrue(streams.await(0, true).isDone(), "a piece we have is read at once");
        CompletableFuture<Void> one = streams.await(1, false);
        CompletableFuture<Void> two = streams.await(2, false);
        streams.verified(2);
        assertFalse(one.isDone());
        assertTrue(two.isDone() && !two.isCompletedExceptionally());
        streams.stopped(new MimException("stopped"));
        assertTrue(one.isCompletedExceptionally());
    }
}
