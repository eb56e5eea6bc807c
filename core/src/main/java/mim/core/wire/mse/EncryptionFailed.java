package mim.core.wire.mse;

import mim.core.MimException;

/**
 * An encrypted (MSE) handshake did not complete: the peer sent no synchronisation marker within
 * the padding allowed, offered no method we accept, overran a limit, closed, or took too long.
 *
 * <p>Raised inside the pipeline by the handshake handlers; the connection reports it to its
 * {@link mim.core.wire.PeerHandler} as {@link mim.core.wire.CloseReason.Kind#ENCRYPTION_FAILED}.
 */
public final class EncryptionFailed extends MimException.Network {
    private static final long serialVersionUID = 1L;

    public EncryptionFailed(String message) {
        super(message);
    }

    public EncryptionFailed(String message, Throwable cause) {
        super(message, cause);
    }
}
