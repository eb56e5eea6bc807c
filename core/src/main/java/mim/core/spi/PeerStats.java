package mim.core.spi;

/**
 * One connection of a torrent. Immutable.
 *
 * @param address the peer's IP address and port, as {@code 1.2.3.4:6881} or {@code [::1]:6881}
 * @param client the client it names in its extension handshake, else what its peer id says
 * @param encrypted whether the connection is encrypted (MSE with RC4)
 * @param outgoing whether we dialled it
 * @param state what passes between us: {@code downloading} (it unchoked us and we want its pieces),
 *     {@code uploading} (we unchoked it and it wants ours), {@code exchanging} (both) or {@code idle}
 * @param seed whether it has every piece
 * @param downloadedBytes payload received from it on this connection
 * @param uploadedBytes payload sent to it on this connection
 * @param downloadRate bytes a second received from it lately
 * @param uploadRate bytes a second sent to it lately
 */
public record PeerStats(String address, String client, boolean encrypted, boolean outgoing, String state, boolean seed,
                        long downloadedBytes, long uploadedBytes, long downloadRate, long uploadRate) {}
