package mim.core.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import mim.core.MimException;
import mim.core.spi.FileState;
import mim.core.wire.BlockRef;
import mim.core.wire.Message;

/**
 * A torrent's traffic with its storage: received blocks to the storage pool, complete pieces to the
 * hashing pool, requested blocks back from the storage pool, and the resume state to disk.
 *
 * <p>A piece is hashed only once every write of it returned, so the hash reads what was written.
 * Bytes received and not yet written are counted against the session's write budget: past it,
 * reading stops on every peer; below half of it, reading resumes.
 *
 * <p>Threading: the torrent's loop owns every field; pool tasks touch only the {@link PieceStore}
 * and the buffers they were given, and post their results back to the loop. A block's buffer is
 * released by the task that wrote it, whatever happens.
 */
final class DataPath {
    private final Torrent torrent;
    private final Session session;
    /** Writes submitted and not yet returned, per piece. */
    private final Map<Integer, Integer> pendingWrites = new HashMap<>();
    /** Pieces whose last block arrived, waiting for their writes before hashing. */
    private final Set<Integer> complete = new HashSet<>();
    private final List<Runnable> onDrained = new ArrayList<>();
    private long queuedBytes;
    private boolean paused;
    private boolean saving;

    DataPath(Torrent torrent, Session session) {
        this.torrent = torrent;
        this.session = session;
    }

    boolean readingPaused() {
        return paused;
    }

    /** Takes ownership of {@code piece}: writes its block, then hashes its piece if it was the last. */
    void write(Peer from, Message.Piece piece, boolean completesPiece) {
        int index = piece.piece();
        int length = piece.data().readableBytes();
        queuedBytes += length;
        pendingWrites.merge(index, 1, Integer::sum);
        if (completesPiece) {
            complete.add(index);
        }
        if (!paused && queuedBytes > session.config().writeBudget()) {
            paused = true;
            torrent.peers().forEach(p -> p.setAutoRead(false));
        }
        PieceStore store = torrent.store();
        submit(session.storagePool(), () -> {
            MimException failure = null;
            try {
                store.write(index, piece.offset(), piece.data());
            } catch (MimException e) {
                failure = e;
            } finally {
                piece.release();
            }
            MimException f = failure;
            torrent.loop().execute(() -> written(index, length, f));
        }, piece::release);
    }

    private void written(int piece, int length, MimException failure) {
        queuedBytes -= length;
        int left = pendingWrites.merge(piece, -1, Integer::sum);
        if (left == 0) {
            pendingWrites.remove(piece);
        }
        if (failure != null) {
            torrent.fail(failure);
        } else if (left == 0 && complete.remove(piece) && torrent.isActive()) {
            hash(piece);
        }
        if (paused && queuedBytes <= session.config().writeBudget() / 2) {
            paused = false;
            torrent.peers().forEach(p -> p.setAutoRead(true));
        }
        if (queuedBytes == 0 && pendingWrites.isEmpty() && !onDrained.isEmpty()) {
            List<Runnable> run = new ArrayList<>(onDrained);
            onDrained.clear();
            run.forEach(Runnable::run);
        }
    }

    private void hash(int piece) {
        PieceStore store = torrent.store();
        submit(session.hashPool(), () -> {
            boolean good;
            MimException failure = null;
            try {
                good = store.verify(piece);
            } catch (MimException e) {
                good = false;
                failure = e;
            }
            store.forget(piece);
            boolean ok = good;
            MimException f = failure;
            torrent.loop().execute(() -> {
                if (f != null) {
                    torrent.fail(f);
                } else if (!torrent.isActive()) {
                    return;
                } else if (ok) {
                    torrent.pieceVerified(piece);
                } else {
                    torrent.pieceFailed(piece);
                }
            });
        }, () -> { });
    }

    /** Reads a block a peer asked for and hands it to the peer on the loop. */
    void read(Peer to, BlockRef block) {
        PieceStore store = torrent.store();
        submit(session.storagePool(), () -> {
            ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(block.length(), block.length());
            try {
                store.read(block.piece(), block.offset(), buf.nioBuffer(0, block.length()));
                buf.writerIndex(block.length());
            } catch (MimException | RuntimeException e) {
                buf.release();
                torrent.loop().execute(to::blockReadFailed);
                if (e instanceof MimException m) {
                    torrent.loop().execute(() -> torrent.fail(m));
                }
                return;
            }
            try {
                torrent.loop().execute(() -> to.blockRead(block, buf));
            } catch (RejectedExecutionException e) {
                buf.release();
            }
        }, to::blockReadFailed);
    }

    /** Runs {@code then} on the loop once no write is in flight. */
    void whenDrained(Runnable then) {
        if (queuedBytes == 0 && pendingWrites.isEmpty()) {
            then.run();
        } else {
            onDrained.add(then);
        }
    }

    /**
     * Saves the verified pieces with the files' sizes and times; then runs {@code then} on the loop.
     * A save already under way makes this one a no-op apart from {@code then}: the timer will come
     * round again.
     *
     * <p>The data itself is not fsynced first: a killed process loses nothing that was written (the
     * page cache outlives it), and fsyncing a gigabyte costs seconds at every save. Against a crash
     * of the machine, the state records each file's size and mtime: a file system that orders data
     * before metadata (ext4's default data=ordered, XFS, btrfs) does not keep a newer mtime without
     * the data written before it, and a changed mtime sends the file's pieces back to hashing.
     */
    void saveResume(Runnable then) {
        if (saving) {
            torrent.loop().execute(then);
            return;
        }
        saving = true;
        Bitfield have = torrent.picker().have();
        PieceStore store = torrent.store();
        byte[] infoHash = torrent.infoHash().bytes();
        submit(session.storagePool(), () -> {
            MimException failure = null;
            try {
                List<FileState> files = store.storage().onDisk();
                new ResumeFile(infoHash, have, files).save(torrent.resumePath());
            } catch (MimException e) {
                failure = e;
            }
            MimException f = failure;
            torrent.loop().execute(() -> {
                saving = false;
                if (f != null) {
                    torrent.fail(f);
                }
                then.run();
            });
        }, () -> torrent.loop().execute(then));
    }

    /** Closes the storage on the pool, then runs {@code then} on the loop. */
    void closeStorage(Runnable then) {
        PieceStore store = torrent.store();
        submit(session.storagePool(), () -> {
            try {
                store.storage().close();
            } catch (MimException e) {
                // Closing only releases handles; every write has already returned.
            }
            torrent.loop().execute(then);
        }, then);
    }

    /** Runs {@code task} on {@code pool}; if the pool is shut down, runs {@code refused} instead. */
    private static void submit(Executor pool, Runnable task, Runnable refused) {
        try {
            pool.execute(task);
        } catch (RejectedExecutionException e) {
            refused.run();
        }
    }
}
