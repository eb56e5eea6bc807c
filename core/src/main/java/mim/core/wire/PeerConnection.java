package mim.core.wire;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.net.SocketAddress;
import java.util.List;
import mim.core.wire.mse.MessageStreamEncryption;

/**
 * One peer connection as the torrent logic uses it: send messages, read the negotiated
 * extensions, pause reading, close with a reason. Handed to {@link PeerHandler#onHandshake}.
 *
 * <p>States: connecting or handshaking (no messages may be sent), then established (after the
 * peer's handshake was accepted and ours sent), then closed. Sending before the handshake, or a
 * Fast or extended message the peer did not negotiate, throws {@link IllegalStateException}:
 * that is a bug on our side, not the peer's.
 *
 * <p>Thread safety: every method may be called from any thread; Netty runs writes on the channel's
 * event loop, and {@link #close} moves itself there. Callers that own torrent state on the
 * channel's loop pay nothing for that.
 */
public final class PeerConnection {
    private final Channel channel;
    private final boolean outgoing;
    /** Written once on the event loop before onHandshake; volatile so other threads see it. */
    private volatile HandshakeDone established;
    /** The first reason given for closing; event loop only. */
    private CloseReason closeReason;

    PeerConnection(Channel channel, boolean outgoing) {
        this.channel = channel;
        this.outgoing = outgoing;
    }

    /** Whether we opened this connection. */
    public boolean isOutgoing() {
        return outgoing;
    }

    public SocketAddress remoteAddress() {
        return channel.remoteAddress();
    }

    /** The loop that runs this connection's I/O and calls its handler. */
    public EventLoop eventLoop() {
        return channel.eventLoop();
    }

    /** The peer's handshake, or null before it was accepted. */
    public Handshake remoteHandshake() {
        HandshakeDone done = established;
        return done == null ? null : done.remote();
    }

    /** Whether both sides announced the Fast extension (BEP 6). */
    public boolean fastEnabled() {
        HandshakeDone done = established;
        return done != null && done.fast();
    }

    /** Whether both sides announced the extension protocol (BEP 10). */
    public boolean extensionProtocolEnabled() {
        HandshakeDone done = established;
        return done != null && done.extensionProtocol();
    }

    /** Whether the bytes travel encrypted: MSE settled on RC4 (not on its plaintext method). */
    public boolean isEncrypted() {
        return channel.pipeline().get(MessageStreamEncryption.CODEC) != null;
    }

    /** Queues {@code message} without flushing; a Piece's data is released once written. */
    public void write(Message message) {
        channel.write(checkSendable(message), channel.voidPromise());
    }

    /** Queues requests for {@code blocks}, all in one buffer, without flushing. */
    public void writeRequests(List<BlockRef> blocks) {
        requireHandshake("requests");
        channel.write(MessageEncoder.requests(channel.alloc(), blocks), channel.voidPromise());
    }

    /** Queues {@code message} and flushes everything queued. */
    public void send(Message message) {
        channel.writeAndFlush(checkSendable(message), channel.voidPromise());
    }

    public void flush() {
        channel.flush();
    }

    /** Whether the outgoing buffer is below its high water mark. */
    public boolean isWritable() {
        return channel.isWritable();
    }

    /** Keeps reads from this peer small while a download limit applies (see {@link PeerReads}). */
    public void limitReads(boolean limited) {
        if (channel.config().getRecvByteBufAllocator() instanceof PeerReads reads) {
            reads.limit(limited);
        }
    }

    /** Back-pressure: stop ({@code false}) or resume reading from this peer. */
    public void setAutoRead(boolean autoRead) {
        channel.config().setAutoRead(autoRead);
    }

    public boolean isAutoRead() {
        return channel.config().isAutoRead();
    }

    /** Closes the connection; the handler's {@code onClosed} gets {@code why} as {@link CloseReason.Kind#CLOSED_BY_US}. */
    public void close(String why) {
        closeWith(new CloseReason(CloseReason.Kind.CLOSED_BY_US, describe(why)));
    }

    /** {@code what}, prefixed with the peer's address, for messages and logs. */
    String describe(String what) {
        return "peer " + remoteAddress() + ": " + what;
    }

    void closeWith(CloseReason reason) {
        if (!channel.eventLoop().inEventLoop()) {
            channel.eventLoop().execute(() -> closeWith(reason));
            return;
        }
        if (closeReason == null) {
            closeReason = reason;
        }
        channel.close();
    }

    /** The reason recorded by the first close, or null if the peer closed first. */
    CloseReason closeReason() {
        return closeReason;
    }

    void established(HandshakeDone done) {
        this.established = done;
    }

    private HandshakeDone requireHandshake(Object what) {
        HandshakeDone done = established;
        if (done == null) {
            throw new IllegalStateException("message before the handshake: " + what);
        }
        return done;
    }

    private Message checkSendable(Message message) {
        HandshakeDone done = requireHandshake(message);
        boolean fastOnly = message instanceof Message.Suggest || message instanceof Message.HaveAll
                || message instanceof Message.HaveNone || message instanceof Message.Reject
                || message instanceof Message.AllowedFast;
        if (fastOnly && !done.fast()) {
            throw new IllegalStateException("Fast extension not negotiated: " + message);
        }
        if (message instanceof Message.Extended && !done.extensionProtocol()) {
            throw new IllegalStateException("extension protocol not negotiated: " + message);
        }
        return message;
    }
}
