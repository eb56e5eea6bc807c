package mim.core.wire.mse;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * Test plumbing for two embedded channels talking to each other: moves what each writes to the
 * other, optionally cutting one direction's stream at a given offset or into single bytes, and
 * records everything that crossed.
 */
final class Conversation {
    /** The top of a test pipeline: keeps what arrives, and the first failure, which closes the channel. */
    static final class Collector extends ChannelInboundHandlerAdapter {
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        Throwable failure;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            try {
                byte[] bytes = new byte[buf.readableBytes()];
                buf.readBytes(bytes);
                received.writeBytes(bytes);
            } finally {
                buf.release();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (failure == null) {
                failure = cause;
            }
            ctx.close();
        }
    }

    /** No cut. */
    static final int WHOLE = -1;
    /** Every byte delivered on its own. */
    static final int BYTES = -2;

    final EmbeddedChannel a;
    final EmbeddedChannel b;
    final ByteArrayOutputStream aToB = new ByteArrayOutputStream();
    final ByteArrayOutputStream bToA = new ByteArrayOutputStream();

    Conversation(EmbeddedChannel a, EmbeddedChannel b) {
        this.a = a;
        this.b = b;
    }

    /** Exchanges until both are quiet or one has closed; {@code cutA}/{@code cutB} split A's or B's stream. */
    Conversation run(int cutA, int cutB) {
        while (a.isOpen() && b.isOpen()) {
            byte[] fromA = drain(a);
            byte[] fromB = drain(b);
            if (fromA.length == 0 && fromB.length == 0) {
                break;
            }
            deliver(b, fromA, aToB, cutA);
            if (a.isOpen()) {
                deliver(a, fromB, bToA, cutB);
            }
        }
        return this;
    }

    Conversation run() {
        return run(WHOLE, WHOLE);
    }

    static byte[] drain(EmbeddedChannel ch) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ByteBuf buf; (buf = ch.readOutbound()) != null; ) {
            byte[] bytes = new byte[buf.readableBytes()];
            buf.readBytes(bytes);
            buf.release();
            out.writeBytes(bytes);
        }
        return out.toByteArray();
    }

    private static void deliver(EmbeddedChannel to, byte[] bytes, ByteArrayOutputStream log, int cut) {
        if (bytes.length == 0 || !to.isOpen()) {
            return;
        }
        int offset = log.size();
        log.writeBytes(bytes);
        if (cut == BYTES) {
            for (int i = 0; i < bytes.length && to.isOpen(); i++) {
                to.writeInbound(Unpooled.copiedBuffer(bytes, i, 1));
            }
            return;
        }
        int split = cut - offset;
        if (split > 0 && split < bytes.length) {
            to.writeInbound(Unpooled.copiedBuffer(bytes, 0, split));
            if (to.isOpen()) {
                to.writeInbound(Unpooled.copiedBuffer(bytes, split, bytes.length - split));
            }
        } else {
            to.writeInbound(Unpooled.copiedBuffer(bytes));
        }
    }

    /** Whether {@code needle} occurs in {@code haystack}. */
    static boolean contains(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return true;
            }
        }
        return false;
    }
}
