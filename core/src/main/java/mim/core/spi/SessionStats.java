package mim.core.spi;

/**
 * The session as a whole. Immutable.
 *
 * @param torrents torrents in the session
 * @param downloadedBytes payload received by all of them, as {@link TorrentStats#downloadedBytes} counts
 * @param uploadedBytes payload sent by all of them
 * @param downloadRate bytes a second received now, all torrents together
 * @param uploadRate bytes a second sent now
 * @param peers connections now
 * @param uptimeSeconds seconds since the session started
 */
public record SessionStats(int torrents, long downloadedBytes, long uploadedBytes, long downloadRate, long uploadRate,
                           int peers, long uptimeSeconds) {}
