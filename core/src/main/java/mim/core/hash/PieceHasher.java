package mim.core.hash;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongConsumer;
import mim.core.metainfo.FileEntry;
import mim.core.metainfo.FileLayout;

/**
 * Hashes a torrent's content piece by piece on several threads: the v1 SHA-1 of every piece, and
 * optionally (hybrid torrents, BEP 52) the SHA-256 merkle root of every piece's 16 KiB blocks.
 *
 * <p>How it is fast: the pieces are cut into runs of about {@value #UNIT_BYTES} bytes handed out in
 * order from one counter, so each thread streams a contiguous region with large sequential reads
 * (into one reused direct buffer of {@value #CHUNK_BYTES} bytes) and the threads stay balanced
 * when one is slowed down. Each thread owns its digests and buffers; nothing is allocated per piece.
 *
 * <p>v2 roots need every piece to hold bytes of one file only (file-aligned, as in a hybrid
 * torrent, where pad files fill each file's last piece). A piece's root covers its blocks, padded
 * with zero leaves to the piece's width: the piece's leaf count for a file larger than one piece,
 * else the file's own leaf count rounded up to a power of two, so the root of a one-piece file is
 * its {@code pieces root}.
 *
 * <p>A hasher is immutable; {@link #hash} may run several times and from several threads. It
 * throws the {@link IOException} of the first read that failed (and stops the other threads); a
 * missing or short file is no failure, its pieces are reported {@linkplain PieceHashes#unavailable()
 * unavailable}.
 */
public final class PieceHasher {
    /**
     * The read size: large enough that reads stay few and sequential, small enough that what one
     * read brings in is still in the core's cache when the digest takes it (4 MiB reads, which are
     * not, hashed a page-cached gigabyte 6% slower).
     */
    static final int CHUNK_BYTES = 1 << 20;
    static final long UNIT_BYTES = 16L << 20;

    private final FileLayout layout;
    private final int threads;
    private final boolean v2;
    private final int chunkBytes;
    private final long unitBytes;

    /**
     * @param threads how many threads hash at once (at least 1)
     * @param v2 also compute the merkle roots of the pieces (the layout must be file-aligned)
     */
    public PieceHasher(FileLayout layout, int threads, boolean v2) {
        this(layout, threads, v2, CHUNK_BYTES, UNIT_BYTES);
    }

