package mim.plugin.tui;

import java.util.OptionalLong;
import mim.core.spi.Limits;
import mim.core.spi.TorrentStats;
import mim.core.spi.TorrentSummary;

/** One torrent as a frame shows it: what the session listed, how it is doing and its own limits. Immutable. */
record Torrent(TorrentSummary summary, TorrentStats stats, Limits limits) {

    int id() {
        return summary.id();
    }

    /** Its name; a magnet link's info-hash while neither its metadata nor a {@code dn} named it. */
    String name() {
        return summary.name() != null ? summary.name() : summary.infoHash();
    }

    String state() {
        return stats.state();
    }

    /** How much of what was chosen is verified, from 0 to 1; 0 while the size is unknown. */
    double fraction() {
        return stats.totalBytes() == 0 ? (stats.finished() ? 1 : 0)
                : (double) stats.progressBytes() / stats.totalBytes();
    }

    /** Seconds to finish at the present rate, if it is downloading at all. */
    OptionalLong eta() {
        long left = stats.totalBytes() - stats.progressBytes();
        if (stats.finished() || left <= 0 || stats.downloadRate() <= 0) {
            return OptionalLong.empty();
        }
        return OptionalLong.of((left + stats.downloadRate() - 1) / stats.downloadRate());
    }

    /** Bytes sent per byte received (per byte held, for what it did not download); -1 with neither. */
    double ratio() {
        long base = stats.downloadedBytes() > 0 ? stats.downloadedBytes() : stats.progressBytes();
        return base == 0 ? -1 : (double) stats.uploadedBytes() / base;
    }
}
