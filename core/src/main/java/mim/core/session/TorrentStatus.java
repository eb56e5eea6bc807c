package mim.core.session;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A torrent at one moment, for progress displays and peer sources. Immutable.
 *
 * @param totalBytes bytes of the pieces wanted (the selected files, rounded out to whole pieces)
 * @param haveBytes bytes of those pieces verified
 * @param downloadedBytes payload received since the torrent started in this process
 * @param uploadedBytes payload sent since then
 * @param downloadRate bytes per second received over the last few seconds
 * @param uploadRate bytes per second sent over the last 20 seconds
 * @param error why the torrent stopped, for {@link Torrent.State#ERROR}; null otherwise
 * @param sources the latest status line of each peer source, as "source: message", by source name
 *     (such as "tracker: all trackers failed (...), retrying in 30s")
 * @param fileVerifiedBytes verified bytes of each file of the torrent, in its order
 * @param banned how many peer addresses are banned, by reason (such as "corrupt data")
 * @param noUsablePeers while downloading with no peer at all, why, when every address heard of is
 *     banned or refusing ("no usable peers: 6 banned (corrupt data), 1 refusing"); null otherwise
 */
public record TorrentStatus(
        String infoHashHex, String name, Torrent.State state, long totalBytes, long haveBytes,
        long downloadedBytes, long uploadedBytes, long downloadRate, long uploadRate, int peers, String error,
        List<String> sources, List<Long> fileVerifiedBytes, Map<String, Integer> banned, String noUsablePeers) {

    public TorrentStatus {
        sources = List.copyOf(sources);
        fileVerifiedBytes = List.copyOf(fileVerifiedBytes);
        banned = Collections.unmodifiableMap(new TreeMap<>(banned));
    }

    /** Verified share of what is wanted, 0 to 1; 1 when nothing is wanted. */
    public double fraction() {
        return totalBytes == 0 ? 1.0 : (double) haveBytes / totalBytes;
    }

    /** The totals trackers report. */
    public mim.core.spi.TransferStats transferStats() {
        return new mim.core.spi.TransferStats(uploadedBytes, downloadedBytes, totalBytes - haveBytes);
    }
}
