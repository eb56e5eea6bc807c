package mim.core.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import mim.core.metainfo.InfoHash;
import mim.core.testing.TrackingAllocator;
import mim.core.wire.mse.EncryptionFailed;

/**
 * One connection of the real peer pipeline on an embedded channel, for fuzz tests: it is the
 * torrent's {@link PeerHandler} (decoding extension handshakes as the session does, releasing every
 * message at once), feeds the peer's bytes in reads of a chosen size, and at the end checks the
 * decoders' contract: every failure that went up the pipeline is the decoders' own
 * ({@link ProtocolViolation}, {@link EncryptionFailed}, a frame too long), a handler that was bound
 * to the connection hears of its end exactly once and never as an
 * {@link CloseReason.Kind#INTERNAL_ERROR}, and no buffer outlives the channel.
 *
 * <p>Use: make the binding with this handler, {@link #open} the initializer (for an incoming one,
 * with the {@link #lookup} of that binding), {@link #receive}, then {@link #finish}. Single use; the
 * test's thread only.
 */
public final class FuzzedConnection implements PeerHandler {
    private final TrackingAllocator alloc = new TrackingAllocator();
    private final List<Throwable> failures = new ArrayList<>();
    private final List<CloseReason> closes = new ArrayList<>();
    private EmbeddedChannel channel;
    /** Whether the handler was bound: from the start when we connect, by the lookup otherwise. */
    private boolean bound;

    /** Sits below the dispatcher, which acts on failures and passes none on, and keeps each. */
    private final class Watch extends ChannelInboundHandlerAdapter {
        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            failures.add(cause);
            ctx.fireExceptionCaught(cause);
        }
    }

    /**
     * An incoming connection's lookup that serves {@code binding}'s torrent alone. As the session's
     * does, handing the binding out commits its handler to hearing of the connection's end.
     */
    public Function<InfoHash, Optional<TorrentBinding>> lookup(TorrentBinding binding) {
        return asked -> {
            if (!asked.equals(binding.infoHash())) {
                return Optional.empty();
            }
            bound = true;
            return Optional.of(binding);
        };
    }

    /**
     * Builds the pipeline of {@code initializer} on a channel whose buffers are all tracked;
     * {@code outgoing} when it is the initializer of a connection we open, bound from the start.
     */
    public EmbeddedChannel open(PeerChannelInitializer initializer, boolean outgoing) throws Exception {
        bound = outgoing;
        channel = new EmbeddedChannel(false, false, initializer);
        channel.config().setAllocator(alloc);
        channel.register();
        channel.pipeline().addBefore("peer", "watch", new Watch());
        return channel;
    }

    /** Delivers {@code bytes[from, to)} as the peer's, {@code chunk} bytes a read, until the channel closes. */
    public void receive(byte[] bytes, int from, int to, int chunk) {
        for (int at = from; at < to && channel.isOpen(); ) {
            int n = Math.min(chunk, to - at);
            channel.writeInbound(alloc.copyOf(bytes, at, n));
            at += n;
        }
    }

    /** What the pipeline has sent the peer since last asked. */
    public byte[] sent() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ByteBuf b; (b = channel.readOutbound()) != null; ) {
            try {
                byte[] bytes = new byte[b.readableBytes()];
                b.readBytes(bytes);
                out.writeBytes(bytes);
            } finally {
                b.release();
            }
        }
        return out.toByteArray();
    }

    /** Closes the channel and checks the contract. */
    public void finish() {
        channel.finishAndReleaseAll();
        alloc.assertAllReleased();
        for (Throwable failure : failures) {
            Throwable cause = failure instanceof DecoderException && failure.getCause() != null ? failure.getCause() : failure;
            if (!(cause instanceof ProtocolViolation || cause instanceof EncryptionFailed
                    || cause instanceof TooLongFrameException)) {
                throw new AssertionError("the pipeline failed with " + cause, cause);
            }
        }
        assertEquals(bound ? 1 : 0, closes.size(), () -> "closed " + closes);
        for (CloseReason reason : closes) {
            assertNotEquals(CloseReason.Kind.INTERNAL_ERROR, reason.kind(), reason.message());
        }
    }

    @Override
    public void onHandshake(PeerConnection connection, Handshake remote) {
    }

    @Override
    public void onMessage(Message message) {
        try {
            if (message instanceof Message.Extended e && e.id() == Message.Extended.HANDSHAKE) {
                ExtensionHandshake.decode(e).applyTo(Map.of());
            }
        } catch (ProtocolViolation refused) {
            // The session closes such a peer; the decoder did its part.
        } finally {
            ReferenceCountUtil.release(message);
        }
    }

    @Override
    public void onClosed(CloseReason reason) {
        closes.add(reason);
    }
}
