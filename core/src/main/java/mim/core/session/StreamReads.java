package mim.core.session;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import mim.core.metainfo.FileLayout;

/**
 * The open streams over one torrent's files: where each one reads, the pieces their reads wait for,
 * and the pieces to fetch first for them.
 *
 * <p>A stream's <b>window</b> is the pieces from the one its last read started in to the one holding
 * the byte {@link #WINDOW_BYTES} further on (never fewer than {@link #MIN_WINDOW_PIECES}, never past
 * its file's end). The <b>urgent</b> list merges every window by distance: each stream's first piece,
 * then each one's second, and so on, without repeats, so the piece a player waits for comes before
 * the ones it will want next, and two streams share the bandwidth. This is libtorrent's piece deadline
 * reduced to an order: the picker takes the list as it is, most urgent first.
 *
 * <p>Not thread safe: owned by the torrent's loop. Streams are keys compared with {@code equals}.
 */
final class StreamReads {
    static final long WINDOW_BYTES = 8L << 20;
    static final int MIN_WINDOW_PIECES = 4;

    private record Position(int file, int piece) {}

    private final FileLayout layout;
    private final Map<Object, Position> positions = new LinkedHashMap<>();
    private final Map<Integer, List<CompletableFuture<Void>>> waiting = new HashMap<>();
    private int[] urgent = new int[0];

    StreamReads(FileLayout layout) {
        this.layout = layout;
    }

    /** The stream reads piece {@code piece} of file {@code file} now. Returns whether the urgent list changed. */
    boolean moved(Object stream, int file, int piece) {
        Position now = new Position(file, piece);
        if (now.equals(positions.put(stream, now))) {
            return false;
        }
        return recompute();
    }

    /** The stream is closed: its window goes. Returns whether the urgent list changed. */
    boolean closed(Object stream) {
        return positions.remove(stream) != null && recompute();
    }

    /** Whether a stream has read file {@code file}. */
    boolean reads(int file) {
        for (Position p : positions.values()) {
            if (p.file() == file) {
                return true;
            }
        }
        return false;
    }

    /** The piece each stream reads now (with repeats). */
    int[] heads() {
        return positions.values().stream().mapToInt(Position::piece).toArray();
    }

    /** The pieces to fetch first, most urgent first; empty when no stream is open. */
    int[] urgent() {
        return urgent;
    }

    /** Completes (on the loop) once {@link #verified} is told of the piece; at once if {@code have}. */
    CompletableFuture<Void> await(int piece, boolean have) {
        if (have) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> ready = new CompletableFuture<>();
        waiting.computeIfAbsent(piece, p -> new ArrayList<>(1)).add(ready);
        return ready;
    }

    /** The piece is verified and readable: the reads waiting for it go on. */
    void verified(int piece) {
        List<CompletableFuture<Void>> ready = waiting.remove(piece);
        if (ready != null) {
            ready.forEach(f -> f.complete(null));
        }
    }

    /** The torrent stopped: every waiting read fails with {@code why}, and the streams are forgotten. */
    void stopped(Exception why) {
        List<CompletableFuture<Void>> all = new ArrayList<>();
        waiting.values().forEach(all::addAll);
        waiting.clear();
        positions.clear();
        urgent = new int[0];
        all.forEach(f -> f.completeExceptionally(why));
    }

    private boolean recompute() {
        List<int[]> windows = new ArrayList<>(positions.size());
        int longest = 0;
        for (Position p : positions.values()) {
            int[] w = window(p);
            windows.add(w);
            longest = Math.max(longest, w.length);
        }
        int[] merged = new int[windows.stream().mapToInt(w -> w.length).sum()];
        int n = 0;
        BitSet seen = new BitSet();
        for (int rank = 0; rank < longest; rank++) {
            for (int[] w : windows) {
                if (rank < w.length && !seen.get(w[rank])) {
                    seen.set(w[rank]);
                    merged[n++] = w[rank];
                }
            }
        }
        int[] next = Arrays.copyOf(merged, n);
        if (Arrays.equals(next, urgent)) {
            return false;
        }
        urgent = next;
        return true;
    }

    private int[] window(Position p) {
        long end = Math.max(layout.pieceOffset(p.piece()) + WINDOW_BYTES,
                layout.pieceOffset(p.piece()) + MIN_WINDOW_PIECES * layout.pieceLength()) - 1;
        int last = (int) Math.min(layout.lastPiece(p.file()), end / layout.pieceLength());
        int[] w = new int[Math.max(0, last - p.piece() + 1)];
        for (int i = 0; i < w.length; i++) {
            w[i] = p.piece() + i;
        }
        return w;
    }
}
