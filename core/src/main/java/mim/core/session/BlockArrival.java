package mim.core.session;

import mim.core.wire.BlockRef;
import java.util.List;

/**
 * What the picker made of a received block, and the cancels it calls for.
 *
 * <p>The engine writes the block's data only for {@link Kind#STORED} and {@link Kind#PIECE_COMPLETE};
 * for {@code PIECE_COMPLETE} it then hashes the piece and reports the result to the picker. Each
 * {@link Cancel} is a request for the same block still outstanding at another peer (endgame), to be
 * sent as a {@code cancel} message; the picker has already forgotten those requests. Immutable.
 *
 * @param <P> the engine's peer handle
 */
public record BlockArrival<P>(Kind kind, List<Cancel<P>> cancels) {
    public BlockArrival {
        cancels = List.copyOf(cancels);
    }

    static <P> BlockArrival<P> of(Kind kind) {
        return new BlockArrival<>(kind, List.of());
    }

    /** Whether the data is new and must be written. */
    public boolean keep() {
        return kind == Kind.STORED || kind == Kind.PIECE_COMPLETE;
    }

    public enum Kind {
        /** New data for a piece in progress. */
        STORED,
        /** New data, and with it every block of the piece is in: hash it. */
        PIECE_COMPLETE,
        /** A block we already have (an endgame duplicate, or a late one): drop it. */
        DUPLICATE,
        /** A block this peer was not asked for, or of a piece we are not downloading: drop it. */
        UNREQUESTED,
        /** A block that does not fit the torrent's geometry: the peer is broken or hostile. */
        INVALID
    }

    /** A request to cancel: {@code block} is no longer wanted from {@code peer}. */
    public record Cancel<P>(P peer, BlockRef block) {}
}
