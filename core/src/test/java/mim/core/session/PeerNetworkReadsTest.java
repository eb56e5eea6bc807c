package mim.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

class PeerNetworkReadsTest {
    /** One read event of a channel whose reads come back {@code full} or with a few bytes; the next guess. */
    private static int afterRead(RecvByteBufAllocator.Handle reads, EmbeddedChannel channel, boolean full) {
        reads.reset(channel.config());
        int size = reads.guess();
        reads.lastBytesRead(full ? size : 10);
        reads.readComplete();
        return reads.guess();
    }

    @Test
    void aFastPeersReadsGrowToAMegabyteAndASlowPeersStaySmall() {
        EmbeddedChannel channel = new EmbeddedChannel();
        RecvByteBufAllocator.Handle reads = PeerNetwork.READS.newHandle();
        int guess = 0;
        for (int i = 0; i < 20; i++) {
            guess = afterRead(reads, channel, true);
        }
        assertEquals(1024 * 1024, guess, "reads that fill their buffer grow it up to 1 MiB");
        for (int i = 0; i < 40; i++) {
            guess = afterRead(reads, channel, false);
        }
        assertTrue(guess <= 1024, "reads of a few bytes shrink it again, to " + guess);
        channel.finishAndReleaseAll();
    }
}
