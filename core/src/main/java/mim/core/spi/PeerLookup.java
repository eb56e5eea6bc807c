package mim.core.spi;

/**
 * One {@link PeerSource} looking for peers for one torrent, as {@link PeerSource#start} returned it.
 *
 * <p>Lifecycle: idle until {@link #event} tells it {@link TorrentEvent#STARTED}; then it delivers
 * peers to its {@link PeerSink} as it finds them, until {@link #close}. The session sends
 * {@link TorrentEvent#STOPPED} before closing when the torrent stops normally; it may close without
 * it when the process is going away.
 *
 * <p>Thread safety: the session calls these methods from the torrent's own thread, one at a time.
 * They must not block: network work happens on the source's own threads. Ownership: the session
 * owns the lookup and closes it exactly once; closing releases everything it holds (sockets, timers)
 * and stops all calls to the sink.
 */
public interface PeerLookup extends AutoCloseable {

    /**
     * Something happened to the torrent.
     *
     * @param stats the totals at the moment of the event; a tracker reports them with the event
     */
    void event(TorrentEvent event, TransferStats stats);

    /**
     * The torrent has had no usable peer for a while: look again now if the source can, within its
     * own limits (a tracker no sooner than its minimum interval, the DHT not while a lookup runs).
     * Returns at once. A source that cannot look sooner ignores it.
     */
    default void morePeers() {
    }

    /** Stops looking and releases everything; never throws. */
    @Override
    void close();
}
