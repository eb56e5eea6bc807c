package mim.plugin.httpapi;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Where a {@link Answer.Producer} writes a body, part by part, then {@link #end}s it.
 *
 * <p>Pacing: {@link #write} answers a future that completes once those bytes went out to the
 * connection; a producer writes its next part when the last one completed, so it runs at the pace
 * the client reads. Bytes written and not yet gone out are bounded ({@value StreamWriter#MAX_OUTSTANDING}
 * bytes): a write past that bound closes the connection and fails, and a connection whose writes stay
 * stuck for the idle timeout (a client that stopped reading) is closed, so a client can never make
 * the server hold more than that.
 *
 * <p>{@link #closed} tells when the body can take nothing more: it was ended, or the client went
 * away, or the server closed the connection; a producer stops there and releases what it holds.
 *
 * <p>Thread safety: every method may be called from any thread; parts are written in the order of
 * the calls of one thread. Futures complete on the connection's thread: what runs on them must not
 * block.
 */
interface BodySink {

    /**
     * Writes {@code data}, which the sink owns from now on (it is released whatever happens). The future
     * fails when the body can take no more (see {@link #closed}), when the part would pass the declared
     * length, or when the client has left too much unread (a part is therefore never larger than the
     * bound).
     */
    CompletableFuture<Void> write(ByteBuf data);

    /** Writes a copy of {@code data}. */
    default CompletableFuture<Void> write(byte[] data) {
        return write(Unpooled.copiedBuffer(data));
    }

    /** An allocator for the parts, the connection's own. */
    ByteBufAllocator alloc();

    /**
     * The connection's thread, for a producer's short work and timers (such as a heartbeat); nothing that
     * blocks may run on it. Work scheduled there after the connection closed may not run.
     */
    ScheduledExecutorService executor();

    /**
     * Ends the body; the connection then goes on to its next request, or closes if the request asked it
     * to. A body shorter than its declared length closes the connection instead (the client must not take
     * a cut body for a whole one). Ending twice, or after {@link #closed}, does nothing.
     */
    void end();

    /** The producer cannot go on: the connection closes, the client sees a cut body. */
    void fail(Throwable cause);

    /** Completes once the body can take nothing more: ended, the client gone, or the connection closed. */
    CompletableFuture<Void> closed();
}
