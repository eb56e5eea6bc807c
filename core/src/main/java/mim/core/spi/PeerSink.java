package mim.core.spi;

import java.net.InetSocketAddress;
import java.util.Collection;

/**
 * Where a {@link PeerSource} delivers what it found for one torrent. The session implements it.
 *
 * <p>Thread safety: every method may be called from any thread, and returns quickly without
 * blocking (the session copies what it is given and handles it on the torrent's own thread). After
 * the lookup is closed, calls are ignored.
 */
public interface PeerSink {

    /**
     * Peers to try. Addresses must be resolved (an IP and a port); duplicates, our own address and
     * peers already known are filtered by the session.
     *
     * @param source the name of the source that found them ({@link PeerSource#name()} or a more
     *     precise one, such as a tracker's URL), shown in logs and statistics
     */
    void peers(String source, Collection<InetSocketAddress> peers);

    /**
     * A one-line status for the user, such as "tracker unreachable, retrying in 30s" or "42 peers".
     * The latest message of each source is shown; nothing is logged as an error on its account.
     */
    void status(String source, String message);

    /** The torrent's current transfer totals, for a source that reports them on its own schedule. */
    TransferStats stats();
}
