package mim.core.spi;

import mim.core.MimException;
import org.pf4j.ExtensionPoint;

/**
 * A way of finding peers for a torrent: HTTP and UDP trackers, the DHT, peer exchange, a list in a
 * file.
 *
 * <p>Private torrents (BEP 27) may only use trackers. The session enforces it: it starts a source for
 * a private torrent only if {@link #isTracker()} says so. A source therefore need not check
 * {@link TorrentIdentity#privateTorrent()} itself, though a tracker may use it.
 *
 * <p>Thread safety: one instance serves every torrent of the process and {@link #start} may be
 * called concurrently. Ownership: the caller owns each returned {@link PeerLookup} and closes it.
 */
public interface PeerSource extends ExtensionPoint {

    /** A short name for listings, logs and {@link PeerSink} messages, such as {@code tracker-http}. */
    String name();

    /**
     * Whether this source is a tracker in the sense of BEP 27: it asks the torrent's own trackers and
     * nobody else. Only trackers serve private torrents. By default a source is not one.
     */
    default boolean isTracker() {
        return false;
    }

    /**
     * Prepares a lookup for one torrent; it starts when told {@link TorrentEvent#STARTED}. Returns
     * quickly, doing no network I/O itself. A source with nothing to do for this torrent (a tracker
     * when the torrent lists none) returns a lookup that does nothing.
     *
     * @throws MimException if the source cannot serve this torrent at all (its configuration is
     *     unusable); the session reports it and goes on without this source
     */
    PeerLookup start(TorrentIdentity torrent, PeerSink sink) throws MimException;
}
