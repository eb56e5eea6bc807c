package mim.core.session;

import mim.core.wire.BlockRef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntPredicate;
import java.util.random.RandomGenerator;
import mim.core.metainfo.FileLayout;

/**
 * Decides which blocks to request from which peer, for one torrent, and tracks every piece from
 * wanted to verified.
 *
 * <p>States of a piece: <b>unwanted</b> (only pieces of deselected files) | <b>wanted</b> (not
 * started) -> <b>downloading</b> (a {@link PartialPiece}: blocks open, requested, received) ->
 * <b>hashing</b> (all blocks in; {@link BlockArrival.Kind#PIECE_COMPLETE} told the engine) ->
 * <b>have</b> on {@link #hashPassed}, or back to <b>wanted</b> on {@link #hashFailed}.
 *
 * <p>Picking, for one peer, in this order: (1) open blocks of pieces already downloading that the
 * peer has, oldest piece first, so few pieces are in flight; (2) a new piece: one the peer suggested,
 * else a random one while we have fewer than {@code randomStartPieces} pieces (a complete piece soon
 * gives us something to trade), else the rarest the peer has, random among equals; (3) in endgame
 * only, blocks already requested from others. A block is never requested from two peers outside
 * endgame. Endgame (strict) holds while every wanted block not yet received is requested; then a
 * block may be requested from up to {@code maxRequestersPerBlock} peers, least-requested blocks
 * first, and the block's arrival returns the other requests as cancels.
 *
 * <p>Streams come first: the pieces {@link #setUrgent} names (the window ahead of each open stream's
 * read position, most urgent first) are picked before anything else, from any peer that has them,
 * wanted or not; a piece of an unselected file is thereby fetched while a stream needs it. With no
 * stream open the list is empty and costs a pick one length check.
 *
 * <p>A piece that failed its hash is asked again of one peer alone, the first to start it, until it
 * verifies, so that a second failure has one culprit and a success shows whose blocks were wrong
 * the first time. Another peer takes it over once that peer lets it go (choked, snubbed or gone),
 * and joins it early only when it has nothing else to do.
 *
 * <p>Complexity, for n pieces, B peers: a peer's have is O(1), its bitfield or departure O(n), a
 * have-all O(1) (seeds are counted apart). A pick costs O(open pieces + blocks returned) plus, per new
 * piece, a bucket scan of at most {@link RarityIndex#PROBE_BUDGET} probes (O(1) when the peer has
 * most pieces) with a fallback walk of the peer's bitfield, O(n/64 + its pieces). Starting or
 * finishing a piece is O(B). Endgame picks scan the downloading pieces' blocks.
 *
 * <p>Not thread safe: owned by the torrent's event loop. Peer handles are compared with
 * {@code equals}. Piece indices out of range throw {@link IndexOutOfBoundsException}, unknown peers
 * {@link IllegalArgumentException}; the engine validates what peers send before calling.
 *
 * @param <P> the engine's peer handle
 */
public final class PiecePicker<P> {
    public static final int DEFAULT_RANDOM_START_PIECES = 4;
    public static final int DEFAULT_MAX_REQUESTERS_PER_BLOCK = 3;
    private static final int[] NO_PIECES = new int[0];

    private final FileLayout layout;
    private final TransferStats stats;
    private final int maxRequestersPerBlock;
    private final Bitfield have;
    private final Bitfield wanted;
    private final RarityIndex rarity;
    private final PieceChooser chooser;
    private final Map<P, PickerPeer> peers = new HashMap<>();
    private int seeds;
    /** Downloading and hashing pieces, oldest first. */
    private final Map<Integer, PartialPiece<P>> partials = new LinkedHashMap<>();
    /** The downloading pieces that still have open blocks, oldest first. */
    private final Map<Integer, PartialPiece<P>> open = new LinkedHashMap<>();
    /** Pieces that failed their hash and have not verified since: each is asked again of one peer alone. */
    private final Set<Integer> retrying = new HashSet<>();
    /** Pieces open streams read next, most urgent first; empty while no stream is open. */
    private int[] urgent = NO_PIECES;
    private int wantedMissing;

    public PiecePicker(FileLayout layout, RandomGenerator random, TransferStats stats) {
        this(layout, random, stats, DEFAULT_RANDOM_START_PIECES, DEFAULT_MAX_REQUESTERS_PER_BLOCK);
    }

