package mim.core.wire;

/**
 * Whether peer connections use Message Stream Encryption (MSE, also called PE: the obfuscation
 * Azureus, libtorrent and Transmission speak), as {@code --encryption prefer|require|disable}.
 *
 * <p>The policy only chooses how a connection starts; once the handshake is done, the BitTorrent
 * handshake and messages are the same whichever way their bytes travel.
 */
public enum EncryptionPolicy {
    /**
     * Outgoing: start with MSE, offering RC4 and plaintext. Incoming: accept a plain BitTorrent
     * handshake or an MSE one, and select plaintext when the peer offers it, RC4 when that is all it
     * offers (as libtorrent does by default): the handshake is obfuscated, the blocks are not
     * encrypted at the cost of a pass over every byte on both sides. A peer that speaks only
     * the plain protocol drops our encrypted attempt: that ends the connection with
     * {@link CloseReason.Kind#ENCRYPTION_FAILED}, and the caller may connect again with
     * {@link #DISABLE} for that one attempt.
     */
    PREFER,
    /** Only RC4 over MSE, both ways: plain incoming handshakes and a plaintext selection are refused. */
    REQUIRE,
    /** The plain protocol only: never start MSE, refuse an incoming MSE handshake. */
    DISABLE
}
