package mim.core.spi;

/**
 * One torrent of a session as a {@link UserInterface} shows it, at one moment. Immutable.
 *
 * @param infoHashHex the v1 info-hash in lower-case hex, which identifies the torrent
 * @param name the torrent's name
 * @param state a word for the user: {@code checking}, {@code downloading}, {@code seeding},
 *     {@code paused}, {@code error}
 * @param totalBytes the size of the selected files
 * @param haveBytes verified bytes of the selected files on disk
 * @param downloadedBytes bytes received since the session started
 * @param uploadedBytes bytes sent since the session started
 * @param peers connected peers
 */
public record TorrentSummary(
        String infoHashHex, String name, String state, long totalBytes, long haveBytes,
        long downloadedBytes, long uploadedBytes, int peers) {}
