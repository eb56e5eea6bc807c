package mim.core.wire.mse;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import mim.core.MimException;
import mim.core.wire.EncryptionPolicy;
import mim.core.wire.WireConfig;

/**
 * What the two sides of an MSE handshake share: collecting what the peer sent until a step can be
 * read, holding back what the layers above write until the stream is settled, the overall
 * deadline, and the hand-over at the end.
 *
 * <p>States: HANDSHAKING (reads collected and parsed by the subclass, writes from above held back)
 * then either DONE, after {@link #finish} installed the RC4 codec (or nothing, for plaintext),
 * released the held writes through it, passed the rest of the input up and removed this handler;
 * or FAILED, after {@link #fail} passed an {@link EncryptionFailed} (or refusal) up the pipeline,
 * whose last handler closes the channel. Everything buffered is released on either path, and on
 * removal. One instance per channel, on its event loop.
 */
abstract class MseHandshake extends ChannelDuplexHandler {
    /** The pipeline name of the codec left behind when RC4 was selected. */
    static final String CODEC = "crypto";
    static final int MAX_PAD = 512;
    static final int VC_LENGTH = 8;
    static final int PLAINTEXT = 0x01;
    static final int RC4 = 0x02;

    private enum State { HANDSHAKING, DONE, FAILED }

    private record Held(ByteBuf data, ChannelPromise promise) {
    }

    final WireConfig config;
    final Random random;
    private State state = State.HANDSHAKING;
    private boolean started;
    /** What the peer sent and we have not consumed yet; null until the first read. */
    private ByteBuf received;
    private final ArrayDeque<Held> held = new ArrayDeque<>();
    private ScheduledFuture<?> deadline;

    MseHandshake(WireConfig config, Random random) {
        this.config = config;
        this.random = random;
    }

    /** Sends what this side sends first, once the channel is active. */
    abstract void begin(ChannelHandlerContext ctx);

    /**
     * Consumes the steps {@code in} holds in full, and returns when it needs more; calls
     * {@link #finish} at the end. Throws when the peer broke the handshake.
     */
    abstract void advance(ChannelHandlerContext ctx, ByteBuf in) throws MimException.Network;

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            start(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        start(ctx);
        ctx.fireChannelActive();
    }

