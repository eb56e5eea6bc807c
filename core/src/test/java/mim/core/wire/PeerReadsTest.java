package mim.core.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

class PeerReadsTest {
    private final EmbeddedChannel channel = new EmbeddedChannel();

    /** One read event whose reads come back {@code full} or with a few bytes; the next guess. */
    private int afterRead(RecvByteBufAllocator.Handle reads, boolean full) {
        reads.reset(channel.config());
        int size = reads.guess();
        reads.lastBytesRead(full ? size : 10);
        reads.readComplete();
        return reads.guess();
    }

    @Test
    void aFastPeersReadsGrowToAMegabyteAndASlowPeersStaySmall() {
        RecvByteBufAllocator.Handle reads = new PeerReads().newHandle();
        int guess = 0;
        for (int i = 0; i < 20; i++) {
            guess = afterRead(reads, true);
        }
        assertEquals(PeerReads.MAX, guess, "reads that fill their buffer grow it up to 1 MiB");
        for (int i = 0; i < 40; i++) {
            guess = afterRead(reads, false);
        }
        assertTrue(guess <= 1024, "reads of a few bytes shrink it again, to " + guess);
        channel.finishAndReleaseAll();
    }

    @Test
    void underADownloadLimitReadsStayAt64KiBAndGrowAgainOnceItIsLifted() {
        PeerReads sizes = new PeerReads();
        RecvByteBufAllocator.Handle reads = sizes.newHandle();
        sizes.limit(true);
        for (int i = 0; i < 20; i++) {
            assertTrue(afterRead(reads, true) <= PeerReads.LIMITED);
        }
        ByteBuf buffer = reads.allocate(channel.alloc());
        assertEquals(PeerReads.LIMITED, buffer.capacity(), "the buffer a read fills");
        buffer.release();
        sizes.limit(false);
        assertEquals(PeerReads.MAX, afterRead(reads, true));
        channel.finishAndReleaseAll();
    }
}
