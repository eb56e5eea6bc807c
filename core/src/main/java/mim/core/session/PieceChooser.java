package mim.core.session;

import java.util.random.RandomGenerator;

/**
 * The picker's policy for starting a new piece with a peer: a piece the peer suggested, else a random
 * one during random start, else the rarest one it has, random among equals. Only allowed-fast pieces
 * while the peer chokes us.
 *
 * <p>The bucket scan of {@link RarityIndex} answers in O(1) probes when the peer has most pieces; when
 * it gives up, the peer's own bitfield is walked (O(n/64 + its pieces)), so a peer with few pieces
 * costs no more than its bitfield. Not thread safe: owned by the torrent's event loop.
 */
final class PieceChooser {
    private final RarityIndex rarity;
    private final RandomGenerator random;
    private final int randomStartPieces;

    PieceChooser(RarityIndex rarity, RandomGenerator random, int randomStartPieces) {
        this.rarity = rarity;
        this.random = random;
        this.randomStartPieces = randomStartPieces;
    }

    /** A candidate piece to start with the peer, or -1; {@code havePieces} is how many we verified. */
    int choose(PickerPeer st, int havePieces) {
        if (st.choked) {
            return rarestAllowedFast(st);
        }
        while (!st.suggested.isEmpty()) {
            int p = st.suggested.removeFirst();
            if (rarity.isCandidate(p) && st.has(p)) {
                return p;
            }
        }
        boolean randomStart = havePieces < randomStartPieces;
        int p = randomStart ? rarity.random(st::has, random) : rarity.rarest(st::has, random);
        return p >= 0 || st.isSeed() ? p : walk(st, randomStart);
    }

    private int rarestAllowedFast(PickerPeer st) {
        int best = -1;
        for (int p : st.allowedFast) {
            if (rarity.isCandidate(p) && st.has(p)
                    && (best < 0 || rarity.availability(p) < rarity.availability(best))) {
                best = p;
            }
        }
        return best;
    }

    /**
     * Walks the peer's pieces for the rarest candidate (or any, at random start), uniformly at random
     * among equals (reservoir sampling).
     */
    private int walk(PickerPeer st, boolean anyRarity) {
        int best = -1;
        int bestAvailability = Integer.MAX_VALUE;
        int ties = 0;
        for (int p = st.pieces.nextSetBit(0); p >= 0; p = st.pieces.nextSetBit(p + 1)) {
            if (!rarity.isCandidate(p)) {
                continue;
            }
            int a = anyRarity ? 0 : rarity.availability(p);
            if (a < bestAvailability) {
                best = p;
                bestAvailability = a;
                ties = 1;
            } else if (a == bestAvailability && random.nextInt(++ties) == 0) {
                best = p;
            }
        }
        return best;
    }
}
