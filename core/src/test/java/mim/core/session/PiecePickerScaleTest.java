package mim.core.session;

import mim.core.wire.BlockRef;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A whole download of 100,000 pieces from 200 peers, blocks arriving in the order they were asked
 * for: every wanted piece completes and no block is asked of two peers outside endgame. The time taken
 * is printed, not asserted (the machine is shared); picks that walked the torrent would take minutes.
 */
class PiecePickerScaleTest {
    private static final int PIECES = 100_000;
    private static final int PEERS = 200;

    @Test
    void downloadsAHundredThousandPiecesFromTwoHundredPeers() {
        SplittableRandom random = new SplittableRandom(42);
        TransferStats stats = new TransferStats();
        // 2 blocks a piece, the last piece one short block
        long total = (long) (PIECES - 1) * 2 * BlockRef.STANDARD_LENGTH + 1000;
        PiecePicker<Integer> picker = new PiecePicker<>(
                PiecePickerTest.layout(2 * BlockRef.STANDARD_LENGTH, total), random, stats);
        List<ArrayList<BlockRef>> queues = new ArrayList<>();
        for (int peer = 0; peer < PEERS; peer++) {
            picker.peerConnected(peer, false);
            if (peer < 5) {
                picker.peerHaveAll(peer);
            } else {
                Bitfield b = new Bitfield(PIECES);
                // peers hold from 1% to 99% of the pieces
                int percent = 1 + random.nextInt(99);
                for (int p = 0; p < PIECES; p++) {
                    if (random.nextInt(100) < percent) {
                        b.set(p);
                    }
                }
                picker.peerBitfield(peer, b);
            }
            picker.peerUnchoked(peer);
            queues.add(new ArrayList<>());
        }
        Map<BlockRef, Integer> outstanding = new HashMap<>();
        long start = System.nanoTime();
        long picks = 0;
        int rounds = 0;
        while (!picker.isFinished()) {
            rounds++;
            for (int peer = 0; peer < PEERS; peer++) {
                ArrayList<BlockRef> queue = queues.get(peer);
                boolean endgame = picker.inEndgame();
                for (BlockRef r : picker.pick(peer, 16 - queue.size())) {
                    picks++;
                    Integer other = outstanding.putIfAbsent(r, peer);
                    if (other != null) {
                        assertTrue(endgame || picker.inEndgame(), r + " asked of " + other + " and " + peer);
                    }
                    queue.add(r);
                }
                // the peer answers the first half of its queue
                int answered = (queue.size() + 1) / 2;
                for (int i = 0; i < answered; i++) {
                    BlockRef r = queue.remove(0);
                    BlockArrival<Integer> a = picker.blockReceived(peer, r);
                    if (a.keep()) {
                        outstanding.remove(r);
                    }
                    for (BlockArrival.Cancel<Integer> c : a.cancels()) {
                        assertTrue(queues.get(c.peer()).remove(c.block()));
                    }
                    if (a.kind() == BlockArrival.Kind.PIECE_COMPLETE) {
                        picker.hashPassed(r.piece());
                    }
                }
            }
            assertTrue(rounds < 10_000, "no progress");
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("picker: %d pieces, %d peers: %d blocks picked in %d rounds, %d ms%n",
                PIECES, PEERS, picks, rounds, millis);
        assertEquals(PIECES, picker.have().cardinality());
        assertEquals(0, stats.left());
        assertEquals(total, stats.downloaded() - stats.wasted());
        assertTrue(outstanding.isEmpty(), "every block asked for was answered or cancelled");
    }
}
