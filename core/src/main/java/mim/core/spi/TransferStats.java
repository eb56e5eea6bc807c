package mim.core.spi;

/**
 * A torrent's transfer totals, as trackers want them (BEP 3): bytes uploaded and downloaded since
 * the torrent started in this process, and bytes still missing. Immutable.
 */
public record TransferStats(long uploaded, long downloaded, long left) {

    public TransferStats {
        if (uploaded < 0 || downloaded < 0 || left < 0) {
            throw new IllegalArgumentException("negative transfer totals");
        }
    }
}
