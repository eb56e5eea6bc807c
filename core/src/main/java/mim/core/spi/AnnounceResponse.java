package mim.core.spi;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * A tracker's answer to an announce. Immutable.
 *
 * @param interval how long to wait before the next regular announce
 * @param minInterval the shortest wait the tracker allows, or {@code null}
 * @param trackerId a {@code tracker id} to send back next time, or {@code null}
 * @param warning a {@code warning message} to show, or {@code null}
 * @param peers peers, IPv4 and IPv6 (BEP 7), in the order the tracker gave them
 * @param seeders seeders the tracker knows of, or -1 when it did not say
 * @param leechers leechers the tracker knows of, or -1 when it did not say
 */
public record AnnounceResponse(
        Duration interval, Duration minInterval, String trackerId, String warning, List<InetSocketAddress> peers,
        int seeders, int leechers) {

    public AnnounceResponse {
        if (interval.isNegative() || (minInterval != null && minInterval.isNegative())) {
            throw new IllegalArgumentException("negative interval");
        }
        peers = List.copyOf(peers);
    }
}
