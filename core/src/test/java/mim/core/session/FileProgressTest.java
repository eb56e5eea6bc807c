package mim.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import mim.core.metainfo.FileEntry;
import mim.core.metainfo.FileLayout;
import org.junit.jupiter.api.Test;

/** Verified bytes per file as pieces pass, across file boundaries and past empty files. */
class FileProgressTest {
    // Pieces of 10 bytes over a.bin (15), empty.bin (0), b.bin (12): 27 bytes, pieces 0..2.
    private final FileLayout layout = new FileLayout(10, List.of(
            FileEntry.of(List.of("t", "a.bin"), 15, 0),
            FileEntry.of(List.of("t", "empty.bin"), 0, 15),
            FileEntry.of(List.of("t", "b.bin"), 12, 15)));

    @Test
    void aPieceCountsForEveryFileItCovers() {
        FileProgress progress = new FileProgress(layout);
        progress.pieceVerified(1);
        assertEquals(List.of(5L, 0L, 5L), progress.snapshot());
        progress.pieceVerified(2);
        progress.pieceVerified(0);
        assertEquals(List.of(15L, 0L, 12L), progress.snapshot());
    }

    @Test
    void aSnapshotDoesNotChangeWithLaterPieces() {
        FileProgress progress = new FileProgress(layout);
        List<Long> before = progress.snapshot();
        progress.pieceVerified(0);
        assertEquals(List.of(0L, 0L, 0L), before);
    }
}
