package mim.core.metainfo;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The geometry of a torrent's content (v1): its files laid end to end, cut into pieces of
 * {@link #pieceLength()} bytes, the last piece possibly shorter.
 *
 * <p>This is what storage, hashing and the download engine share: which bytes of which files make up
 * a piece. Immutable and safe to share between threads.
 */
public final class FileLayout {
    private final long pieceLength;
    private final List<FileEntry> files;
    private final long totalLength;
    private final int pieceCount;
    /** files' start offsets, for binary search. */
    private final long[] starts;

    /**
     * @param files in torrent order, each starting where the previous one ended
     * @throws IllegalArgumentException if the files do not lie end to end, or the piece length is not
     *     positive, or there are more than {@link Integer#MAX_VALUE} pieces
     */
    public FileLayout(long pieceLength, List<FileEntry> files) {
        if (pieceLength <= 0) {
            throw new IllegalArgumentException("piece length must be positive");
        }
        this.pieceLength = pieceLength;
        this.files = List.copyOf(files);
        this.starts = new long[this.files.size()];
        long offset = 0;
        for (int i = 0; i < this.files.size(); i++) {
            FileEntry f = this.files.get(i);
            if (f.offset() != offset) {
                throw new IllegalArgumentException("file " + f.displayPath() + " starts at " + f.offset()
                        + ", expected " + offset);
            }
            starts[i] = offset;
            offset = Math.addExact(offset, f.length());
        }
        this.totalLength = offset;
        long pieces = (totalLength + pieceLength - 1) / pieceLength;
        if (pieces > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("too many pieces");
        }
        this.pieceCount = (int) pieces;
    }

    public long pieceLength() {
        return pieceLength;
    }

    public List<FileEntry> files() {
        return files;
    }

    public long totalLength() {
        return totalLength;
    }

    public int pieceCount() {
        return pieceCount;
    }

    /** Where piece {@code piece} starts in the content. */
    public long pieceOffset(int piece) {
        checkPiece(piece);
        return piece * pieceLength;
    }

    /** The length of piece {@code piece}: {@link #pieceLength()} except perhaps for the last one. */
    public int pieceSize(int piece) {
        checkPiece(piece);
        return (int) Math.min(pieceLength, totalLength - piece * pieceLength);
    }

    /** The pieces that hold bytes of file {@code fileIndex}: [first, last], or none for an empty file. */
    public int firstPiece(int fileIndex) {
        return (int) (files.get(fileIndex).offset() / pieceLength);
    }

    /** The last piece holding bytes of the file; less than {@link #firstPiece} for an empty file. */
    public int lastPiece(int fileIndex) {
        FileEntry f = files.get(fileIndex);
        return f.length() == 0 ? firstPiece(fileIndex) - 1 : (int) ((f.end() - 1) / pieceLength);
    }

    /**
     * The parts of files that the content range [offset, offset + length) covers, in order. Empty files
     * are skipped.
     */
    public List<Span> spans(long offset, long length) {
        if (offset < 0 || length < 0 || offset + length > totalLength) {
            throw new IndexOutOfBoundsException("range " + offset + "+" + length + " outside " + totalLength);
        }
        if (length == 0) {
            return List.of();
        }
        List<Span> spans = new ArrayList<>(2);
        int i = fileAt(offset);
        long end = offset + length;
        long at = offset;
        while (at < end) {
            FileEntry f = files.get(i);
            long inFile = at - f.offset();
            long take = Math.min(f.length() - inFile, end - at);
            if (take > 0) {
                spans.add(new Span(i, inFile, take));
                at += take;
            }
            i++;
        }
        return Collections.unmodifiableList(spans);
    }

    /** The spans of piece {@code piece}. */
    public List<Span> pieceSpans(int piece) {
        return spans(pieceOffset(piece), pieceSize(piece));
    }

    /**
     * The index of the file holding content byte {@code offset}: the last file starting at or before
     * it, which is never an empty file (an empty file's successor starts where it does).
     */
    private int fileAt(long offset) {
        int lo = 0;
        int hi = starts.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (starts[mid] <= offset) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    private void checkPiece(int piece) {
        if (piece < 0 || piece >= pieceCount) {
            throw new IndexOutOfBoundsException("piece " + piece + " of " + pieceCount);
        }
    }

    /** A run of bytes inside one file. */
    public record Span(int fileIndex, long fileOffset, long length) {}
}