    private void start(ChannelHandlerContext ctx) {
        if (started) {
            return;
        }
        started = true;
        long millis = config.encryptionTimeout().toMillis();
        deadline = ctx.executor().schedule(() -> fail(ctx,
                new EncryptionFailed("did not complete the encrypted handshake within " + millis + " ms")),
                millis, TimeUnit.MILLISECONDS);
        begin(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (state != State.HANDSHAKING || !(msg instanceof ByteBuf buf)) {
            // Bytes behind a failure: the connection is closing.
            ReferenceCountUtil.release(msg);
            return;
        }
        try {
            if (received == null) {
                received = ctx.alloc().buffer(Math.max(256, buf.readableBytes()));
            }
            received.writeBytes(buf);
        } finally {
            buf.release();
        }
        try {
            advance(ctx, received);
        } catch (MimException.Network e) {
            fail(ctx, e);
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (state == State.DONE) {
            ctx.write(msg, promise);
        } else if (state == State.FAILED || !(msg instanceof ByteBuf buf)) {
            ReferenceCountUtil.release(msg);
            failPromise(promise, new ClosedChannelException());
        } else {
            held.add(new Held(buf, promise));
        }
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        if (state == State.DONE) {
            ctx.flush();
        }
        // Held writes are flushed by finish; our own are flushed as they are written.
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (state == State.HANDSHAKING && evt instanceof IdleStateEvent idle && idle.state() == IdleState.READER_IDLE) {
            fail(ctx, new EncryptionFailed("sent nothing for " + config.readWriteTimeout().toMillis()
                    + " ms during the encrypted handshake"));
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (state == State.HANDSHAKING && cause instanceof IOException) {
            // A reset in answer to our key is how many plain-only peers say no.
            fail(ctx, new EncryptionFailed("connection failed during the encrypted handshake: " + cause.getMessage(), cause));
        } else {
            ctx.fireExceptionCaught(cause);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (state == State.HANDSHAKING) {
            fail(ctx, new EncryptionFailed("closed the connection during the encrypted handshake"));
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        release(new ClosedChannelException());
    }

    /** Refuses the handshake: frees everything and lets the pipeline's end close the channel. */
    final void fail(ChannelHandlerContext ctx, MimException.Network why) {
        if (state != State.HANDSHAKING) {
            return;
        }
        state = State.FAILED;
        release(why);
        ctx.fireExceptionCaught(why);
    }

    /**
     * Ends the handshake. With RC4 ({@code encrypt} and {@code decrypt} not null) a codec takes our
     * place for the rest of the connection; with plaintext, nothing does. Held writes go out
     * through it, then {@code initialPayload} (if any) and the unread input, decrypted, go up.
     */
    final void finish(ChannelHandlerContext ctx, Rc4 encrypt, Rc4 decrypt, ByteBuf initialPayload) {
        state = State.DONE;
        deadline.cancel(false);
        if (encrypt != null) {
            ctx.pipeline().addBefore(ctx.name(), CODEC, new Rc4Codec(encrypt, decrypt));
        }
        for (Held h; (h = held.poll()) != null; ) {
            ctx.write(h.data(), h.promise());
        }
        ctx.flush();
        ByteBuf rest = received;
        received = null;
        if (decrypt != null) {
            decrypt.apply(rest, rest.readerIndex(), rest.readableBytes());
        }
        if (initialPayload != null) {
            ctx.fireChannelRead(initialPayload);
        }
        if (rest.isReadable()) {
            ctx.fireChannelRead(rest);
        } else {
            rest.release();
        }
        if (!ctx.isRemoved()) {
            ctx.pipeline().remove(this);
        }
    }

    /**
     * Takes the held writes as one buffer, if they fit in {@code max} bytes (the BitTorrent
     * handshake, written as soon as the channel became active); otherwise takes nothing and
     * returns an empty buffer. Their promises are added to {@code promises}.
     */
    final ByteBuf takeHeld(ByteBufAllocator alloc, int max, List<ChannelPromise> promises) {
        long total = held.stream().mapToLong(h -> h.data().readableBytes()).sum();
        if (total > max) {
            return alloc.buffer(0, 0);
        }
        ByteBuf out = alloc.buffer((int) total);
        for (Held h; (h = held.poll()) != null; ) {
            out.writeBytes(h.data());
            h.data().release();
            promises.add(h.promise());
        }
        return out;
    }

    /** Completes {@code promises} as {@code write} completes. */
    static void completeWith(ChannelFuture write, List<ChannelPromise> promises) {
        if (promises.isEmpty()) {
            return;
        }
        write.addListener(f -> promises.forEach(p -> {
            if (f.isSuccess()) {
                if (!p.isVoid()) {
                    p.trySuccess();
                }
            } else {
                failPromise(p, f.cause());
            }
        }));
    }

    /** Writes {@code length} random bytes, as padding. */
    final void writePad(ByteBuf out, int length) {
        byte[] pad = new byte[length];
        random.nextBytes(pad);
        out.writeBytes(pad);
    }

    /** What we offer as the initiator. */
    static int provided(EncryptionPolicy policy) {
        return policy == EncryptionPolicy.REQUIRE ? RC4 : RC4 | PLAINTEXT;
    }

    /**
     * What we select, as the receiver, among what the initiator offered: under {@code require}, RC4;
     * otherwise plaintext whenever it is offered, RC4 only when it is all the initiator takes. The
     * handshake is obfuscated either way; RC4 over every block costs both sides a pass over the
     * data, and an initiator that offers plaintext accepts it. libtorrent selects the same way
     * unless told to prefer RC4.
     */
    static int select(EncryptionPolicy policy, int offered) throws EncryptionFailed {
        if ((offered & PLAINTEXT) != 0 && policy != EncryptionPolicy.REQUIRE) {
            return PLAINTEXT;
        } else if ((offered & RC4) != 0) {
            return RC4;
        }
        throw new EncryptionFailed(String.format("offered crypto methods 0x%x, none of which we accept (%s)",
                offered, policy.name().toLowerCase(java.util.Locale.ROOT)));
    }

    /**
     * The index at which {@code marker} starts in {@code in}, trying start positions from
     * {@code from} to {@code last} that the bytes received so far reach; -1 if none matched yet.
     */
    static int indexOf(ByteBuf in, int from, int last, byte[] marker) {
        int end = Math.min(last, in.writerIndex() - marker.length);
        if (end < from) {
            return -1;
        }
        // One copy of the window (at most 532 bytes) instead of a bounds-checked read per byte.
        byte[] window = new byte[end - from + marker.length];
        in.getBytes(from, window);
        for (int at = 0; at <= end - from; at++) {
            if (Arrays.equals(window, at, at + marker.length, marker, 0, marker.length)) {
                return from + at;
            }
        }
        return -1;
    }

    private void release(Throwable why) {
        if (deadline != null) {
            deadline.cancel(false);
        }
        if (received != null) {
            received.release();
            received = null;
        }
        for (Held h; (h = held.poll()) != null; ) {
            h.data().release();
            failPromise(h.promise(), why);
        }
    }

    private static void failPromise(ChannelPromise promise, Throwable why) {
        // A void promise would turn the failure into one more exception event: the close says enough.
        if (!promise.isVoid()) {
            promise.tryFailure(why);
        }
    }
}
