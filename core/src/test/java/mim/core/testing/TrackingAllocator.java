package mim.core.testing;

import static org.junit.jupiter.api.Assertions.fail;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.UnpooledHeapByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * An allocator for one test or one fuzz input that remembers every buffer it made, so that a leak
 * is found at once and deterministically ({@link #assertAllReleased}) instead of when the garbage
 * collector lets Netty's leak detector see it. Set it on an {@code EmbeddedChannel} before its
 * handlers run and make the test's own input buffers with it too.
 *
 * <p>Every buffer, direct ones included, is an unpooled heap buffer: its memory is then counted by
 * {@link AllocationLimit} like any other allocation. A derived buffer (slice, duplicate) shares its
 * parent's count, so checking the parents covers it. Not thread-safe: an embedded channel runs
 * everything on the test's thread.
 */
public final class TrackingAllocator extends AbstractByteBufAllocator {
    private final List<ByteBuf> made = new ArrayList<>();

    public TrackingAllocator() {
        super(false);
    }

    /** A buffer holding a copy of {@code bytes}, tracked like the others. */
    public ByteBuf copyOf(byte[] bytes, int from, int length) {
        return heapBuffer(length, length).writeBytes(bytes, from, length);
    }

    @Override
    protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
        return track(new UnpooledHeapByteBuf(this, initialCapacity, maxCapacity));
    }

    @Override
    protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
        return newHeapBuffer(initialCapacity, maxCapacity);
    }

    @Override
    public CompositeByteBuf compositeHeapBuffer(int maxNumComponents) {
        return track(new CompositeByteBuf(this, false, maxNumComponents));
    }

    @Override
    public CompositeByteBuf compositeDirectBuffer(int maxNumComponents) {
        return compositeHeapBuffer(maxNumComponents);
    }

    @Override
    public boolean isDirectBufferPooled() {
        return false;
    }

    private <T extends ByteBuf> T track(T buf) {
        made.add(buf);
        return buf;
    }

    /** Fails, saying how many, when a buffer made here is still referenced. */
    public void assertAllReleased() {
        long held = made.stream().filter(b -> b.refCnt() != 0).count();
        if (held != 0) {
            fail(held + " of " + made.size() + " buffers were never released");
        }
    }
}