    public PiecePicker(FileLayout layout, RandomGenerator random, TransferStats stats,
            int randomStartPieces, int maxRequestersPerBlock) {
        if (randomStartPieces < 0 || maxRequestersPerBlock < 1) {
            throw new IllegalArgumentException("bad picker settings");
        }
        this.layout = layout;
        this.stats = stats;
        this.maxRequestersPerBlock = maxRequestersPerBlock;
        int n = layout.pieceCount();
        this.have = new Bitfield(n);
        this.wanted = Bitfield.full(n);
        this.rarity = new RarityIndex(n);
        this.chooser = new PieceChooser(rarity, random, randomStartPieces);
        for (int p = 0; p < n; p++) {
            rarity.include(p);
        }
        this.wantedMissing = n;
        stats.setLeft(layout.totalLength());
    }

    public int pieceCount() {
        return have.size();
    }

    // ---- our pieces

    /** A copy of the verified pieces. */
    public Bitfield have() {
        return have.copy();
    }

    /** How many pieces we have, without copying {@link #have}. */
    public int haveCount() {
        return have.cardinality();
    }

    public boolean hasPiece(int piece) {
        return have.get(piece);
    }

    /** Whether every wanted piece is verified. */
    public boolean isFinished() {
        return wantedMissing == 0;
    }

    /** Marks a piece ours without downloading it: found on disk and verified at start. */
    public void markHave(int piece) {
        if (partials.containsKey(piece)) {
            throw new IllegalStateException("piece " + piece + " is being downloaded");
        }
        if (have.set(piece)) {
            rarity.exclude(piece);
            gained(piece);
        }
    }

    /**
     * Sets which pieces are wanted (see {@link WantedPieces}). Pieces already downloading finish
     * either way. O(n × peers) at worst; meant for a change of file selection, not the hot path.
     */
    public void setWanted(Bitfield pieces) {
        if (pieces.size() != wanted.size()) {
            throw new IllegalArgumentException("wanted set of " + pieces.size() + " pieces, torrent has "
                    + wanted.size());
        }
        long left = 0;
        wantedMissing = 0;
        for (int p = 0; p < wanted.size(); p++) {
            boolean w = pieces.get(p);
            if (w) {
                wanted.set(p);
            } else {
                wanted.clear(p);
            }
            if (w && !have.get(p)) {
                wantedMissing++;
                left += layout.pieceSize(p);
                if (!partials.containsKey(p)) {
                    rarity.include(p);
                }
            } else {
                rarity.exclude(p);
            }
        }
        stats.setLeft(left);
    }

    /**
     * The pieces open streams read next, most urgent first: picked before any other, from any peer
     * that has them, whether wanted or not. An empty array when no stream is open. O(its length).
     */
    public void setUrgent(int[] pieces) {
        for (int p : pieces) {
            pieceCheck(p);
        }
        urgent = pieces.length == 0 ? NO_PIECES : pieces.clone();
    }

