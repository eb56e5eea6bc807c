package mim.core.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import mim.core.MimException;
import mim.core.wire.BlockRef;

/**
 * Verified pieces read for peers, kept so that every peer asking for blocks of a piece soon after is
 * served from memory: a piece is read from storage once, whole, and each block goes out as a slice of
 * that one buffer. Bounded in bytes, shared by every torrent of a session, least recently used first
 * out.
 *
 * <p>A piece is an entry from its first request on: while it is being read, later requests for it
 * wait on the entry instead of reading it again. Pieces larger than a quarter of the cache are not
 * kept ({@link #keeps}): one of them would push out everything else. When the cache is full of pieces
 * still being read, a request is told to read its block itself ({@link #block} returns false), so
 * the bound holds.
 *
 * <p>Only pieces the caller has verified and may serve are asked for; an entry belongs to one run of
 * a torrent (its owner object), and {@link #drop} forgets them all when that run stops, so bytes of a
 * piece are never served to another run that may have rewritten it.
 *
 * <p>Thread safety: safe for concurrent use by the torrents' loops and the storage pool. One lock
 * guards the map and the byte count, held for map operations only: storage reads run outside it, on
 * the executor given. Ownership: the cache holds one reference to each kept buffer; every block it
 * hands out is a retained slice whose receiver releases it (Netty, once written). A buffer evicted or
 * dropped while slices of it are in flight is freed when the last of them is released.
 */
final class PieceCache {
    /** What reads a piece for the cache: fills {@code dst} with the whole piece {@code piece}. */
    interface Reader {
        void read(int piece, ByteBuffer dst) throws MimException.Storage;
    }

    /** Told the block (a retained slice, theirs to release), or why it could not be read. */
    interface Delivery {
        void deliver(ByteBuf block);

        void failed(Exception e);
    }

    private record Key(Object owner, int piece) {}

    /** A piece: being read (buffer null, waiters queued) or kept (buffer set). */
    private static final class Entry {
        final int size;
        ByteBuf buffer;
        /** While it is being read: the buffer of an evicted piece to read it into, or null for a new one. */
        ByteBuf recycled;
        List<Waiting> waiting = new ArrayList<>();

        Entry(int size) {
            this.size = size;
        }
    }

    private record Waiting(BlockRef block, Delivery to) {}

    private final long capacity;
    private final Executor reads;
    /** In access order: the first entry is the least recently used. */
    private final LinkedHashMap<Key, Entry> entries = new LinkedHashMap<>(64, 0.75f, true);
    private long bytes;
    private long hits;
    private long misses;

    /**
     * @param capacity the most bytes of pieces held, those being read included; 0 keeps nothing
     * @param reads where pieces are read from storage (the session's storage pool)
     */
    PieceCache(long capacity, Executor reads) {
        if (capacity < 0) {
            throw new IllegalArgumentException("a cache cannot hold fewer than 0 bytes");
        }
        this.capacity = capacity;
        this.reads = reads;
    }

    /** Whether pieces of this size are kept: at most a quarter of the cache each. */
    boolean keeps(int pieceSize) {
        return pieceSize <= capacity / 4;
    }

    /**
     * Hands {@code to} the block of the piece: at once if the piece is kept, else once it is read (on
     * the reading thread), or tells it why the read failed. Returns false, delivering nothing, when
     * the piece is too large to keep or the cache is full of pieces being read: the caller reads the
     * block itself.
     *
     * @param owner the torrent run the piece belongs to (compared by identity)
     * @param pieceSize the piece's length; the block lies inside it
     * @param reader reads the whole piece, called at most once per entry
     */
    boolean block(Object owner, int pieceSize, BlockRef block, Reader reader, Delivery to) {
        if (!keeps(pieceSize)) {
            return false;
        }
        Key key = new Key(owner, block.piece());
        ByteBuf hit;
        Entry fresh = null;
        synchronized (this) {
            Entry e = entries.get(key);
            if (e != null) {
                hits++;
                if (e.buffer == null) {
                    e.waiting.add(new Waiting(block, to));
                    return true;
                }
                hit = e.buffer.retainedSlice(block.offset(), block.length());
            } else {
                fresh = new Entry(pieceSize);
                if (!makeRoom(fresh)) {
                    return false;
                }
                fresh.waiting.add(new Waiting(block, to));
                entries.put(key, fresh);
                bytes += pieceSize;
                misses++;
                hit = null;
            }
        }
        if (hit != null) {
            to.deliver(hit);
        } else {
            load(key, fresh, reader);
        }
        return true;
    }

