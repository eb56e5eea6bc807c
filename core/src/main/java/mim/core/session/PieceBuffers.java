package mim.core.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.ArrayDeque;

/**
 * The direct buffers one torrent assembles its pieces in, recycled.
 *
 * <p>Why not Netty's pool alone: it caches no buffer as large as a piece, and it destroys a chunk
 * as soon as the last piece in it is freed, so every few pieces it would map and zero fresh memory
 * (the kernel faulting in a gigabyte of pages per gigabyte downloaded). Here, a freed buffer of the
 * torrent's piece length is kept for the next piece, up to {@code max} of them; a shorter one (the
 * last piece) and any beyond {@code max} go back to Netty's pool.
 *
 * <p>Not thread safe: owned by the torrent's loop. Ownership: {@link #take} hands a buffer to the
 * caller, {@link #give} takes it back; after {@link #close}, what is given back is released.
 */
final class PieceBuffers {
    private final int pieceLength;
    private final int max;
    private final ArrayDeque<ByteBuf> free = new ArrayDeque<>();
    private boolean closed;

    /** Keeps at most {@code max} freed buffers of {@code pieceLength} bytes. */
    PieceBuffers(int pieceLength, int max) {
        this.pieceLength = pieceLength;
        this.max = max;
    }

    /** A direct buffer of exactly {@code size} bytes of capacity, contents undefined, indices at 0. */
    ByteBuf take(int size) {
        if (size == pieceLength) {
            ByteBuf kept = free.pollFirst();
            if (kept != null) {
                return kept.clear();
            }
        }
        return PooledByteBufAllocator.DEFAULT.directBuffer(size, size);
    }

    /** Takes back a buffer from {@link #take}: kept for the next piece, or released. */
    void give(ByteBuf buf) {
        if (!closed && buf.capacity() == pieceLength && free.size() < max) {
            free.addFirst(buf);
        } else {
            buf.release();
        }
    }

    /** How many freed buffers are kept. */
    int kept() {
        return free.size();
    }

    /** Releases the kept buffers; buffers given back from now on are released at once (the torrent is done). */
    void close() {
        closed = true;
        free.forEach(ByteBuf::release);
        free.clear();
    }
}
