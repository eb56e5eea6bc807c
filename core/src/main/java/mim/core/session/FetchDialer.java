package mim.core.session;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import mim.core.magnet.MagnetLink;
import mim.core.metadata.MetadataMessage;
import mim.core.spi.TorrentIdentity;
import mim.core.spi.TransferStats;
import mim.core.wire.CloseReason;
import mim.core.wire.TorrentBinding;

/**
 * Whom a {@link MetadataFetch} dials, by the rules of {@link PeerDialer}: the addresses given and
 * those the session's peer sources and the fetch's wire extensions (peer exchange, see
 * {@link WireExtensions}) find for the magnet link (its trackers one to a tier; a link is never
 * private). It gives an address up after {@value #MAX_FAILURES} failures in a row, or when
 * the peer refused our handshake; a peer we closed (it had no metadata to give) is kept, since it
 * may still have data for the torrent the fetch starts, which is handed every address kept.
 *
 * <p>Threading: owned by the fetch's loop.
 */
final class FetchDialer extends PeerDialer {
    private static final int MAX_FAILURES = 3;
    /** What we tell trackers is left: not zero, or we would pass for a seed and be given no seeds. */
    private static final TransferStats UNKNOWN_LEFT = new TransferStats(0, 0, MetadataMessage.PIECE_SIZE);

    private final MetadataFetch fetch;

    FetchDialer(MetadataFetch fetch, Session session) {
        super(session, fetch.loop(), MAX_FAILURES);
        this.fetch = fetch;
    }

    /** The link's trackers as libtorrent reads a magnet's: each {@code tr} a tier of its own. */
    static List<List<String>> tiers(MagnetLink link) {
        return link.trackers().stream().map(List::of).toList();
    }

    /** Dials {@code first} and starts the peer sources and the fetch's wire extensions, which share one sink. */
    void start(MagnetLink link, List<InetSocketAddress> first) {
        TorrentIdentity identity = new TorrentIdentity(fetch.infoHash().truncated(), tiers(link), false,
                session.listenPort(), session.config().wire().peerId().bytes(), session.network().bindHost(), List.of());
        fetch.extensions().start(identity, start(identity, false, first));
    }

    @Override
    String name() {
        return fetch.infoHash().hex();
    }

    @Override
    boolean wantsPeers() {
        return fetch.isFetching();
    }

    @Override
    int connected() {
        return fetch.connected();
    }

    @Override
    boolean isBanned(InetAddress ip) {
        return fetch.isBanned(ip);
    }

    @Override
    void dial(InetSocketAddress a, boolean plain) {
        session.network().connect(fetch.loop(), a, TorrentBinding.withoutLayout(fetch.infoHash(),
                new FetchPeer(fetch, a, true)), plain);
    }

    @Override
    TransferStats stats() {
        return UNKNOWN_LEFT;
    }

    @Override
    TransferStats publishedStats() {
        return UNKNOWN_LEFT;
    }

    @Override
    boolean givesUp(CloseReason.Kind why) {
        return why == CloseReason.Kind.HANDSHAKE_REFUSED;
    }
}
