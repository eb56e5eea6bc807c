package mim.core.session;

import mim.core.wire.BlockRef;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What the picker knows of one connected peer: the pieces it has, whether it chokes us, what it lets
 * us fetch while choked (BEP 6 allowed fast), what it suggested, and our requests outstanding at it.
 *
 * <p>A peer that has every piece (have-all, or a complete bitfield) is a seed: no bitfield is kept and
 * it is counted apart from per-piece availability. Not thread safe: owned by the torrent's event loop.
 */
final class PickerPeer {
    /** Suggestions kept per peer; older ones are forgotten first. */
    static final int MAX_SUGGESTIONS = 16;

    final boolean fastExtension;
    /** Null for a seed. */
    Bitfield pieces;
    boolean choked = true;
    final Set<Integer> allowedFast = new HashSet<>();
    final ArrayDeque<Integer> suggested = new ArrayDeque<>();
    final Set<BlockRef> requests = new LinkedHashSet<>();
    /**
     * Requests taken back from this peer (released, choked, cancelled in endgame) whose block may still
     * arrive: such a block was asked of this peer, so it is accepted. Bounded by the deepest request
     * queue; the oldest are forgotten first.
     */
    private final Set<BlockRef> released = new LinkedHashSet<>();

    PickerPeer(int pieceCount, boolean fastExtension) {
        this.fastExtension = fastExtension;
        this.pieces = new Bitfield(pieceCount);
    }

    /** Takes back a request made of this peer; its block may still arrive. */
    void takeBack(BlockRef block) {
        requests.remove(block);
        released.add(block);
        if (released.size() > RequestQueue.DEFAULT_MAX_DEPTH) {
            Iterator<BlockRef> oldest = released.iterator();
            oldest.next();
            oldest.remove();
        }
    }

    /** Whether this block was asked of this peer, outstanding or taken back; forgets it either way. */
    boolean answered(BlockRef block) {
        return requests.remove(block) | released.remove(block);
    }

    boolean isSeed() {
        return pieces == null;
    }

    boolean has(int piece) {
        return pieces == null || pieces.get(piece);
    }

    /** Whether we may request blocks of the piece now: it has it, and is not choking us for it. */
    boolean mayRequest(int piece) {
        return has(piece) && (!choked || allowedFast.contains(piece));
    }

    void suggest(int piece) {
        if (suggested.size() == MAX_SUGGESTIONS) {
            suggested.removeFirst();
        }
        suggested.addLast(piece);
    }
}
