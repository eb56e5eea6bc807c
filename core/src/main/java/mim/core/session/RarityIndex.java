package mim.core.session;

import java.util.Arrays;
import java.util.function.IntPredicate;
import java.util.random.RandomGenerator;

/**
 * The picker's ordering of pieces by availability, so that the rarest piece a peer has is found
 * without walking every piece.
 *
 * <p>All pieces live in one array, {@code order}, grouped into buckets: bucket {@code k} holds the
 * <em>candidate</em> pieces (wanted, not ours, not started) that {@code k} peers have, and one last
 * bucket holds every other piece. {@code starts[k]} is where bucket k begins; {@code pos[p]} is where
 * piece p sits. Moving a piece one bucket up or down is one swap with the bucket's edge and one
 * boundary shift: O(1). Including or excluding a piece moves it across the buckets between its
 * availability and the last bucket: O(buckets), and buckets never outnumber the peers plus two.
 *
 * <p>Ties are broken at pick time: the scan of each bucket starts at a random offset, so equally rare
 * pieces are chosen in a random order without keeping the buckets shuffled.
 *
 * <p>Availability here counts peers that announced pieces one by one or by bitfield; peers that have
 * everything are counted apart by the picker, since they raise every piece alike and change no order.
 *
 * <p>Not thread safe: owned by the torrent's event loop.
 */
final class RarityIndex {
    /** A bucket scan gives up after this many probes and lets the caller walk the peer's pieces. */
    static final int PROBE_BUDGET = 128;

    private final int[] order;
    private final int[] pos;
    private final int[] availability;
    /** starts[k] for k in [0, excluded], then starts[excluded + 1] == order.length. */
    private int[] starts;

    RarityIndex(int pieceCount) {
        order = new int[pieceCount];
        pos = new int[pieceCount];
        availability = new int[pieceCount];
        for (int i = 0; i < pieceCount; i++) {
            order[i] = i;
            pos[i] = i;
        }
        starts = new int[] {0, 0, 0, pieceCount}; // buckets 0 and 1 empty, all pieces excluded
    }

    int availability(int piece) {
        return availability[piece];
    }

    boolean isCandidate(int piece) {
        return pos[piece] < starts[excluded()];
    }

    int candidateCount() {
        return starts[excluded()];
    }

    void include(int piece) {
        if (!isCandidate(piece)) {
            ensureBucket(availability[piece]);
            move(piece, excluded(), availability[piece]);
        }
    }

    void exclude(int piece) {
        if (isCandidate(piece)) {
            move(piece, availability[piece], excluded());
        }
    }

    void increment(int piece) {
        int a = availability[piece]++;
        if (isCandidate(piece)) {
            ensureBucket(a + 1);
            move(piece, a, a + 1);
        }
    }

    void decrement(int piece) {
        int a = availability[piece];
        if (a == 0) {
            throw new IllegalStateException("availability of piece " + piece + " below zero");
        }
        availability[piece] = a - 1;
        if (isCandidate(piece)) {
            move(piece, a, a - 1);
        }
    }

    /**
     * The rarest candidate that {@code has} accepts, a random one among equals; -1 if none was found
     * within {@link #PROBE_BUDGET} probes (there may still be one: the caller walks the peer instead).
     */
    int rarest(IntPredicate has, RandomGenerator random) {
        int probes = 0;
        for (int k = 0; k < excluded(); k++) {
            int from = starts[k];
            int size = starts[k + 1] - from;
            if (size == 0) {
                continue;
            }
            int offset = random.nextInt(size);
            for (int i = 0; i < size; i++) {
                int p = order[from + (offset + i) % size];
                if (has.test(p)) {
                    return p;
                }
                if (++probes == PROBE_BUDGET) {
                    return -1;
                }
            }
        }
        return -1;
    }

    /** A random candidate that {@code has} accepts, or -1 if none was found within the probe budget. */
    int random(IntPredicate has, RandomGenerator random) {
        int n = candidateCount();
        if (n == 0) {
            return -1;
        }
        int offset = random.nextInt(n);
        int limit = Math.min(n, PROBE_BUDGET);
        for (int i = 0; i < limit; i++) {
            int p = order[(offset + i) % n];
            if (has.test(p)) {
                return p;
            }
        }
        return -1;
    }

    private int excluded() {
        return starts.length - 2;
    }

    /** Makes sure bucket {@code k} is an availability bucket, adding empty ones below the last. */
    private void ensureBucket(int k) {
        int excluded = excluded();
        if (k < excluded) {
            return;
        }
        int grown = Math.max(k + 1, excluded * 2);
        int[] s = Arrays.copyOf(starts, grown + 2);
        Arrays.fill(s, excluded, grown + 1, starts[excluded]);
        s[grown + 1] = order.length;
        starts = s;
    }

    private void move(int piece, int from, int to) {
        // walk the piece across bucket edges: each step swaps it to the edge and shifts the boundary
        for (int k = from; k < to; k++) {
            swap(pos[piece], starts[k + 1] - 1);
            starts[k + 1]--;
        }
        for (int k = from; k > to; k--) {
            swap(pos[piece], starts[k]);
            starts[k]++;
        }
    }

    private void swap(int i, int j) {
        int a = order[i];
        int b = order[j];
        order[i] = b;
        order[j] = a;
        pos[b] = i;
        pos[a] = j;
    }
}
