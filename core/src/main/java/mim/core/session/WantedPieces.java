package mim.core.session;

import java.util.Set;
import mim.core.metainfo.FileEntry;
import mim.core.metainfo.FileLayout;

/**
 * Which pieces a file selection needs: every piece holding bytes of a selected file. A piece shared
 * by a selected and a deselected file is wanted (the selected file cannot be complete without it);
 * a piece holding only bytes of deselected files or of pad files (BEP 47) is not.
 *
 * <p>Stateless; safe for use from any thread.
 */
public final class WantedPieces {
    private WantedPieces() {}

    /**
     * @param selected indices into {@link FileLayout#files()}
     * @throws IndexOutOfBoundsException if an index names no file
     */
    public static Bitfield forFiles(FileLayout layout, Set<Integer> selected) {
        Bitfield wanted = new Bitfield(layout.pieceCount());
        for (int f : selected) {
            FileEntry file = layout.files().get(f);
            if (file.pad()) {
                continue;
            }
            for (int p = layout.firstPiece(f); p <= layout.lastPiece(f); p++) {
                wanted.set(p);
            }
        }
        return wanted;
    }

    /** The bytes of the pieces {@link #forFiles} wants: what a torrent of this choice has to verify. */
    public static long bytes(FileLayout layout, Set<Integer> selected) {
        Bitfield wanted = forFiles(layout, selected);
        long total = 0;
        for (int p = 0; p < layout.pieceCount(); p++) {
            if (wanted.get(p)) {
                total += layout.pieceSize(p);
            }
        }
        return total;
    }
}