    /** With other read and work sizes, so tests reach the boundaries with little data. */
    PieceHasher(FileLayout layout, int threads, boolean v2, int chunkBytes, long unitBytes) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1");
        }
        if (chunkBytes % Merkle.BLOCK != 0) {
            throw new IllegalArgumentException("the read size must be a multiple of a block");
        }
        this.layout = layout;
        this.threads = threads;
        this.v2 = v2;
        this.chunkBytes = chunkBytes;
        this.unitBytes = unitBytes;
    }

    /**
     * Hashes every piece.
     *
     * @param progress told of each run of bytes hashed, from the hashing threads
     */
    public PieceHashes hash(PieceSource source, LongConsumer progress) throws IOException, InterruptedException {
        int pieces = layout.pieceCount();
        byte[] sha1 = new byte[pieces * PieceHashes.SHA1_LENGTH];
        byte[] roots = v2 ? new byte[pieces * PieceHashes.SHA256_LENGTH] : null;
        BitSet unavailable = new BitSet(pieces);
        if (pieces == 0) {
            return new PieceHashes(0, sha1, roots, unavailable);
        }
        int piecesPerUnit = (int) Math.max(1, unitBytes / layout.pieceLength());
        int units = (pieces + piecesPerUnit - 1) / piecesPerUnit;
        AtomicInteger nextUnit = new AtomicInteger();
        Job job = new Job(source, progress, sha1, roots, piecesPerUnit, units, nextUnit);

        int count = Math.min(threads, units);
        List<Thread> workers = new ArrayList<>(count);
        List<BitSet> missing = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            BitSet mine = new BitSet();
            missing.add(mine);
            Thread t = new Thread(() -> job.run(mine), "mim-hash-" + i);
            t.setDaemon(true);
            workers.add(t);
        }
        workers.forEach(Thread::start);
        try {
            for (Thread t : workers) {
                t.join();
            }
        } catch (InterruptedException e) {
            job.failed = e;
            workers.forEach(Thread::interrupt);
            throw e;
        }
        if (job.failed instanceof IOException io) {
            throw io;
        }
        if (job.failed instanceof RuntimeException re) {
            throw re;
        }
        if (job.failed instanceof Error err) {
            throw err;
        }
        missing.forEach(unavailable::or);
        return new PieceHashes(pieces, sha1, roots, unavailable);
    }

    /** One run of {@link #hash}: what its threads share. */
    private final class Job {
        private final PieceSource source;
        private final LongConsumer progress;
        private final byte[] sha1;
        private final byte[] roots;
        private final int piecesPerUnit;
        private final int units;
        private final AtomicInteger nextUnit;
        /** The first failure of any thread; the others stop when they see it. */
        volatile Throwable failed;

        Job(PieceSource source, LongConsumer progress, byte[] sha1, byte[] roots,
                int piecesPerUnit, int units, AtomicInteger nextUnit) {
            this.source = source;
            this.progress = progress;
            this.sha1 = sha1;
            this.roots = roots;
            this.piecesPerUnit = piecesPerUnit;
            this.units = units;
            this.nextUnit = nextUnit;
        }

        void run(BitSet missing) {
            try (PieceSource.Reader reader = source.open()) {
                Worker w = new Worker(this, reader, missing);
                int unit;
                while (failed == null && (unit = nextUnit.getAndIncrement()) < units) {
                    int first = unit * piecesPerUnit;
                    w.hashPieces(first, Math.min(layout.pieceCount(), first + piecesPerUnit));
                }
            } catch (Throwable e) {
                synchronized (this) {
                    if (failed == null) {
                        failed = e;
                    }
                }
            }
        }
    }

    /** The state one thread owns: its reader, buffer and digests. */
    private final class Worker {
        private final Job job;
        private final PieceSource.Reader reader;
        private final BitSet missing;
        private final ByteBuffer buffer;
        private final MessageDigest sha1 = digest("SHA-1");
        private final MessageDigest sha256;
        /** The leaf hashes of the piece being hashed (v2). */
        private final byte[] leaves;
        /** The piece being hashed: where it starts and ends, where its file's data ends, its width in leaves. */
        private long pieceStart;
        private long pieceEnd;
        private long dataEnd;
        private int width;

        Worker(Job job, PieceSource.Reader reader, BitSet missing) {
            this.job = job;
            this.reader = reader;
            this.missing = missing;
            this.buffer = ByteBuffer.allocateDirect((int) Math.min(chunkBytes, layout.totalLength()));
            this.sha256 = v2 ? Merkle.sha256() : null;
            this.leaves = v2 ? new byte[(int) (layout.pieceLength() / Merkle.BLOCK) * Merkle.HASH] : null;
        }

        /** Hashes pieces [first, end), reading their bytes in order. */
        void hashPieces(int first, int end) throws IOException {
            long pos = layout.pieceOffset(first);
            long stop = layout.pieceOffset(end - 1) + layout.pieceSize(end - 1);
            int piece = first;
            startPiece(piece);
            while (pos < stop) {
                if (job.failed != null) {
                    return;
                }
                int n = (int) Math.min(buffer.capacity(), stop - pos);
                buffer.clear().limit(n);
                if (!reader.read(pos, buffer)) {
                    findMissing(pos, n);
                }
                buffer.flip();
                while (buffer.hasRemaining()) {
                    int at = buffer.position();
                    int take = (int) Math.min(buffer.remaining(), pieceEnd - pos);
                    if (v2) {
                        hashBlocks(pos, at, take);
                    }
                    buffer.limit(at + take);
                    sha1.update(buffer);
                    buffer.limit(n);
                    pos += take;
                    if (pos == pieceEnd) {
                        finishPiece(piece);
                        if (++piece < end) {
                            startPiece(piece);
                        }
                    }
                }
                job.progress.accept(n);
            }
        }

        private void startPiece(int piece) {
            pieceStart = layout.pieceOffset(piece);
            pieceEnd = pieceStart + layout.pieceSize(piece);
            if (v2) {
                FileEntry f = layout.files().get(layout.spans(pieceStart, 1).get(0).fileIndex());
                dataEnd = Math.min(pieceEnd, f.end());
                long perPiece = layout.pieceLength() / Merkle.BLOCK;
                width = f.length() > layout.pieceLength() ? (int) perPiece : Merkle.ceilPow2(blocks(f.length()));
            }
        }

        private void finishPiece(int piece) {
            try {
                sha1.digest(job.sha1, piece * PieceHashes.SHA1_LENGTH, PieceHashes.SHA1_LENGTH);
            } catch (DigestException e) {
                throw new IllegalStateException(e);
            }
            if (v2) {
                Arrays.fill(leaves, blocks(dataEnd - pieceStart) * Merkle.HASH, width * Merkle.HASH, (byte) 0);
                Merkle.reduce(sha256, leaves, width, job.roots, piece * PieceHashes.SHA256_LENGTH);
            }
        }

        /**
         * Hashes the 16 KiB blocks of file data among the {@code take} bytes at buffer position
         * {@code at}, which are the content bytes from {@code pos} on. Blocks are aligned with the
         * buffer (chunks and pieces are multiples of a block), so only a file's last block is short.
         */
        private void hashBlocks(long pos, int at, int take) {
            long end = Math.min(pos + take, dataEnd);
            for (long b = pos; b < end; b += Merkle.BLOCK) {
                int len = (int) Math.min(Merkle.BLOCK, end - b);
                sha256.update(buffer.slice(at + (int) (b - pos), len));
                Merkle.digestInto(sha256, leaves, (int) ((b - pieceStart) / Merkle.BLOCK) * Merkle.HASH);
            }
        }

        /** After a short read of [pos, pos + n): which of the pieces there lack bytes. */
        private void findMissing(long pos, int n) throws IOException {
            ByteBuffer probe = buffer.duplicate();
            long end = pos + n;
            long at = pos;
            while (at < end) {
                int piece = (int) (at / layout.pieceLength());
                long upTo = Math.min(end, layout.pieceOffset(piece) + layout.pieceSize(piece));
                probe.limit((int) (upTo - pos)).position((int) (at - pos));
                if (!reader.read(at, probe)) {
                    missing.set(piece);
                }
                at = upTo;
            }
        }
    }

    private static int blocks(long bytes) {
        return (int) ((bytes + Merkle.BLOCK - 1) / Merkle.BLOCK);
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java has no " + algorithm, e);
        }
    }
}
