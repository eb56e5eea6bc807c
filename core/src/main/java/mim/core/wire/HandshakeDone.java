package mim.core.wire;

/**
 * The event {@link HandshakeDecoder} passes up the pipeline once the peer's handshake is accepted
 * and the message framing is in place: the handshake, the torrent it is bound to, and which
 * extensions both sides announced.
 */
record HandshakeDone(Handshake remote, TorrentBinding binding, boolean fast, boolean extensionProtocol) {
}
