package mim.core.wire;

import mim.core.MimException;

/**
 * A peer broke the wire protocol: a malformed or out-of-range message, a message of an extension
 * it did not announce, a frame past the limits. The connection is dropped; the torrent goes on.
 *
 * <p>Thrown by the decoders inside the pipeline, where Netty wraps it in a
 * {@link io.netty.handler.codec.DecoderException}; the connection reports it to its
 * {@link PeerHandler} as a {@link CloseReason}.
 */
public class ProtocolViolation extends MimException.Network {
    private static final long serialVersionUID = 1L;

    public ProtocolViolation(String message) {
        super(message);
    }

    /** The handshake was refused: not BitTorrent, or a torrent we do not serve or did not ask for. */
    public static final class HandshakeRefused extends ProtocolViolation {
        private static final long serialVersionUID = 1L;

        public HandshakeRefused(String message) {
            super(message);
        }
    }
}
