package mim.core.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import mim.core.MimException;
import mim.core.metainfo.FileLayout;
import mim.core.spi.FileState;

/**
 * Decides, when a torrent starts, which pieces are already ours: trusted from the resume state
 * where every file the piece touches is as the state saw it (size and modification time), hashed
 * from disk where a file changed or no state exists, and absent where the data cannot be there (a
 * file missing or too short).
 *
 * <p>Runs on the hashing pool, split into one task per thread; tells {@code hashedGood} of each piece
 * hashing verifies as it goes (from the hashing threads), so the torrent can serve it before the
 * check is over; reports once, from the last task to finish, with the verified pieces and which of
 * them came from hashing (their bytes are all on disk). Stateless apart from one run's counters.
 */
final class StartupCheck {
    /** The pieces that are ours, and the subset verified by reading every byte of them. */
    record Result(Bitfield verified, Bitfield hashedOnDisk) {}

    private StartupCheck() {}

    static void run(PieceStore store, FileLayout layout, List<FileState> onDisk, Optional<ResumeFile> resume,
                    ExecutorService hashing, int tasks, IntConsumer hashedGood, Consumer<Result> done,
                    BiConsumer<Integer, MimException> failed) {
        int n = layout.pieceCount();
        Bitfield verified = new Bitfield(n);
        Bitfield hashed = new Bitfield(n);
        List<Integer> toHash = new ArrayList<>();
        for (int p = 0; p < n; p++) {
            if (resume.isPresent() && unchanged(layout, p, resume.get(), onDisk)) {
                if (resume.get().pieces().get(p)) {
                    verified.set(p);
                }
            } else if (mayBeThere(layout, p, onDisk)) {
                toHash.add(p);
            }
        }
        if (toHash.isEmpty()) {
            done.accept(new Result(verified, hashed));
            return;
        }
        int parts = Math.max(1, Math.min(tasks, toHash.size()));
        java.util.concurrent.atomic.AtomicInteger remaining = new java.util.concurrent.atomic.AtomicInteger(parts);
        for (int t = 0; t < parts; t++) {
            int first = t;
            hashing.execute(() -> {
                List<Integer> good = new ArrayList<>();
                try {
                    for (int i = first; i < toHash.size(); i += parts) {
                        int piece = toHash.get(i);
                        if (store.verifyOnDisk(piece, onDisk)) {
                            good.add(piece);
                            hashedGood.accept(piece);
                        }
                    }
                } catch (MimException.Storage e) {
                    failed.accept(first, e);
                }
                synchronized (verified) {
                    for (int piece : good) {
                        verified.set(piece);
                        hashed.set(piece);
                    }
                }
                if (remaining.decrementAndGet() == 0) {
                    synchronized (verified) {
                        done.accept(new Result(verified, hashed));
                    }
                }
            });
        }
    }

    private static boolean unchanged(FileLayout layout, int piece, ResumeFile resume, List<FileState> onDisk) {
        for (FileLayout.Span s : layout.pieceSpans(piece)) {
            if (!resume.unchanged(s.fileIndex(), onDisk.get(s.fileIndex()))) {
                return false;
            }
        }
        return true;
    }

    /** Whether some bytes of the piece could be on disk: a non-pad file of it exists and reaches into it. */
    private static boolean mayBeThere(FileLayout layout, int piece, List<FileState> onDisk) {
        for (FileLayout.Span s : layout.pieceSpans(piece)) {
            FileState f = onDisk.get(s.fileIndex());
            if (!layout.files().get(s.fileIndex()).pad() && f.exists() && f.size() > s.fileOffset()) {
                return true;
            }
        }
        return false;
    }
}
