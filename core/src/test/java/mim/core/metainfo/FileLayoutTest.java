package mim.core.metainfo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import mim.core.metainfo.FileLayout.Span;
import org.junit.jupiter.api.Test;

class FileLayoutTest {
    // a (10) | empty | b (1) | c (25): 36 bytes in pieces of 16 -> 3 pieces, the last of 4 bytes
    private final FileLayout layout = new FileLayout(16, List.of(
            FileEntry.of(List.of("a"), 10, 0),
            FileEntry.of(List.of("empty"), 0, 10),
            FileEntry.of(List.of("b"), 1, 10),
            FileEntry.of(List.of("c"), 25, 11)));

    @Test
    void countsPiecesAndTheShortLastPiece() {
        assertEquals(36, layout.totalLength());
        assertEquals(3, layout.pieceCount());
        assertEquals(16, layout.pieceSize(0));
        assertEquals(4, layout.pieceSize(2));
        assertEquals(32, layout.pieceOffset(2));
    }

    @Test
    void aPieceSpansFilesAndSkipsEmptyOnes() {
        assertEquals(List.of(new Span(0, 0, 10), new Span(2, 0, 1), new Span(3, 0, 5)), layout.pieceSpans(0));
        assertEquals(List.of(new Span(3, 5, 16)), layout.pieceSpans(1));
        assertEquals(List.of(new Span(3, 21, 4)), layout.pieceSpans(2));
    }

    @Test
    void piecesOfAFile() {
        assertEquals(0, layout.firstPiece(0));
        assertEquals(0, layout.lastPiece(0));
        assertEquals(0, layout.firstPiece(3));
        assertEquals(2, layout.lastPiece(3));
        // an empty file holds no piece
        assertEquals(layout.firstPiece(1) - 1, layout.lastPiece(1));
    }

    @Test
    void refusesFilesThatDoNotLieEndToEnd() {
        assertThrows(IllegalArgumentException.class, () -> new FileLayout(16, List.of(
                FileEntry.of(List.of("a"), 10, 0), FileEntry.of(List.of("b"), 1, 11))));
    }

    @Test
    void refusesRangesOutsideTheContent() {
        assertThrows(IndexOutOfBoundsException.class, () -> layout.spans(30, 7));
        assertThrows(IndexOutOfBoundsException.class, () -> layout.pieceSize(3));
    }
}
