package mim.core.spi;

import java.time.Instant;
import java.util.List;

/**
 * One torrent of a session, as a list shows it. Immutable.
 *
 * @param id the session's id for it
 * @param infoHash the v1 info-hash in lower-case hex
 * @param name the torrent's name; a magnet link's {@code dn} (or null) until its metadata is known
 * @param outputFolder the folder its files are written under
 * @param state one of {@link TorrentStats#STATES}
 * @param pieceCount how many pieces it has; 0 until its metadata is known
 * @param addedAt when it was first added to the session
 * @param completedAt when the files chosen were first complete, or null
 * @param labels its labels, sorted
 */
public record TorrentSummary(int id, String infoHash, String name, String outputFolder, String state, int pieceCount,
                             Instant addedAt, Instant completedAt, List<String> labels) {

    public TorrentSummary {
        labels = List.copyOf(labels);
    }
}
