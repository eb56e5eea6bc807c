package mim.core.session;

import java.util.ArrayList;
import java.util.List;
import mim.core.metainfo.FileLayout;

/**
 * How many verified bytes each file of a torrent holds, counted as its pieces pass their hash: a
 * piece counts for every file it covers, in proportion to the bytes it holds of each.
 *
 * <p>Not thread safe: owned by the torrent's loop; {@link #snapshot} hands other threads a copy.
 */
final class FileProgress {
    private final FileLayout layout;
    private final long[] verified;

    FileProgress(FileLayout layout) {
        this.layout = layout;
        this.verified = new long[layout.files().size()];
    }

    /** Piece {@code piece} passed its hash; call once per piece. */
    void pieceVerified(int piece) {
        for (FileLayout.Span span : layout.pieceSpans(piece)) {
            verified[span.fileIndex()] += span.length();
        }
    }

    /** Piece {@code piece}, counted before, is missing again (see {@link PiecePicker#lose}). */
    void pieceLost(int piece) {
        for (FileLayout.Span span : layout.pieceSpans(piece)) {
            verified[span.fileIndex()] -= span.length();
        }
    }

    /** Verified bytes of each file, in the layout's order. */
    List<Long> snapshot() {
        List<Long> out = new ArrayList<>(verified.length);
        for (long v : verified) {
            out.add(v);
        }
        return List.copyOf(out);
    }
}
