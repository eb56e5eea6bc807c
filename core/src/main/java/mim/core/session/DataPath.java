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
 * <p>A piece's blocks are copied, as they arrive, into one pooled buffer the size of the piece; the
 * complete piece goes to the hashing pool, which hashes it and, if good, writes it (one task and one
 * hand-off a piece rather than one a block, and nothing read back). Pieces being assembled may hold
 * up to the session's write budget; a piece that starts when that is taken has its blocks written as
 * they come instead, and is hashed, once every write of it returned, by reading it back. Bytes
 * received and not yet written (complete pieces waiting for their hash, blocks waiting for their
 * write) are counted against the write budget too: past it, reading stops on every peer; below half
 * of it, reading resumes. Pieces being assembled do not count there: they complete only by reading.
 *
 * <p>Threading: the torrent's loop owns every field; pool tasks touch only the {@link PieceStore}
 * and the buffers they were given, and post their results back to the loop. A block's buffer is
 * released once copied, or by the task that wrote it; a piece's buffer goes back, once hashed, to
 * the loop's {@link PieceBuffers} for the next piece, or is released by {@link #closeStorage} if the
 * piece never completed.
 */
final class DataPath {
    private final Torrent torrent;
    private final Session session;
    /** Writes submitted and not yet returned, per piece. */
    private final Map<Integer, Integer> pendingWrites = new HashMap<>();
    /** Pieces whose last block arrived, waiting for their writes before hashing. */
    private final Set<Integer> complete = new HashSet<>();
    private final List<Runnable> onDrained = new ArrayList<>();
    /** Told when the next save is done (see {@link #saveResume}). */
    private final List<Runnable> afterSave = new ArrayList<>();
    /** Pieces being assembled in memory. */
    private final Map<Integer, ByteBuf> assembling = new HashMap<>();
    private final PieceBuffers buffers;
    /** Pieces whose blocks go straight to the storage: no memory was free when they started. */
    private final Set<Integer> direct = new HashSet<>();
    private long assemblingBytes;
    private long queuedBytes;
    private boolean closing;
    private boolean paused;
    private boolean saving;
    /** Pieces verified when the last save began; -1 before one. */
    private int savedPieces = -1;

    DataPath(Torrent torrent, Session session) {
        this.torrent = torrent;
        this.session = session;
        int pieceLength = (int) torrent.metainfo().layout().pieceLength();
        this.buffers = new PieceBuffers(pieceLength,
                (int) Math.max(1, Math.min(Integer.MAX_VALUE, session.config().writeBudget() / pieceLength)));
    }

    /** Nothing is left to download: the buffers kept for the next piece go (a seed needs none). */
    void downloadFinished() {
        buffers.close();
    }

    /** Piece buffers kept for the next piece. For tests. */
    int keptPieceBuffers() {
        return buffers.kept();
    }

    boolean readingPaused() {
        return paused;
    }

