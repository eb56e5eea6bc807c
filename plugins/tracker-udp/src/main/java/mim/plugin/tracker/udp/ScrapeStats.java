package mim.plugin.tracker.udp;

/**
 * What a tracker knows of one torrent, as a scrape (BEP 15, action 2) reports it. Immutable.
 *
 * @param seeders peers that have the whole torrent
 * @param completed how many times the tracker saw a download complete
 * @param leechers peers still downloading
 */
public record ScrapeStats(int seeders, int completed, int leechers) {}
