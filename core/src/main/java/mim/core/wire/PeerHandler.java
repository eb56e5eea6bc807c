package mim.core.wire;

/**
 * What the torrent logic sees of one peer connection: its handshake, its decoded messages, and
 * its end. Never a buffer offset.
 *
 * <p>One handler per connection. Every method is called on the connection's event loop, one at a
 * time, in this order: {@link #onHandshake} once (unless the connection ends before), then
 * {@link #onMessage} for each message, interleaved with {@link #onWritabilityChanged}, and finally
 * {@link #onClosed} exactly once, whether or not the handshake happened (for an outgoing
 * connection that never connected, too). A handler that throws closes the connection with
 * {@link CloseReason.Kind#INTERNAL_ERROR}.
 */
public interface PeerHandler {
    /**
     * The peer's handshake has been checked and ours sent; {@code connection} now accepts
     * messages. The first message to send is a bitfield, or with Fast, have all or have none.
     */
    void onHandshake(PeerConnection connection, Handshake remote);

    /**
     * A message from the peer, already checked against the torrent's geometry and the extensions
     * negotiated. Ownership passes to the handler: a {@link Message.Piece} must be released (or
     * handed on to whoever will release it).
     */
    void onMessage(Message message);

    /**
     * The channel's outgoing buffer went past its high water mark ({@code false}) or drained below
     * the low one ({@code true}). A handler that produces data (serving pieces) stops while false;
     * one that consumes can switch reading off with {@link PeerConnection#setAutoRead}.
     */
    default void onWritabilityChanged(boolean writable) {
    }

    /** The connection is gone; nothing more will be called. */
    void onClosed(CloseReason reason);
}