    /** Takes ownership of {@code piece}: keeps or writes its block, then hashes its piece if it was the last. */
    void write(Peer from, Message.Piece piece, boolean completesPiece) {
        int index = piece.piece();
        if (closing) {
            piece.release();
            return;
        }
        ByteBuf whole = assembling.get(index);
        if (whole == null && !direct.contains(index)) {
            int size = torrent.store().pieceSize(index);
            if (assemblingBytes + size <= session.config().writeBudget()) {
                whole = buffers.take(size);
                assembling.put(index, whole);
                assemblingBytes += size;
            } else {
                direct.add(index);
            }
        }
        if (whole != null) {
            ByteBuf block = piece.data();
            whole.setBytes(piece.offset(), block, block.readerIndex(), block.readableBytes());
            piece.release();
            if (completesPiece) {
                assembling.remove(index);
                assemblingBytes -= whole.capacity();
                hashAndWrite(index, whole);
            }
            return;
        }
        if (completesPiece) {
            direct.remove(index);
            complete.add(index);
        }
        int length = piece.data().readableBytes();
        queued(index, length);
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

    /** Counts bytes waiting for the storage; past the budget, stops reading. */
    private void queued(int piece, int length) {
        queuedBytes += length;
        pendingWrites.merge(piece, 1, Integer::sum);
        if (!paused && queuedBytes > session.config().writeBudget()) {
            paused = true;
            torrent.peers().forEach(p -> p.setAutoRead(false));
        }
    }

    /**
     * Hashes a piece assembled in memory and writes it if good; takes ownership of {@code whole},
     * which comes back to the loop for the next piece.
     */
    private void hashAndWrite(int piece, ByteBuf whole) {
        int size = whole.capacity();
        queued(piece, size);
        PieceStore store = torrent.store();
        boolean suspect = torrent.isSuspect(piece);
        submit(session.hashPool(), () -> {
            PieceStore.Hashed hashed = null;
            MimException failure = null;
            try {
                hashed = store.writeIfValid(piece, whole, suspect);
            } catch (MimException e) {
                failure = e;
            } catch (RuntimeException e) {
                whole.release();
                throw e;
            }
            PieceStore.Hashed h = hashed;
            MimException f = failure;
            try {
                torrent.loop().execute(() -> {
                    buffers.give(whole);
                    hashed(piece, size, h, f);
                });
            } catch (RejectedExecutionException e) {
                whole.release();
            }
        }, whole::release);
    }

    private void hashed(int piece, int size, PieceStore.Hashed hashed, MimException failure) {
        if (failure == null && torrent.isActive()) {
            torrent.pieceHashed(piece, hashed);
        }
        written(piece, size, failure);
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
        boolean suspect = torrent.isSuspect(piece);
        submit(session.hashPool(), () -> {
            PieceStore.Hashed hashed = null;
            MimException failure = null;
            try {
                hashed = store.verify(piece, suspect);
            } catch (MimException e) {
                failure = e;
            }
            store.forget(piece);
            PieceStore.Hashed h = hashed;
            MimException f = failure;
            torrent.loop().execute(() -> {
                if (f != null) {
                    torrent.fail(f);
                } else if (torrent.isActive()) {
                    torrent.pieceHashed(piece, h);
                }
            });
        }, () -> { });
    }

    /**
     * Reads a block a peer asked for and hands it to the peer on the loop: from the session's
     * {@link PieceCache}, which reads its piece whole once for every peer asking, or, for a piece the
     * cache does not take, from the storage alone.
     */
    void read(Peer to, BlockRef block) {
        PieceStore store = torrent.store();
        PieceCache.Delivery delivery = new PieceCache.Delivery() {
            @Override
            public void deliver(ByteBuf buf) {
                try {
                    torrent.loop().execute(() -> to.blockRead(block, buf));
                } catch (RejectedExecutionException e) {
                    buf.release();
                }
            }

            @Override
            public void failed(Exception e) {
                readFailed(to, e);
            }
        };
        if (session.pieceCache().block(torrent, store.pieceSize(block.piece()), block,
                (piece, dst) -> store.read(piece, 0, dst), delivery)) {
            return;
        }
        submit(session.storagePool(), () -> {
            ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(block.length(), block.length());
            try {
                store.read(block.piece(), block.offset(), buf.nioBuffer(0, block.length()));
                buf.writerIndex(block.length());
            } catch (MimException | RuntimeException e) {
                buf.release();
                readFailed(to, e);
                return;
            }
            delivery.deliver(buf);
        }, to::blockReadFailed);
    }

    /** A read for {@code to} failed: its request is dropped, and a storage failure stops the torrent. */
    private void readFailed(Peer to, Exception e) {
        try {
            torrent.loop().execute(() -> {
                to.blockReadFailed();
                if (e instanceof MimException m) {
                    torrent.fail(m);
                }
            });
        } catch (RejectedExecutionException closing) {
            // The session is closing: nobody waits for the block any more.
        }
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
        afterSave.add(then);
        if (!saving) {
            save();
        }
    }

    /**
     * The periodic save, made only when pieces were verified since the last one: a seeding torrent has
     * nothing new to keep, and a thousand of them rewriting and fsyncing unchanged files every 30 s
     * cost a server most of its idle CPU.
     */
    void saveResumeIfChanged() {
        if (torrent.picker().haveCount() != savedPieces) {
            saveResume(() -> {
            });
        }
    }

    /**
     * Saves the state as it is now for everyone waiting; whoever asks while it is on its way waits for
     * the next save, which starts as soon as this one is done: a save asked for at shutdown must hold
     * the pieces verified since the one in flight began.
     */
    private void save() {
        saving = true;
        List<Runnable> waiting = new ArrayList<>(afterSave);
        afterSave.clear();
        Bitfield have = torrent.picker().have();
        savedPieces = have.cardinality();
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
            torrent.loop().execute(() -> saved(waiting, f));
        }, () -> torrent.loop().execute(() -> saved(waiting, null)));
    }

    private void saved(List<Runnable> waiting, MimException failure) {
        saving = false;
        if (failure != null) {
            torrent.fail(failure);
        }
        waiting.forEach(Runnable::run);
        if (!saving && !afterSave.isEmpty()) {
            save();
        }
    }

    /**
     * Drops the pieces still being assembled and any block that arrives from now on, closes the
     * storage (and the one the check read with, if it was another) on the pool, then runs {@code then}
     * on the loop.
     */
    void closeStorage(Runnable then) {
        closing = true;
        session.pieceCache().drop(torrent);
        assembling.values().forEach(ByteBuf::release);
        assembling.clear();
        buffers.close();
        assemblingBytes = 0;
        List<PieceStore> stores = torrent.checkedStore() == null ? List.of(torrent.store())
                : List.of(torrent.store(), torrent.checkedStore());
        submit(session.storagePool(), () -> {
            for (PieceStore store : stores) {
                try {
                    store.storage().close();
                } catch (MimException e) {
                    // Closing only releases handles; every write has already returned.
                }
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
