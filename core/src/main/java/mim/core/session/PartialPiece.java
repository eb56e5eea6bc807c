package mim.core.session;

import mim.core.wire.BlockRef;
import java.util.ArrayList;
import java.util.List;

/**
 * The blocks of one piece being downloaded: which are received and from whom, which are requested
 * and from whom.
 *
 * <p>States of a block: open (neither received nor requested) -> requested (by one peer, or by up
 * to the endgame limit) -> received. Releasing the last request of a block opens it again. When every
 * block is received the piece waits for its hash; the picker then drops this object.
 *
 * <p>{@link #unrequested()} counts open blocks, so the picker knows in O(1) whether the piece still
 * has work to hand out. Not thread safe: owned by the torrent's event loop.
 *
 * @param <P> the engine's peer handle
 */
final class PartialPiece<P> {
    final int piece;
    private final int size;
    private final int blocks;
    private final boolean[] received;
    /** Who sent each received block, for blame when the hash fails. */
    private final List<P> senders;
    /** Who has each block outstanding; lists are made on first use. */
    private final List<List<P>> requesters;
    /**
     * The one peer this piece is asked of, or null for any: a piece that failed its hash is fetched
     * again from a single peer, so that the next result says who was right.
     */
    P owner;
    private int receivedCount;
    private int unrequested;
    /** No open block lies below this index. */
    private int hint;

    PartialPiece(int piece, int size) {
        this.piece = piece;
        this.size = size;
        this.blocks = (size + BlockRef.STANDARD_LENGTH - 1) / BlockRef.STANDARD_LENGTH;
        this.received = new boolean[blocks];
        this.senders = new ArrayList<>(blocks);
        this.requesters = new ArrayList<>(blocks);
        for (int i = 0; i < blocks; i++) {
            senders.add(null);
            requesters.add(null);
        }
        this.unrequested = blocks;
    }

    int blocks() {
        return blocks;
    }

    int unrequested() {
        return unrequested;
    }

    boolean isComplete() {
        return receivedCount == blocks;
    }

    boolean isReceived(int block) {
        return received[block];
    }

    BlockRef ref(int block) {
        int offset = block * BlockRef.STANDARD_LENGTH;
        return new BlockRef(piece, offset, Math.min(BlockRef.STANDARD_LENGTH, size - offset));
    }

    /** The first open block, or -1. */
    int nextOpen() {
        if (unrequested == 0) {
            return -1;
        }
        for (int b = hint; b < blocks; b++) {
            if (!received[b] && requesterCount(b) == 0) {
                hint = b;
                return b;
            }
        }
        throw new IllegalStateException("piece " + piece + " counts open blocks it does not have");
    }

    int requesterCount(int block) {
        List<P> r = requesters.get(block);
        return r == null ? 0 : r.size();
    }

    boolean isRequestedBy(int block, P peer) {
        List<P> r = requesters.get(block);
        return r != null && r.contains(peer);
    }

    void addRequester(int block, P peer) {
        if (received[block]) {
            throw new IllegalStateException("block " + ref(block) + " already received");
        }
        List<P> r = requesters.get(block);
        if (r == null) {
            r = new ArrayList<>(1);
            requesters.set(block, r);
        }
        if (r.isEmpty()) {
            unrequested--;
        }
        r.add(peer);
    }

    /** Forgets {@code peer}'s request for the block; the block opens again if it was the last one. */
    void removeRequester(int block, P peer) {
        List<P> r = requesters.get(block);
        if (r != null && r.remove(peer) && r.isEmpty() && !received[block]) {
            unrequested++;
            hint = Math.min(hint, block);
        }
    }

    /**
     * Records the block as received from {@code peer}.
     *
     * @return the other peers that still had it requested (their requests are forgotten), or null if
     *     the block was already received
     */
    List<P> receive(int block, P peer) {
        if (received[block]) {
            return null;
        }
        received[block] = true;
        receivedCount++;
        senders.set(block, peer);
        List<P> r = requesters.get(block);
        List<P> others = new ArrayList<>();
        if (r == null || r.isEmpty()) {
            unrequested--;
        } else {
            for (P p : r) {
                if (!p.equals(peer)) {
                    others.add(p);
                }
            }
            r.clear();
        }
        return others;
    }

    /** The sender of each block, in block order; null for a block not received. */
    List<P> senders() {
        return new ArrayList<>(senders);
    }
}
