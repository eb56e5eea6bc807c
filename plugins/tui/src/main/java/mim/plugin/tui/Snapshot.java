package mim.plugin.tui;

import java.util.List;
import mim.core.spi.Limits;
import mim.core.spi.PeerStats;
import mim.core.spi.SessionStats;
import mim.core.spi.TorrentDetails;

/**
 * What one frame shows of the session, read from its snapshots. Immutable.
 *
 * @param torrents every torrent, in the session's order
 * @param session the session's totals and rates
 * @param sessionLimits the session's limits
 * @param detail the torrent the details view shows, or null outside it
 * @param problem why the view may be stale (the server not answering), or null
 */
record Snapshot(List<Torrent> torrents, SessionStats session, Limits sessionLimits, Detail detail, String problem) {

    Snapshot {
        torrents = List.copyOf(torrents);
    }

    /**
     * One torrent's files and peers.
     *
     * @param torrent the torrent as the list shows it
     * @param peers its connections as last asked; empty until the first answer
     */
    record Detail(TorrentDetails details, Torrent torrent, List<PeerStats> peers) {
        Detail {
            peers = List.copyOf(peers);
        }
    }
}
