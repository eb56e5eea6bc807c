package mim.core.session;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import mim.core.wire.ExtensionHandshake;
import mim.core.wire.Message;
import mim.core.wire.ProtocolViolation;

/**
 * What one peer told us of its BEP 10 extensions: the id it wants each extension's messages sent
 * under, merged over all its handshakes (a later one may change an id or switch an extension off
 * with 0), the size of the info dictionary it announced (BEP 9), and what else its handshakes said
 * of itself (listen port, client, request queue).
 *
 * <p>Extended messages reach us under the ids <em>we</em> announced
 * ({@link ExtensionHandshake#OUR_UT_METADATA_ID}, ...), so their owner routes them by id: 0 is a
 * handshake for {@link #handshake}, ours for ut_metadata go to the metadata server or fetch, those
 * of a plugin's {@link mim.core.spi.WireExtension} to its handler ({@link WireExtensions}), and
 * any other id, one we never announced, is ignored.
 *
 * <p>Not thread safe: owned by the event loop of the connection's torrent or metadata fetch.
 */
final class PeerExtensions {
    private Map<String, Integer> ids = Map.of();
    private OptionalLong metadataSize = OptionalLong.empty();
    private OptionalInt listenPort = OptionalInt.empty();
    private Optional<String> client = Optional.empty();
    private OptionalInt requestQueue = OptionalInt.empty();

    /**
     * Folds in one of the peer's handshakes.
     *
     * @throws ProtocolViolation if it does not decode or gives two extensions one id
     */
    void handshake(Message.Extended message) throws ProtocolViolation {
        ExtensionHandshake h = ExtensionHandshake.decode(message);
        ids = h.applyTo(ids);
        if (h.metadataSize().isPresent()) {
            metadataSize = h.metadataSize();
        }
        if (h.listenPort().isPresent()) {
            listenPort = h.listenPort();
        }
        if (h.client().isPresent()) {
            client = h.client();
        }
        if (h.requestQueue().isPresent()) {
            requestQueue = h.requestQueue();
        }
    }

    /** How many of our requests the peer said it queues ({@code reqq}), if it did. */
    OptionalInt requestQueue() {
        return requestQueue;
    }

    /** The client name the peer gave ({@code v}), if it did. */
    Optional<String> client() {
        return client;
    }

    /** The id to send {@code extension}'s messages to this peer under, if it enabled it. */
    OptionalInt idOf(String extension) {
        Integer id = ids.get(extension);
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }

    /** The port the peer said it accepts connections on ({@code p}), if it did. */
    OptionalInt listenPort() {
        return listenPort;
    }

    /** The info dictionary's size the peer announced, if it did. */
    OptionalLong metadataSize() {
        return metadataSize;
    }

    /**
     * Our handshake for one connection: ut_metadata and {@code others} (name to our id), with the
     * info dictionary's size when we have it ({@code metadataSize} > 0), our listen port, how many
     * requests we queue, our client name and the peer's address as we see it.
     */
    static Message.Extended ours(Session session, InetSocketAddress peer, long metadataSize,
            Map<String, Integer> others) {
        InetAddress seen = peer == null ? null : peer.getAddress();
        return ExtensionHandshake.ours(others, session.clientName(), session.listenPort(), seen,
                Peer.MAX_QUEUED_UPLOADS, metadataSize).toMessage();
    }
}
