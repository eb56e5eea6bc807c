package mim.core.wire;

import java.util.Objects;

/**
 * Why a connection ended: a kind the session can act on (retry later, never again, score the
 * peer) and a one-line message saying what happened and with whom.
 *
 * <p>Immutable.
 */
public record CloseReason(Kind kind, String message) {
    public enum Kind {
        /** The TCP connection could not be made (refused, unreachable, timed out). */
        CONNECT_FAILED,
        /** The handshake was not BitTorrent, or named a torrent we do not serve or did not ask for. */
        HANDSHAKE_REFUSED,
        /**
         * The encrypted (MSE) handshake did not complete: the peer closed or reset the connection,
         * went silent, or answered with something that is not MSE. An outgoing attempt to a peer
         * that speaks only the plain protocol ends this way, so with
         * {@link EncryptionPolicy#PREFER} the caller may retry it with {@link EncryptionPolicy#DISABLE}.
         */
        ENCRYPTION_FAILED,
        /** The peer sent something the protocol forbids. */
        PROTOCOL_VIOLATION,
        /** The peer sent nothing, or accepted none of our data, for the read/write timeout. */
        TIMEOUT,
        /** The peer closed the connection. */
        PEER_CLOSED,
        /** The network failed under the connection (reset, broken pipe). */
        IO_ERROR,
        /** We closed it, through {@link PeerConnection#close(String)}. */
        CLOSED_BY_US,
        /** Our own code failed while handling the connection; a bug, logged with its stack trace. */
        INTERNAL_ERROR
    }

    public CloseReason {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return kind + ": " + message;
    }
}
