package mim.core.spi;

/**
 * What happened to a torrent, as a {@link PeerLookup} is told. The order is always
 * {@code STARTED}, then {@code COMPLETED} at most once, then {@code STOPPED}.
 */
public enum TorrentEvent {
    /** The torrent starts: begin looking for peers. */
    STARTED,
    /** The download finished (not sent for a torrent that was complete when it started). */
    COMPLETED,
    /** The torrent stops: say goodbye (a tracker's "stopped" announce); close follows. */
    STOPPED
}