    /** Forgets every piece of {@code owner}: its run stopped. Slices already handed out stay valid. */
    void drop(Object owner) {
        dropIf(owner);
    }

    /** Forgets every piece: the session closes. */
    void clear() {
        dropIf(null);
    }

    /** Drops the pieces of {@code owner}, or all of them for null. */
    private void dropIf(Object owner) {
        List<ByteBuf> freed = new ArrayList<>();
        synchronized (this) {
            Iterator<Map.Entry<Key, Entry>> it = entries.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<Key, Entry> e = it.next();
                if (owner == null || e.getKey().owner() == owner) {
                    it.remove();
                    bytes -= e.getValue().size;
                    if (e.getValue().buffer != null) {
                        freed.add(e.getValue().buffer);
                    }
                }
            }
        }
        freed.forEach(ByteBuf::release);
    }

    /** Bytes of pieces held now, those being read included. */
    synchronized long bytes() {
        return bytes;
    }

    /** Requests answered by a piece already held or being read, and those that had to read it. */
    synchronized long hits() {
        return hits;
    }

    synchronized long misses() {
        return misses;
    }

    /**
     * Evicts kept pieces, least recently used first, until {@code fresh} fits; false if it cannot. An
     * evicted buffer of the same size that no slice holds any more becomes {@code fresh}'s, so that a
     * full cache recycles its buffers rather than giving them back to the allocator and asking again:
     * that churn spread pieces over the allocator's arenas, holding half as much memory again as the
     * cache itself.
     */
    private boolean makeRoom(Entry fresh) {
        Iterator<Entry> it = entries.values().iterator();
        while (bytes + fresh.size > capacity && it.hasNext()) {
            Entry e = it.next();
            if (e.buffer != null) {
                it.remove();
                bytes -= e.size;
                // Under the lock no slice of it can be made, so a count of 1 is the cache's alone.
                if (fresh.recycled == null && e.buffer.capacity() == fresh.size && e.buffer.refCnt() == 1) {
                    fresh.recycled = e.buffer.clear();
                } else {
                    // Release only returns memory to the pool: no I/O under the lock.
                    e.buffer.release();
                }
            }
        }
        if (bytes + fresh.size <= capacity) {
            return true;
        }
        if (fresh.recycled != null) {
            fresh.recycled.release();
        }
        return false;
    }

    /** Reads the piece on the executor; then serves everyone waiting for it. */
    private void load(Key key, Entry entry, Reader reader) {
        Runnable task = () -> {
            ByteBuf buf = entry.recycled != null ? entry.recycled
                    : PooledByteBufAllocator.DEFAULT.directBuffer(entry.size, entry.size);
            entry.recycled = null;
            try {
                reader.read(key.piece(), buf.nioBuffer(0, entry.size));
                buf.writerIndex(entry.size);
            } catch (MimException | RuntimeException e) {
                buf.release();
                failed(key, entry, e);
                return;
            }
            loaded(key, entry, buf);
        };
        try {
            reads.execute(task);
        } catch (RejectedExecutionException e) {
            failed(key, entry, e);
        }
    }

    private void loaded(Key key, Entry entry, ByteBuf buf) {
        List<Waiting> waiting;
        List<ByteBuf> slices = new ArrayList<>();
        boolean kept;
        synchronized (this) {
            waiting = entry.waiting;
            entry.waiting = null;
            for (Waiting w : waiting) {
                slices.add(buf.retainedSlice(w.block().offset(), w.block().length()));
            }
            kept = entries.get(key) == entry;
            if (kept) {
                entry.buffer = buf;
            }
        }
        if (!kept) {
            buf.release();
        }
        for (int i = 0; i < waiting.size(); i++) {
            waiting.get(i).to().deliver(slices.get(i));
        }
    }

    private void failed(Key key, Entry entry, Exception e) {
        if (entry.recycled != null) {
            entry.recycled.release();
            entry.recycled = null;
        }
        List<Waiting> waiting;
        synchronized (this) {
            waiting = entry.waiting;
            entry.waiting = null;
            if (entries.remove(key, entry)) {
                bytes -= entry.size;
            }
        }
        waiting.forEach(w -> w.to().failed(e));
    }
}
