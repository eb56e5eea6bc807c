package mim.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.Test;

class PieceBuffersTest {
    private static final int PIECE = 64 * 1024;

    @Test
    void aFreedPieceBufferServesTheNextPieceWithItsIndicesReset() {
        PieceBuffers buffers = new PieceBuffers(PIECE, 2);
        ByteBuf first = buffers.take(PIECE);
        assertEquals(PIECE, first.capacity());
        first.writerIndex(100).readerIndex(10);
        buffers.give(first);
        assertEquals(1, buffers.kept());
        ByteBuf again = buffers.take(PIECE);
        assertSame(first, again);
        assertEquals(0, again.readerIndex());
        assertEquals(0, again.writerIndex());
        assertEquals(1, again.refCnt(), "handed out once, not retained");
        buffers.give(again);
        buffers.close();
        assertEquals(0, again.refCnt(), "released on close");
    }

    @Test
    void keepsAtMostMaxAndNeverTheShortLastPiece() {
        PieceBuffers buffers = new PieceBuffers(PIECE, 2);
        ByteBuf a = buffers.take(PIECE);
        ByteBuf b = buffers.take(PIECE);
        ByteBuf c = buffers.take(PIECE);
        ByteBuf last = buffers.take(PIECE - 1000);
        assertEquals(PIECE - 1000, last.capacity());
        assertNotSame(a, b);
        buffers.give(last);
        assertEquals(0, last.refCnt(), "a short buffer goes back to Netty's pool");
        buffers.give(a);
        buffers.give(b);
        buffers.give(c);
        assertEquals(2, buffers.kept());
        assertEquals(0, c.refCnt(), "beyond the limit: released");
        buffers.close();
        assertEquals(0, a.refCnt());
        assertEquals(0, b.refCnt());
    }

    @Test
    void aBufferGivenBackAfterCloseIsReleased() {
        PieceBuffers buffers = new PieceBuffers(PIECE, 2);
        ByteBuf late = buffers.take(PIECE);
        buffers.close();
        buffers.give(late);
        assertEquals(0, late.refCnt());
        assertEquals(0, buffers.kept());
    }
}
