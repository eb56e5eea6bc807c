package mim.core.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.RecvByteBufAllocator;

/**
 * How much one read of a peer connection takes from the socket: Netty's adaptive sizes (each read
 * sized by the last ones, so a slow peer's stay small), up to 1 MiB where Netty's default stops at
 * 64 KiB, so that a fast peer's blocks go up the pipeline in a sixteenth of the passes. Under a
 * download limit, reads stay at most 64 KiB: a limit is kept by pausing reads, and a megabyte read
 * after each pause would open the peer's window for a megabyte-long burst at line speed.
 *
 * <p>One instance per channel. Thread safety: the cap may be set from any thread; the next read
 * sees it.
 */
final class PeerReads implements RecvByteBufAllocator {
    static final int MAX = 1024 * 1024;
    static final int LIMITED = 64 * 1024;

    private final AdaptiveRecvByteBufAllocator sizes = new AdaptiveRecvByteBufAllocator(64, 2048, MAX);
    private volatile int cap = MAX;

    /** Keeps reads at {@link #LIMITED} bytes while {@code limited}, else up to {@link #MAX}. */
    void limit(boolean limited) {
        cap = limited ? LIMITED : MAX;
    }

    @Override
    public Handle newHandle() {
        return new DelegatingHandle(sizes.newHandle()) {
            @Override
            public int guess() {
                return Math.min(super.guess(), cap);
            }

            @Override
            public ByteBuf allocate(ByteBufAllocator alloc) {
                return alloc.ioBuffer(guess());
            }
        };
    }
}
