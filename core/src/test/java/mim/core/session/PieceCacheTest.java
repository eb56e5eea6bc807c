package mim.core.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import mim.core.MimException;
import mim.core.testing.LeakCheck;
import mim.core.wire.BlockRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LeakCheck.class)
class PieceCacheTest {
    private static final int PIECE = 64 * 1024;
    private static final int BLOCK = 16 * 1024;

    private final byte[] content = TestTorrents.content(16 * PIECE, 7);
    /** Pieces read from the "storage", in order. */
    private final List<Integer> reads = new ArrayList<>();
    private final PieceCache.Reader reader = (piece, dst) -> {
        synchronized (reads) {
            reads.add(piece);
        }
        dst.put(content, piece * PIECE, dst.remaining());
    };
    /** Tasks handed to the cache's executor, run when the test says. */
    private final ArrayDeque<Runnable> pool = new ArrayDeque<>();
    private final Received received = new Received();
    private final Object torrent = new Object();
    private final List<PieceCache> caches = new ArrayList<>();

    @AfterEach
    void releaseEverything() {
        runPool();
        caches.forEach(PieceCache::clear);
        received.blocks.forEach(ByteBuf::release);
    }

    private PieceCache cache(long capacity, java.util.concurrent.Executor reads) {
        PieceCache c = new PieceCache(capacity, reads);
        caches.add(c);
        return c;
    }

    @Test
    void readsAPieceOnceForEveryBlockAskedOfItWhileAndAfterItIsRead() {
        PieceCache cache = cache(8L * PIECE, pool::add);
        for (int offset = 0; offset < 3 * BLOCK; offset += BLOCK) {
            assertTrue(cache.block(torrent, PIECE, new BlockRef(2, offset, BLOCK), reader, received));
        }
        assertTrue(received.blocks.isEmpty(), "nothing before the piece is read");
        runPool();
        assertEquals(List.of(2), reads, "one read of the whole piece");
        assertTrue(cache.block(torrent, PIECE, new BlockRef(2, 3 * BLOCK, BLOCK), reader, received));
        assertEquals(List.of(2), reads, "the last block came from memory");
        assertTrue(pool.isEmpty());
        assertEquals(4, received.blocks.size());
        for (int i = 0; i < 4; i++) {
            assertArrayEquals(Arrays.copyOfRange(content, 2 * PIECE + i * BLOCK, 2 * PIECE + (i + 1) * BLOCK),
                    ByteBufUtil.getBytes(received.blocks.get(i)));
        }
        assertEquals(1, cache.misses());
        assertEquals(3, cache.hits());
    }

    @Test
    void evictsTheLeastRecentlyUsedPieceAndNeverHoldsMoreThanItsBound() {
        PieceCache cache = cache(4L * PIECE, Runnable::run);
        for (int piece = 0; piece < 4; piece++) {
            ask(cache, piece);
        }
        ask(cache, 0);
        ask(cache, 4);
        assertEquals(4L * PIECE, cache.bytes());
        assertEquals(List.of(0, 1, 2, 3, 4), reads);
        ask(cache, 0);
        assertEquals(List.of(0, 1, 2, 3, 4), reads, "piece 0 was used lately and stayed");
        ask(cache, 1);
        assertEquals(List.of(0, 1, 2, 3, 4, 1), reads, "piece 1 was the least recently used and went");
        for (int piece = 5; piece < 16; piece++) {
            ask(cache, piece);
            assertTrue(cache.bytes() <= 4L * PIECE, "within its bound after piece " + piece);
        }
        for (ByteBuf b : received.blocks) {
            assertEquals(1, b.refCnt(), "a block handed out outlives its evicted piece");
        }
    }

    @Test
    void aFullCacheReadsNewPiecesIntoTheBuffersOfEvictedOnesThatNoBlockHolds() {
        PieceCache cache = cache(4L * PIECE, Runnable::run);
        for (int piece = 0; piece < 4; piece++) {
            ask(cache, piece);
        }
        ByteBuf first = received.blocks.get(0).unwrap();
        received.blocks.remove(0).release();
        ask(cache, 4);
        assertTrue(first == received.blocks.get(3).unwrap(), "piece 4 went into piece 0's buffer");
        assertArrayEquals(Arrays.copyOfRange(content, 4 * PIECE, 4 * PIECE + BLOCK),
                ByteBufUtil.getBytes(received.blocks.get(3)));
        ByteBuf held = received.blocks.get(0).unwrap();
        ask(cache, 5);
        assertFalse(held == received.blocks.get(4).unwrap(), "piece 1's block is still out: its buffer is not reused");
        assertArrayEquals(Arrays.copyOfRange(content, PIECE, PIECE + BLOCK), ByteBufUtil.getBytes(received.blocks.get(0)),
                "a block handed out keeps its bytes");
        assertEquals(4L * PIECE, cache.bytes());
    }

