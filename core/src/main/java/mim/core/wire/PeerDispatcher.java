package mim.core.wire;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.WriteTimeoutException;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import mim.core.wire.mse.EncryptionFailed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of a peer pipeline: turns Netty's events into {@link PeerHandler} calls, sends
 * keep-alives when idle, enforces the read timeout, and turns every failure into one
 * {@link CloseReason}. One per channel; runs on its event loop.
 */
final class PeerDispatcher extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(PeerDispatcher.class);

    private final PeerConnection connection;
    private final WireConfig config;
    /** Known from the start when we connect; set by the handshake when a peer connects to us. */
    private PeerHandler handler;

    PeerDispatcher(PeerConnection connection, WireConfig config, PeerHandler handler) {
        this.connection = connection;
        this.config = config;
        this.handler = handler;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (connection.closeReason() != null) {
            // Frames cut in the same read as a violation still arrive; the connection is over.
            ReferenceCountUtil.release(msg);
        } else if (msg instanceof HandshakeDone done) {
            handler = done.binding().handler();
            connection.established(done);
            handler.onHandshake(connection, done.remote());
        } else if (msg instanceof Message message && connection.remoteHandshake() != null) {
            handler.onMessage(message);
        } else {
            // Only the decoders above feed this handler, and they produce nothing else.
            ReferenceCountUtil.release(msg);
            throw new IllegalStateException("unexpected inbound " + msg.getClass().getName());
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (!(evt instanceof IdleStateEvent idle)) {
            super.userEventTriggered(ctx, evt);
        } else if (idle.state() == IdleState.READER_IDLE) {
            connection.closeWith(new CloseReason(CloseReason.Kind.TIMEOUT,
                    connection.describe("sent nothing for " + config.readWriteTimeout().toMillis() + " ms")));
        } else if (idle.state() == IdleState.WRITER_IDLE && connection.remoteHandshake() != null) {
            ctx.writeAndFlush(Message.KEEP_ALIVE, ctx.voidPromise());
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (handler != null && connection.remoteHandshake() != null) {
            handler.onWritabilityChanged(ctx.channel().isWritable());
        }
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        CloseReason reason = classify(cause);
        if (reason.kind() == CloseReason.Kind.INTERNAL_ERROR) {
            log.warn("{}", reason.message(), cause);
        }
        connection.closeWith(reason);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        CloseReason reason = connection.closeReason();
        if (reason == null) {
            reason = new CloseReason(CloseReason.Kind.PEER_CLOSED, connection.describe("closed the connection"));
        }
        log.debug("{}", reason);
        if (handler != null) {
            handler.onClosed(reason);
        }
        super.channelInactive(ctx);
    }

    private CloseReason classify(Throwable cause) {
        Throwable root = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (root instanceof ProtocolViolation.HandshakeRefused) {
            return reason(CloseReason.Kind.HANDSHAKE_REFUSED, root.getMessage());
        } else if (root instanceof EncryptionFailed) {
            return reason(CloseReason.Kind.ENCRYPTION_FAILED, root.getMessage());
        } else if (root instanceof ProtocolViolation) {
            return reason(CloseReason.Kind.PROTOCOL_VIOLATION, root.getMessage());
        } else if (root instanceof TooLongFrameException) {
            return reason(CloseReason.Kind.PROTOCOL_VIOLATION, "message too long: " + root.getMessage());
        } else if (root instanceof WriteTimeoutException) {
            return reason(CloseReason.Kind.TIMEOUT,
                    "accepted none of our data for " + config.readWriteTimeout().toMillis() + " ms");
        } else if (root instanceof IOException) {
            return reason(CloseReason.Kind.IO_ERROR, String.valueOf(root.getMessage()));
        }
        return reason(CloseReason.Kind.INTERNAL_ERROR, "failed handling the connection: " + root);
    }

    private CloseReason reason(CloseReason.Kind kind, String what) {
        return new CloseReason(kind, connection.describe(what));
    }
}
