package mim.core.session;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import mim.core.MimException;
import mim.core.metainfo.FileLayout;
import mim.core.metainfo.Metainfo;
import mim.core.spi.TorrentStorage;

/**
 * A torrent's bytes as the engine moves them: block writes, block reads and piece hashing, over a
 * {@link TorrentStorage}, honouring the file selection.
 *
 * <p>File selection: bytes of a file that is not selected never reach the disk. A piece that
 * straddles a selected and an unselected file is still downloaded (the selected file needs it); its
 * unselected bytes are kept in memory, in a buffer the size of the piece, until the piece is hashed,
 * and then dropped. Such a piece is therefore ours (never asked for again) but not
 * {@linkplain #isServable servable}: we cannot send its unselected bytes. Pad files count as
 * selected: the storage drops their writes and reads them as zeros. A file a stream reads goes to disk
 * from then on ({@link #keepOnDisk}), selected or not.
 *
 * <p>Two ways in. The usual one: the engine assembles a piece in memory and hands it over whole
 * ({@link #writeIfValid}): it is hashed there and only then written, in one positional write a file,
 * so no unverified byte reaches the disk and nothing is read back. When the engine has no memory to
 * spare for a piece, its blocks are written as they come ({@link #write}) and {@link #verify} reads the
 * piece back (from the page cache, in practice, since it was just written).
 *
 * <p>Thread safety: the blocking methods ({@link #write}, {@link #read}, {@link #verify}) run on the
 * storage and hashing pools, never on an event loop; for one piece, the engine calls {@link #verify}
 * only after every write of it returned, and {@link #forget} only after its verify returned. The
 * memory buffers are in a concurrent map, so writes of different pieces run in parallel.
 */
final class PieceStore {
    /** How much of a piece a hash reads at a time: bounded whatever the piece length. */
    private static final int READ_CHUNK = 256 * 1024;
    private static final ThreadLocal<ByteBuffer> CHUNKS = ThreadLocal.withInitial(
            () -> ByteBuffer.allocateDirect(READ_CHUNK));
    /**
     * One SHA-1 a thread: looking one up in the security providers for every piece was a
     * synchronised search that the compilers took up mid-download.
     */
    private static final ThreadLocal<MessageDigest> SHA1 = ThreadLocal.withInitial(PieceStore::newSha1);

    private final Metainfo metainfo;
    private final FileLayout layout;
    private final TorrentStorage storage;
    /** Per file: whether its bytes go to the storage (selected, or a pad file). */
    private final boolean[] onDisk;
    /** Unselected bytes of pieces being downloaded, a piece-sized buffer each. */
    private final ConcurrentHashMap<Integer, byte[]> held = new ConcurrentHashMap<>();

    PieceStore(Metainfo metainfo, TorrentStorage storage, boolean[] selected) {
        this.metainfo = metainfo;
        this.layout = metainfo.layout();
        this.storage = storage;
        this.onDisk = new boolean[selected.length];
        for (int f = 0; f < selected.length; f++) {
            onDisk[f] = selected[f] || layout.files().get(f).pad();
        }
    }

    TorrentStorage storage() {
        return storage;
    }

    int pieceSize(int piece) {
        return layout.pieceSize(piece);
    }

    /** Whether the bytes of file {@code file} go to the storage. */
    boolean isOnDisk(int file) {
        return onDisk[file];
    }

    /**
     * From now on the bytes of file {@code file} go to the storage, selected or not: a stream reads it.
     * Called on the torrent's loop; a write of a piece started later sees it, since the loop hands that
     * work to the pools after this call. A piece already being written may still drop the file's bytes.
     */
    void keepOnDisk(int file) {
        onDisk[file] = true;
    }

