package mim.core.wire;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.handler.timeout.WriteTimeoutException;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Drops a peer that takes none of our data for the read/write timeout. Bytes we flushed stay in the
 * channel's outbound buffer only while the kernel's send buffer is full, that is while the peer is
 * not reading; a check every quarter of the timeout looks whether the first of them, or any part of
 * it, left since the check before. After the timeout without that, it fires {@link
 * WriteTimeoutException}, which the dispatcher turns into the connection's close reason, and closes.
 * A stall is seen between the timeout and a quarter more.
 *
 * <p>Why not Netty's {@code WriteTimeoutHandler}: it arms a timer, a promise and a listener for
 * every message written (some 65,000 a gigabyte downloaded, a request for each block), all on the
 * event loop that reads the blocks. One repeating check a connection costs nothing per message.
 */
final class StalledWriteCheck extends ChannelInboundHandlerAdapter {
    private final long timeoutNanos;
    private ScheduledFuture<?> check;
    /** At the last check: the first flushed message not yet written (null when none) and how much of it was. */
    private Object lastCurrent;
    private long lastProgress;
    /** When the outbound buffer was last seen empty or moving. */
    private long movedAt;

    StalledWriteCheck(Duration timeout) {
        this.timeoutNanos = timeout.toNanos();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive() && ctx.channel().isRegistered()) {
            start(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        start(ctx);
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        stop();
        super.channelInactive(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        stop();
    }

    private void start(ChannelHandlerContext ctx) {
        if (check != null) {
            return;
        }
        movedAt = System.nanoTime();
        long period = Math.max(1, timeoutNanos / 4);
        check = ctx.executor().scheduleAtFixedRate(() -> check(ctx), period, period, TimeUnit.NANOSECONDS);
    }

    private void stop() {
        if (check != null) {
            check.cancel(false);
            check = null;
        }
    }

    /** On the channel's loop, every quarter of the timeout. */
    private void check(ChannelHandlerContext ctx) {
        ChannelOutboundBuffer out = ctx.channel().unsafe().outboundBuffer();
        if (out == null) {
            return; // Closing.
        }
        long now = System.nanoTime();
        Object current = out.current();
        long progress = out.currentProgress();
        if (current == null || current != lastCurrent || progress != lastProgress) {
            movedAt = now;
        } else if (now - movedAt >= timeoutNanos) {
            stop();
            ctx.fireExceptionCaught(WriteTimeoutException.INSTANCE);
            ctx.close();
            return;
        }
        lastCurrent = current;
        lastProgress = progress;
    }
}
