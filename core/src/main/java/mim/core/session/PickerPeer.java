package mim.core.session;

import mim.core.wire.BlockRef;
import java.util.ArrayDeque;
import java.util.HashSet;
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

    PickerPeer(int pieceCount, boolean fastExtension) {
        this.fastExtension = fastExtension;
        this.pieces = new Bitfield(pieceCount);
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
