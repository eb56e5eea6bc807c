package mim.core.spi;

import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * One connected peer as a {@link WireHandler} sees it: what others may dial it at, what kind of peer
 * it is, and a way to send it this extension's messages.
 *
 * <p>The session gives a handler the same instance for a peer in every call, so it may key maps by
 * it. Thread safety: none; use it only on the torrent's thread, within a {@link WireHandler} call.
 * Answers may change between calls (the peer's extension handshake arrives after it joined, it
 * becomes a seed); after {@link WireHandler#peerLeft} sending does nothing.
 */
public interface WirePeer {

    /**
     * Where the peer accepts connections: the address we dialled for a connection we opened; for one
     * it opened, its IP with the port its extension handshake named ({@code p}); empty when unknown.
     */
    Optional<InetSocketAddress> listenAddress();

    /** Whether it has every piece; while the metadata is fetched, whether it said it has every piece. */
    boolean isSeed();

    /** Whether this connection is encrypted (Message Stream Encryption with RC4). */
    boolean isEncrypted();

    /** Whether the peer announced this extension in its extension handshake (and has not withdrawn it). */
    boolean enabled();

    /**
     * Sends {@code payload} as one message of this extension, under the id the peer chose for it.
     * Does nothing when the peer has not {@link #enabled} the extension or is gone.
     */
    void send(byte[] payload);

    /** Closes the connection, for a peer that broke this extension's rules; {@code why} is logged. */
    void close(String why);
}
