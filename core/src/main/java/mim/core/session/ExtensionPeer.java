package mim.core.session;

import java.net.InetSocketAddress;
import java.util.Optional;
import mim.core.wire.Message;

/**
 * A connection as the extension protocol (BEP 10) and the session's wire extensions see it, whether
 * it is a torrent's ({@link Peer}) or a metadata fetch's ({@link FetchPeer}): what the peer told us
 * of its extensions, what kind of peer it is, and a way to send it messages or close it. This is all
 * {@link WireExtensions} needs, so a torrent and a fetch run their extensions the same way.
 *
 * <p>Threading: used only on the event loop of the connection's torrent or fetch.
 */
interface ExtensionPeer {

    /** What the peer told us in its extension handshakes. */
    PeerExtensions extensions();

    /** The address we dialled for a connection we opened; the socket's remote address for one it opened. */
    InetSocketAddress address();

    boolean isOutgoing();

    /** Whether it has every piece, as far as its owner can tell. */
    boolean isSeed();

    /** Whether the connection is encrypted (MSE with RC4). */
    boolean isEncrypted();

    /** Past its handshake, accepted, and not closed. */
    boolean isEstablished();

    /** Queues a message and flushes it; nothing once the connection is closed. */
    void send(Message message);

    void close(String why);

    /**
     * Where the peer accepts connections: the address we dialled, or for a peer that dialled us its
     * IP with the port its extension handshake named; empty when it named none. Peer exchange lists
     * a peer only here, so that what we tell others can be dialled.
     */
    default Optional<InetSocketAddress> listenAddress() {
        InetSocketAddress a = address();
        if (isOutgoing()) {
            return Optional.ofNullable(a);
        }
        var port = extensions().listenPort();
        return a == null || port.isEmpty() ? Optional.empty()
                : Optional.of(new InetSocketAddress(a.getAddress(), port.getAsInt()));
    }
}