    /** Whether an urgent piece is still missing: there is something to download for a stream. */
    public boolean hasUrgentMissing() {
        for (int p : urgent) {
            if (!have.get(p)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A verified piece is missing again: some of its bytes were dropped (they lay in a file not on
     * disk) and are needed now. It is picked again like any missing piece. Does nothing for a piece
     * we do not have.
     */
    public void lose(int piece) {
        pieceCheck(piece);
        if (!have.clear(piece)) {
            return;
        }
        if (wanted.get(piece)) {
            wantedMissing++;
            stats.setLeft(stats.left() + layout.pieceSize(piece));
            rarity.include(piece);
        }
    }

    /** How many connected peers have the piece. */
    public int availability(int piece) {
        return rarity.availability(piece) + seeds;
    }

    /** Whether every wanted block not yet received is requested, so duplicates may be requested. */
    public boolean inEndgame() {
        return wantedMissing > 0 && rarity.candidateCount() == 0 && open.isEmpty();
    }

    // ---- peers

    /** A new connection; it has nothing and chokes us until told otherwise. */
    public void peerConnected(P peer, boolean fastExtension) {
        if (peers.putIfAbsent(peer, new PickerPeer(pieceCount(), fastExtension)) != null) {
            throw new IllegalArgumentException("peer " + peer + " already connected");
        }
    }

    /**
     * The peer announced a piece. Returns whether it now has every piece: a peer that collected them
     * one {@code have} at a time becomes a seed as if it had sent a complete bitfield.
     */
    public boolean peerHave(P peer, int piece) {
        PickerPeer st = peer(peer);
        if (!st.isSeed() && st.pieces.set(piece)) {
            rarity.increment(piece);
            if (st.pieces.isComplete()) {
                peerHaveAll(peer);
            }
        }
        return st.isSeed();
    }

    /** The peer's bitfield; a complete one makes it a seed. Replaces whatever it announced before. */
    public void peerBitfield(P peer, Bitfield pieces) {
        if (pieces.size() != pieceCount()) {
            throw new IllegalArgumentException("bitfield of " + pieces.size() + " pieces");
        }
        PickerPeer st = peer(peer);
        forget(st);
        if (pieces.isComplete()) {
            st.pieces = null;
            seeds++;
            return;
        }
        st.pieces = pieces.copy();
        for (int p = pieces.nextSetBit(0); p >= 0; p = pieces.nextSetBit(p + 1)) {
            rarity.increment(p);
        }
    }

    public void peerHaveAll(P peer) {
        peerBitfield(peer, Bitfield.full(pieceCount()));
    }

    public void peerHaveNone(P peer) {
        peerBitfield(peer, new Bitfield(pieceCount()));
    }

    /** Whether the peer has a wanted piece we lack: whether we are interested. O(n/64). */
    public boolean isInteresting(P peer) {
        PickerPeer st = peer(peer);
        if (st.isSeed() ? wantedMissing > 0 : st.pieces.intersectsAndNot(wanted, have)) {
            return true;
        }
        for (int p : urgent) {
            if (!have.get(p) && st.has(p)) {
                return true;
            }
        }
        return false;
    }

    /** The peer is gone: its pieces leave the availability, its requests return to the pool. */
    public List<BlockRef> peerGone(P peer) {
        PickerPeer st = peer(peer);
        List<BlockRef> released = release(peer, st, piece -> false);
        for (PartialPiece<P> pp : partials.values()) {
            if (peer.equals(pp.owner)) {
                pp.owner = null;
            }
        }
        forget(st);
        peers.remove(peer);
        return released;
    }

    /**
     * The peer choked us. Its requests return to the pool, except (with the Fast extension) those for
     * its allowed-fast pieces, which it may still serve or reject one by one.
     *
     * @return the requests returned to the pool
     */
    public List<BlockRef> peerChoked(P peer) {
        PickerPeer st = peer(peer);
        st.choked = true;
        return release(peer, st, piece -> st.fastExtension && st.allowedFast.contains(piece));
    }

    public void peerUnchoked(P peer) {
        peer(peer).choked = false;
    }

    /** BEP 6: the peer lets us request this piece even while it chokes us. */
    public void peerAllowedFast(P peer, int piece) {
        pieceCheck(piece);
        peer(peer).allowedFast.add(piece);
    }

    /** BEP 6: the peer suggests this piece; it is picked first among new pieces if still wanted. */
    public void peerSuggested(P peer, int piece) {
        pieceCheck(piece);
        peer(peer).suggest(piece);
    }

    /** BEP 6: the peer will not send this block; it returns to the pool. Returns whether we had asked. */
    public boolean peerRejected(P peer, BlockRef block) {
        PickerPeer st = peer(peer);
        if (!st.requests.remove(block)) {
            return false;
        }
        PartialPiece<P> pp = partials.get(block.piece());
        pp.removeRequester(block.index(), peer);
        refresh(pp);
        return true;
    }

    /** Returns all the peer's requests to the pool (it is snubbed); the engine may cancel them. */
    public List<BlockRef> releaseRequests(P peer) {
        return release(peer, peer(peer), piece -> false);
    }

    /**
     * Returns to the pool the peer's requests for pieces no stream needs, so that what it sends next
     * is what a stream waits for rather than what was queued before; the engine cancels them (a block
     * the peer sent anyway is still taken, as after a choke). For a stream that jumped to a piece
     * nobody is fetching: a peer's queue holds seconds of requests.
     */
    public List<BlockRef> releaseNotUrgent(P peer) {
        return release(peer, peer(peer), this::isUrgent);
    }

    /** Whether the peer has the piece and would serve a request for it now. */
    public boolean mayRequest(P peer, int piece) {
        return peer(peer).mayRequest(piece);
    }

    private boolean isUrgent(int piece) {
        for (int p : urgent) {
            if (p == piece) {
                return true;
            }
        }
        return false;
    }

    /** Our requests outstanding at the peer. */
    public int outstanding(P peer) {
        return peer(peer).requests.size();
    }

    // ---- picking and receiving

    /** Up to {@code max} new block requests for the peer, remembered as outstanding at it. */
    public List<BlockRef> pick(P peer, int max) {
        PickerPeer st = peer(peer);
        List<BlockRef> out = new ArrayList<>(Math.max(0, Math.min(max, 64)));
        if (max <= 0 || (st.choked && st.allowedFast.isEmpty())) {
            return out;
        }
        if (urgent.length > 0) {
            pickUrgent(peer, st, out, max);
        }
        fillOpen(peer, st, out, max, false);
        while (out.size() < max) {
            int p = chooser.choose(st, have.cardinality());
            if (p < 0) {
                break;
            }
            PartialPiece<P> pp = begin(p, peer);
            fill(pp, peer, st, out, max);
            refresh(pp);
        }
        if (out.isEmpty()) {
            // Nothing else to do: rather than idle, help with another peer's retry (see mayJoin).
            fillOpen(peer, st, out, max, true);
        }
        if (out.size() < max && inEndgame()) {
            pickDuplicates(peer, st, out, max);
        }
        return out;
    }

    /** Streams first: open blocks of the urgent pieces the peer has, in their order, starting them as needed. */
    private void pickUrgent(P peer, PickerPeer st, List<BlockRef> out, int max) {
        for (int p : urgent) {
            if (out.size() >= max) {
                return;
            }
            if (have.get(p) || !st.mayRequest(p)) {
                continue;
            }
            PartialPiece<P> pp = partials.get(p);
            if (pp == null) {
                pp = begin(p, peer);
            } else if (!mayJoin(pp, peer)) {
                continue;
            }
            fill(pp, peer, st, out, max);
            refresh(pp);
        }
    }

    /** A piece starts downloading; a retry belongs to the peer that starts it. */
    private PartialPiece<P> begin(int piece, P peer) {
        PartialPiece<P> pp = new PartialPiece<>(piece, layout.pieceSize(piece));
        if (retrying.contains(piece)) {
            pp.owner = peer;
        }
        rarity.exclude(piece);
        partials.put(piece, pp);
        return pp;
    }

    /** Open blocks of pieces in flight the peer has, oldest piece first; others' retries too if {@code anyRetry}. */
    private void fillOpen(P peer, PickerPeer st, List<BlockRef> out, int max, boolean anyRetry) {
        for (Iterator<PartialPiece<P>> it = open.values().iterator(); it.hasNext() && out.size() < max; ) {
            PartialPiece<P> pp = it.next();
            if (st.mayRequest(pp.piece) && (anyRetry || mayJoin(pp, peer))) {
                fill(pp, peer, st, out, max);
                if (pp.unrequested() == 0) {
                    it.remove();
                }
            }
        }
    }

    /** Records a block received from the peer; see {@link BlockArrival} for what to do with it. */
    public BlockArrival<P> blockReceived(P peer, BlockRef block) {
        PickerPeer st = peer(peer);
        if (!block.isStandard() || block.piece() >= pieceCount() || block.offset() >= layout.pieceSize(block.piece())
                || block.length() != expectedLength(block)) {
            return BlockArrival.of(BlockArrival.Kind.INVALID);
        }
        stats.addDownloaded(block.length());
        if (!st.answered(block)) {
            // Never asked of this peer: keeping it would let anyone slip bytes into pieces others
            // are sending, and the hash failure would be blamed on them.
            stats.addWasted(block.length());
            return BlockArrival.of(BlockArrival.Kind.UNREQUESTED);
        }
        PartialPiece<P> pp = partials.get(block.piece());
        List<P> others = pp == null ? null : pp.receive(block.index(), peer);
        if (others == null) {
            stats.addWasted(block.length());
            return BlockArrival.of(pp == null && !have.get(block.piece())
                    ? BlockArrival.Kind.UNREQUESTED : BlockArrival.Kind.DUPLICATE);
        }
        List<BlockArrival.Cancel<P>> cancels = new ArrayList<>(others.size());
        for (P other : others) {
            peer(other).takeBack(block);
            cancels.add(new BlockArrival.Cancel<>(other, block));
        }
        refresh(pp);
        return new BlockArrival<>(pp.isComplete() ? BlockArrival.Kind.PIECE_COMPLETE : BlockArrival.Kind.STORED,
                cancels);
    }

    /** The piece verified: it is ours. */
    public void hashPassed(int piece) {
        takeHashed(piece);
        retrying.remove(piece);
        have.set(piece);
        gained(piece);
    }

    /**
     * The piece failed its hash: its blocks are dropped and it is wanted again, from one peer alone.
     *
     * @return the peer that sent each block, in block order, for scoring
     */
    public List<P> hashFailed(int piece) {
        PartialPiece<P> pp = takeHashed(piece);
        stats.addCorrupt(layout.pieceSize(piece));
        retrying.add(piece);
        if (wanted.get(piece)) {
            rarity.include(piece);
        }
        return pp.senders();
    }

    /** Whether the piece is being downloaded or hashed now. */
    public boolean isInFlight(int piece) {
        return partials.containsKey(piece);
    }

    /** Whether the piece is being fetched again, from one peer alone, after failing its hash. */
    public boolean isRetrying(int piece) {
        return retrying.contains(piece);
    }

    // ---- internals

    /**
     * Whether the peer may take blocks of a piece in flight while it has other work: any may, unless
     * it is one peer's retry. A peer with nothing else to do joins a retry all the same, and endgame
     * duplicates its blocks like any other's: a slow or silent owner must not hold the download up,
     * and should the piece fail again, its block digests still say who lied.
     */
    private boolean mayJoin(PartialPiece<P> pp, P peer) {
        return pp.owner == null || pp.owner.equals(peer);
    }

    private void fill(PartialPiece<P> pp, P peer, PickerPeer st, List<BlockRef> out, int max) {
        while (out.size() < max) {
            int b = pp.nextOpen();
            if (b < 0) {
                return;
            }
            pp.addRequester(b, peer);
            BlockRef ref = pp.ref(b);
            st.requests.add(ref);
            out.add(ref);
        }
    }

    /** Endgame: blocks requested elsewhere, those with the fewest requesters first. */
    private void pickDuplicates(P peer, PickerPeer st, List<BlockRef> out, int max) {
        for (int level = 1; level < maxRequestersPerBlock; level++) {
            for (PartialPiece<P> pp : partials.values()) {
                if (pp.isComplete() || !st.mayRequest(pp.piece)) {
                    continue;
                }
                for (int b = 0; b < pp.blocks(); b++) {
                    if (!pp.isReceived(b) && pp.requesterCount(b) == level && !pp.isRequestedBy(b, peer)) {
                        pp.addRequester(b, peer);
                        BlockRef ref = pp.ref(b);
                        st.requests.add(ref);
                        out.add(ref);
                        if (out.size() == max) {
                            return;
                        }
                    }
                }
            }
        }
    }

    private List<BlockRef> release(P peer, PickerPeer st, IntPredicate keep) {
        List<BlockRef> released = new ArrayList<>();
        for (Iterator<BlockRef> it = st.requests.iterator(); it.hasNext(); ) {
            BlockRef ref = it.next();
            if (keep.test(ref.piece())) {
                continue;
            }
            it.remove();
            st.takeBack(ref);
            PartialPiece<P> pp = partials.get(ref.piece());
            if (peer.equals(pp.owner)) {
                // The one peer it was asked of let it go: anyone may finish it.
                pp.owner = null;
            }
            pp.removeRequester(ref.index(), peer);
            refresh(pp);
            released.add(ref);
        }
        return released;
    }

    /** Removes the peer's pieces from the availability. */
    private void forget(PickerPeer st) {
        if (st.isSeed()) {
            seeds--;
            st.pieces = new Bitfield(pieceCount());
            return;
        }
        for (int p = st.pieces.nextSetBit(0); p >= 0; p = st.pieces.nextSetBit(p + 1)) {
            rarity.decrement(p);
        }
        st.pieces.clearAll();
    }

    private void refresh(PartialPiece<P> pp) {
        if (pp.unrequested() > 0) {
            open.putIfAbsent(pp.piece, pp);
        } else {
            open.remove(pp.piece);
        }
    }

    private PartialPiece<P> takeHashed(int piece) {
        pieceCheck(piece);
        PartialPiece<P> pp = partials.get(piece);
        if (pp == null || !pp.isComplete()) {
            throw new IllegalStateException("piece " + piece + " is not waiting for its hash");
        }
        partials.remove(piece);
        return pp;
    }

    private void gained(int piece) {
        if (wanted.get(piece)) {
            wantedMissing--;
            stats.setLeft(stats.left() - layout.pieceSize(piece));
        }
    }

    private int expectedLength(BlockRef block) {
        return Math.min(BlockRef.STANDARD_LENGTH, layout.pieceSize(block.piece()) - block.offset());
    }

    private PickerPeer peer(P peer) {
        PickerPeer st = peers.get(peer);
        if (st == null) {
            throw new IllegalArgumentException("unknown peer " + peer);
        }
        return st;
    }

    private void pieceCheck(int piece) {
        if (piece < 0 || piece >= pieceCount()) {
            throw new IndexOutOfBoundsException("piece " + piece + " of " + pieceCount());
        }
    }
}
