package mim.plugin.httpapi;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import mim.core.Reason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one {@link Answer.Streamed}: its head, then the parts its producer writes, then the end
 * (an empty last chunk for a chunked body). The {@link BodySink} a producer sees.
 *
 * <p>States: writing (from {@link #start}) until the producer ends the body, fails, writes past the
 * bounds, or the connection closes; then over, for good, and {@link #closed} complete. {@code done}
 * runs once, when the end went out on a connection that stays open: the connection may read its next
 * request.
 *
 * <p>Owned by the connection's thread: calls from other threads are posted to it.
 */
final class StreamWriter implements BodySink {
    /** Bytes written and not yet gone out, at most: what a client that does not read can make us hold. */
    static final int MAX_OUTSTANDING = 1 << 20;

    private static final Logger log = LoggerFactory.getLogger(StreamWriter.class);

    private final ChannelHandlerContext ctx;
    private final long length;
    private final boolean keepAlive;
    private final Runnable done;
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private long written;
    /** Counted when a part is given, so a producer that does not wait is stopped before it fills a queue. */
    private final AtomicLong outstanding = new AtomicLong();
    private boolean over;

    private StreamWriter(ChannelHandlerContext ctx, long length, boolean keepAlive, Runnable done) {
        this.ctx = ctx;
        this.length = length;
        this.keepAlive = keepAlive;
        this.done = done;
    }

    /** Writes the head of {@code answer} and starts its producer; on the connection's thread. */
    static StreamWriter start(ChannelHandlerContext ctx, Answer.Streamed answer, boolean keepAlive, Runnable done) {
        StreamWriter w = new StreamWriter(ctx, answer.length(), keepAlive, done);
        ctx.channel().closeFuture().addListener(f -> w.finish());
        HttpResponse head = Responses.head(answer.status(), answer.contentType(), answer.headers(), answer.length(),
                keepAlive);
        ctx.writeAndFlush(head).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
        try {
            answer.producer().start(w);
        } catch (Exception e) {
            w.fail(e);
        }
        return w;
    }

    /** Whether parts wait to go out: a stream that stays so past the idle timeout has a client not reading. */
    boolean stalled() {
        return outstanding.get() > 0;
    }

    @Override
    public CompletableFuture<Void> write(ByteBuf data) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        int n = data.readableBytes();
        if (outstanding.addAndGet(n) > MAX_OUTSTANDING) {
            refuse(data, n, result, new IOException("the client leaves too much unread"));
            if (!closed.isDone()) {
                ctx.close();
            }
        } else if (!onLoop(() -> writeOnLoop(data, n, result))) {
            refuse(data, n, result, new IOException("the server is stopping"));
        }
        return result;
    }

    private void refuse(ByteBuf data, int n, CompletableFuture<Void> result, Exception why) {
        outstanding.addAndGet(-n);
        data.release();
        result.completeExceptionally(why);
    }

    private void writeOnLoop(ByteBuf data, int n, CompletableFuture<Void> result) {
        if (over) {
            // The connection may be answering its next request already: it is left alone.
            refuse(data, n, result, new IOException("the body is over: the client went away or it was ended"));
            return;
        }
        if (length != Answer.Streamed.UNKNOWN_LENGTH && written + n > length) {
            refuse(data, n, result, new IllegalStateException("the body passes its length of " + length));
            ctx.close();
            return;
        }
        written += n;
        ctx.writeAndFlush(new DefaultHttpContent(data)).addListener(f -> {
            outstanding.addAndGet(-n);
            if (f.isSuccess()) {
                result.complete(null);
            } else {
                result.completeExceptionally(f.cause());
                ctx.close();
            }
        });
    }

    @Override
    public ByteBufAllocator alloc() {
        return ctx.alloc();
    }

    @Override
    public ScheduledExecutorService executor() {
        return ctx.executor();
    }

    @Override
    public void end() {
        onLoop(() -> {
            if (over) {
                return;
            }
            if (length != Answer.Streamed.UNKNOWN_LENGTH && written != length) {
                log.debug("a streamed body ended after {} of its {} bytes: its connection is closed", written, length);
                ctx.close();
                return;
            }
            finish();
            ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(f -> {
                if (!f.isSuccess() || !keepAlive) {
                    ctx.close();
                } else {
                    done.run();
                }
            });
        });
    }

    @Override
    public void fail(Throwable cause) {
        onLoop(() -> {
            if (!over) {
                log.debug("a streamed body failed after {} bytes: {}", written, Reason.of(cause));
                ctx.close();
            }
        });
    }

    @Override
    public CompletableFuture<Void> closed() {
        return closed;
    }

    private void finish() {
        over = true;
        closed.complete(null);
    }

    /** Runs {@code task} on the connection's thread; false if that has stopped (the server is closing). */
    private boolean onLoop(Runnable task) {
        if (ctx.executor().inEventLoop()) {
            task.run();
            return true;
        }
        try {
            ctx.executor().execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }
}