    /** Whether every byte of the piece lies in files that are on disk, so we can send all of it. */
    boolean isServable(int piece) {
        for (FileLayout.Span s : layout.pieceSpans(piece)) {
            if (!onDisk[s.fileIndex()]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Writes a block: the parts in selected files to the storage, the rest into the piece's memory
     * buffer. Does not release {@code data}; the caller does.
     */
    void write(int piece, int offset, ByteBuf data) throws MimException.Storage {
        long start = layout.pieceOffset(piece) + offset;
        int length = data.readableBytes();
        int done = 0;
        for (FileLayout.Span s : layout.spans(start, length)) {
            int n = (int) s.length();
            if (onDisk[s.fileIndex()]) {
                storage.write(start + done, data.nioBuffer(data.readerIndex() + done, n));
            } else {
                byte[] buffer = held.computeIfAbsent(piece, p -> new byte[layout.pieceSize(p)]);
                data.getBytes(data.readerIndex() + done, buffer, offset + done, n);
            }
            done += n;
        }
    }

    /**
     * What hashing a piece found: whether it matched, and the SHA-1 of each of its blocks, which a
     * failed piece always has and a good one only when asked for (null otherwise).
     */
    record Hashed(boolean good, byte[][] blockDigests) {}

    /**
     * Hashes a whole piece held in memory (bytes 0 to its size of {@code data}, whatever its indices)
     * and, if it matches, writes its parts in selected files. Does not release {@code data}.
     *
     * @param blocksIfGood whether a good piece's block digests are wanted too
     */
    Hashed writeIfValid(int piece, ByteBuf data, boolean blocksIfGood) throws MimException.Storage {
        int size = layout.pieceSize(piece);
        MessageDigest sha1 = sha1();
        sha1.update(data.nioBuffer(0, size));
        if (!Arrays.equals(sha1.digest(), metainfo.pieceHash(piece))) {
            return new Hashed(false, BlockDigests.of(data.nioBuffer(0, size)));
        }
        long start = layout.pieceOffset(piece);
        int done = 0;
        for (FileLayout.Span s : layout.pieceSpans(piece)) {
            int n = (int) s.length();
            if (onDisk[s.fileIndex()]) {
                storage.write(start + done, data.nioBuffer(done, n));
            }
            done += n;
        }
        return new Hashed(true, blocksIfGood ? BlockDigests.of(data.nioBuffer(0, size)) : null);
    }

    /** Fills {@code dst} with the block's bytes from the storage; only for a servable piece. */
    void read(int piece, int offset, ByteBuffer dst) throws MimException.Storage {
        storage.read(layout.pieceOffset(piece) + offset, dst);
    }

    /**
     * Hashes the piece's bytes (on disk, and in memory for its unselected parts); a piece with a part
     * in neither place fails, without block digests.
     *
     * @param blocksIfGood whether a good piece's block digests are wanted too
     * @throws MimException.Storage if the disk part cannot be read (a missing or short file)
     */
    Hashed verify(int piece, boolean blocksIfGood) throws MimException.Storage {
        MessageDigest sha1 = sha1();
        if (!feed(piece, sha1::update)) {
            return new Hashed(false, null);
        }
        boolean good = Arrays.equals(sha1.digest(), metainfo.pieceHash(piece));
        if (good && !blocksIfGood) {
            return new Hashed(true, null);
        }
        // Read again rather than digest every block of every piece on the way: this is the rare path.
        BlockDigests blocks = new BlockDigests(layout.pieceSize(piece));
        feed(piece, blocks::update);
        return new Hashed(good, blocks.finish());
    }

    /** Feeds the piece's bytes in order to {@code sink}; false if a part is neither on disk nor held. */
    private boolean feed(int piece, Consumer<ByteBuffer> sink) throws MimException.Storage {
        long pieceStart = layout.pieceOffset(piece);
        byte[] buffer = held.get(piece);
        long at = pieceStart;
        for (FileLayout.Span s : layout.pieceSpans(piece)) {
            if (onDisk[s.fileIndex()]) {
                readFromStorage(sink, at, s.length());
            } else if (buffer != null) {
                sink.accept(ByteBuffer.wrap(buffer, (int) (at - pieceStart), (int) s.length()));
            } else {
                return false;
            }
            at += s.length();
        }
        return true;
    }

    /**
     * Whether the piece as it lies in the files matches its hash, for the check at start: the
     * unselected files too (if they are there), since a piece is only ours when all its bytes are
     * known good. False, without reading, when a file of it is missing or too short.
     */
    boolean verifyOnDisk(int piece, List<mim.core.spi.FileState> files) throws MimException.Storage {
        for (FileLayout.Span s : layout.pieceSpans(piece)) {
            mim.core.spi.FileState st = files.get(s.fileIndex());
            boolean pad = layout.files().get(s.fileIndex()).pad();
            if (!pad && (!st.exists() || st.size() < s.fileOffset() + s.length())) {
                return false;
            }
        }
        MessageDigest sha1 = sha1();
        readFromStorage(sha1::update, layout.pieceOffset(piece), layout.pieceSize(piece));
        return Arrays.equals(sha1.digest(), metainfo.pieceHash(piece));
    }

    /** Drops the piece's memory buffer: it was hashed, or abandoned. */
    void forget(int piece) {
        held.remove(piece);
    }

    private void readFromStorage(Consumer<ByteBuffer> sink, long start, long length) throws MimException.Storage {
        ByteBuffer chunk = CHUNKS.get();
        long done = 0;
        while (done < length) {
            chunk.clear().limit((int) Math.min(chunk.capacity(), length - done));
            storage.read(start + done, chunk);
            chunk.flip();
            done += chunk.remaining();
            sink.accept(chunk);
        }
    }

    /** This thread's SHA-1, reset: a hash that a failed read left halfway must not carry over. */
    private static MessageDigest sha1() {
        MessageDigest sha1 = SHA1.get();
        sha1.reset();
        return sha1;
    }

    private static MessageDigest newSha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-1", e);
        }
    }
}
