package mim.cli;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import mim.core.hash.PieceHashes;
import mim.core.metainfo.FileEntry;
import mim.core.metainfo.FileLayout;
import mim.core.metainfo.Metainfo;
import mim.core.spi.FileState;

/**
 * What {@code mim verify} found: which pieces are bad, and for each file (pad files and symlinks left
 * out) whether it is complete, incomplete or missing. Immutable.
 */
record Verification(int piecesTotal, BitSet badPieces, List<FileResult> files) {

    enum Status { complete, incomplete, missing }

    /** One file: its path inside the torrent, its length, how many of its pieces are bad. */
    record FileResult(String path, long length, Status status, int badPieces) {}

    static Verification of(Metainfo torrent, PieceHashes hashes, List<FileState> onDisk) {
        FileLayout layout = torrent.layout();
        byte[] expected = new byte[20];
        BitSet bad = new BitSet(layout.pieceCount());
        for (int p = 0; p < layout.pieceCount(); p++) {
            System.arraycopy(torrent.pieceHash(p), 0, expected, 0, 20);
            if (!hashes.sha1Matches(p, expected, 0)) {
                bad.set(p);
            }
        }
        List<FileResult> files = new ArrayList<>();
        for (int i = 0; i < layout.files().size(); i++) {
            FileEntry f = layout.files().get(i);
            if (f.pad() || f.isSymlink()) {
                continue; // never on disk as data: nothing to check
            }
            int badHere = f.length() == 0 ? 0
                    : bad.get(layout.firstPiece(i), layout.lastPiece(i) + 1).cardinality();
            Status status = !onDisk.get(i).exists() ? Status.missing
                    : badHere > 0 ? Status.incomplete : Status.complete;
            files.add(new FileResult(pathInTorrent(torrent, f), f.length(), status, badHere));
        }
        return new Verification(layout.pieceCount(), bad, List.copyOf(files));
    }

    /** A multi-file torrent's paths start with its name, which the data path stands for. */
    private static String pathInTorrent(Metainfo torrent, FileEntry f) {
        List<String> p = torrent.isMultiFile() ? f.path().subList(1, f.path().size()) : f.path();
        return String.join("/", p);
    }

    boolean complete() {
        return badPieces.isEmpty() && files.stream().allMatch(f -> f.status() == Status.complete);
    }

    /** The bad pieces as ranges: {@code "3"}, {@code "7-9"}. */
    List<String> badRanges() {
        List<String> ranges = new ArrayList<>();
        for (int from = badPieces.nextSetBit(0); from >= 0; ) {
            int to = badPieces.nextClearBit(from) - 1;
            ranges.add(from == to ? Integer.toString(from) : from + "-" + to);
            from = badPieces.nextSetBit(to + 1);
        }
        return ranges;
    }
}
