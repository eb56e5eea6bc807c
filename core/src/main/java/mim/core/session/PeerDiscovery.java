package mim.core.session;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import mim.core.metainfo.Metainfo;
import mim.core.spi.PeerSink;
import mim.core.spi.TorrentEvent;
import mim.core.spi.TorrentIdentity;
import mim.core.spi.TransferStats;
import mim.core.wire.CloseReason;
import mim.core.wire.TorrentBinding;

/**
 * Whom a torrent dials, by the rules of {@link PeerDialer}: the user's peers, the session's peer
 * sources (trackers only for a private torrent) and its wire extensions (peer exchange, see
 * {@link TorrentExtensions}), which share the sources' sink. It gives an address up after
 * {@value #MAX_FAILURES} failures in a row; once the torrent has nothing left to download, also
 * when we closed the connection or the peer refused our handshake (two seeds have nothing to say).
 *
 * <p>Threading: owned by the torrent's loop.
 */
final class PeerDiscovery extends PeerDialer {
    private static final int MAX_FAILURES = 5;

    private final Torrent torrent;

    PeerDiscovery(Torrent torrent, Session session) {
        super(session, torrent.loop(), MAX_FAILURES);
        this.torrent = torrent;
    }

    void start(List<InetSocketAddress> userPeers) {
        Metainfo m = torrent.metainfo();
        List<InetSocketAddress> nodes = m.nodes().stream()
                .map(n -> InetSocketAddress.createUnresolved(n.host(), n.port())).toList();
        TorrentIdentity identity = new TorrentIdentity(m.infoHash().truncated(), m.trackerTiers(), m.isPrivate(),
                session.listenPort(), session.config().wire().peerId().bytes(), session.network().bindHost(), nodes);
        PeerSink sink = start(identity, m.isPrivate(), userPeers);
        torrent.extensions().start(identity, sink);
    }

    void completed() {
        event(TorrentEvent.COMPLETED);
    }

    void stop() {
        stop(true);
        torrent.extensions().stop();
    }

    @Override
    String name() {
        return torrent.metainfo().name();
    }

    @Override
    boolean wantsPeers() {
        return torrent.isActive();
    }

    @Override
    int connected() {
        return torrent.peers().size();
    }

    @Override
    boolean isBanned(InetAddress ip) {
        return torrent.bans().isBanned(ip);
    }

    @Override
    void dial(InetSocketAddress a, boolean plain) {
        session.network().connect(torrent.loop(), a, new TorrentBinding(torrent.infoHash(),
                torrent.metainfo().layout(), new Peer(torrent, a, true)), plain);
    }

    @Override
    TransferStats stats() {
        return torrent.transferStats();
    }

    @Override
    TransferStats publishedStats() {
        return torrent.status().transferStats();
    }

    @Override
    boolean givesUp(CloseReason.Kind why) {
        return (why == CloseReason.Kind.CLOSED_BY_US || why == CloseReason.Kind.HANDSHAKE_REFUSED)
                && !torrent.isDownloading();
    }
}