    @Test
    void leavesPiecesLargerThanAQuarterOfItToTheCaller() {
        PieceCache cache = cache(4L * PIECE - 1, pool::add);
        assertFalse(cache.keeps(PIECE));
        assertFalse(cache.block(torrent, PIECE, new BlockRef(0, 0, BLOCK), reader, received));
        assertFalse(cache(0, pool::add).block(torrent, PIECE, new BlockRef(0, 0, BLOCK), reader, received));
        assertTrue(pool.isEmpty());
        assertTrue(reads.isEmpty());
    }

    @Test
    void whenFullOfPiecesBeingReadTheCallerReadsItsBlockItself() {
        PieceCache cache = cache(4L * PIECE, pool::add);
        for (int piece = 0; piece < 4; piece++) {
            assertTrue(cache.block(torrent, PIECE, new BlockRef(piece, 0, BLOCK), reader, received));
        }
        assertFalse(cache.block(torrent, PIECE, new BlockRef(4, 0, BLOCK), reader, received));
        runPool();
        assertTrue(cache.block(torrent, PIECE, new BlockRef(4, 0, BLOCK), reader, received),
                "read pieces make room again");
        runPool();
        assertEquals(5, received.blocks.size());
    }

    @Test
    void aTorrentsPiecesAreDroppedWhenItStopsAndAnotherRunReadsThemAgain() {
        PieceCache cache = cache(8L * PIECE, Runnable::run);
        ask(cache, 0);
        cache.block(new Object(), PIECE, new BlockRef(1, 0, BLOCK), reader, received);
        cache.drop(torrent);
        assertEquals(PIECE, cache.bytes(), "the other torrent's piece stays");
        assertEquals(1, received.blocks.get(0).refCnt());
        ask(cache, 0);
        assertEquals(List.of(0, 1, 0), reads);
    }

    @Test
    void aPieceDroppedWhileBeingReadServesItsWaitersAndIsNotKept() {
        PieceCache cache = cache(8L * PIECE, pool::add);
        cache.block(torrent, PIECE, new BlockRef(0, 0, BLOCK), reader, received);
        cache.drop(torrent);
        runPool();
        assertEquals(1, received.blocks.size());
        assertEquals(0, cache.bytes());
        cache.block(torrent, PIECE, new BlockRef(0, BLOCK, BLOCK), reader, received);
        runPool();
        assertEquals(List.of(0, 0), reads);
    }

    @Test
    void aFailedReadIsToldToEveryWaiterAndNothingIsKept() {
        PieceCache cache = cache(8L * PIECE, pool::add);
        PieceCache.Reader broken = (piece, dst) -> {
            throw new MimException.Storage("x.bin: missing", null);
        };
        cache.block(torrent, PIECE, new BlockRef(0, 0, BLOCK), broken, received);
        cache.block(torrent, PIECE, new BlockRef(0, BLOCK, BLOCK), broken, received);
        runPool();
        assertEquals(2, received.failures.size());
        assertTrue(received.blocks.isEmpty());
        assertEquals(0, cache.bytes());
        ask(cache, 0);
        runPool();
        assertEquals(List.of(0), reads, "the next request reads again");
    }

    private void ask(PieceCache cache, int piece) {
        assertTrue(cache.block(torrent, PIECE, new BlockRef(piece, 0, BLOCK), reader, received));
    }

    private void runPool() {
        while (!pool.isEmpty()) {
            pool.poll().run();
        }
    }

    private static final class Received implements PieceCache.Delivery {
        final List<ByteBuf> blocks = new ArrayList<>();
        final List<Exception> failures = new ArrayList<>();

        @Override
        public void deliver(ByteBuf block) {
            blocks.add(block);
        }

        @Override
        public void failed(Exception e) {
            failures.add(e);
        }
    }
}
