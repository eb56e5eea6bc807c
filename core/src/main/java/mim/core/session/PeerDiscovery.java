package mim.core.session;

import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import mim.core.MimException;
import mim.core.metainfo.Metainfo;
import mim.core.spi.PeerLookup;
import mim.core.spi.PeerSink;
import mim.core.spi.PeerSource;
import mim.core.spi.TorrentEvent;
import mim.core.spi.TorrentIdentity;
import mim.core.spi.TransferStats;
import mim.core.wire.CloseReason;
import mim.core.wire.EncryptionPolicy;
import mim.core.wire.TorrentBinding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a torrent's peers come from and which of them it connects to: the session's peer sources
 * (trackers only for a private torrent), its wire extensions (see {@link TorrentExtensions}), the
 * user's own list, and what to do when a connection ends.
 *
 * <p>Policy: each address is tried once at a time; a failed or lost connection is retried after
 * 5 s times the number of failures, at most {@value #MAX_FAILURES} times in a row; banned addresses,
 * our own listening address and peers that turned out to be us are never tried. Connections stay
 * under the torrent's and the session's limits. Incoming connections are the torrent's to accept
 * or refuse at their handshake. Encryption: with {@link EncryptionPolicy#PREFER}, a peer that drops
 * our encrypted handshake is dialled again at once in plaintext, and only in plaintext from then on
 * (that is no failure of the peer's); with {@code REQUIRE} it is a failure like any other.
 *
 * <p>Threading: owned by the torrent's loop; the {@link PeerSink} given to sources is safe from any
 * thread and posts to that loop, but for the sources' status lines, kept in a concurrent map.
 */
final class PeerDiscovery {
    private static final Logger log = LoggerFactory.getLogger(PeerDiscovery.class);
    private static final int MAX_FAILURES = 5;

    private final Torrent torrent;
    private final Session session;
    private final ArrayDeque<InetSocketAddress> candidates = new ArrayDeque<>();
    /** Every address heard of, with its consecutive failures; -1 marks one never to try again. */
    private final Map<InetSocketAddress, Integer> known = new HashMap<>();
    /** Addresses that dropped our encrypted handshake, dialled in plaintext since. */
    private final Set<InetSocketAddress> plainOnly = new HashSet<>();
    private final List<PeerLookup> lookups = new ArrayList<>();
    /** The latest status line of each source, by its name. */
    private final Map<String, String> statuses = new ConcurrentHashMap<>();
    private int connecting;
    private boolean running;

    PeerDiscovery(Torrent torrent, Session session) {
        this.torrent = torrent;
        this.session = session;
    }

    void start(List<InetSocketAddress> userPeers) {
        running = true;
        add(userPeers);
        Metainfo m = torrent.metainfo();
        List<InetSocketAddress> nodes = m.nodes().stream()
                .map(n -> InetSocketAddress.createUnresolved(n.host(), n.port())).toList();
        TorrentIdentity identity = new TorrentIdentity(m.infoHash().truncated(), m.trackerTiers(), m.isPrivate(),
                session.listenPort(), session.config().wire().peerId().bytes(), session.network().bindHost(), nodes);
        PeerSink sink = new Sink();
        for (PeerSource source : session.peerSources()) {
            if (m.isPrivate() && !source.isTracker()) {
                continue;
            }
            try {
                PeerLookup lookup = source.start(identity, sink);
                lookups.add(lookup);
                lookup.event(TorrentEvent.STARTED, torrent.transferStats());
            } catch (MimException e) {
                log.warn("{}: peer source {}: {}", m.name(), source.name(), e.getMessage());
            }
        }
        // Wire extensions find peers too (peer exchange), and hand them to the same sink.
        torrent.extensions().start(identity, sink);
    }

    void completed() {
        for (PeerLookup l : lookups) {
            l.event(TorrentEvent.COMPLETED, torrent.transferStats());
        }
    }

    void stop() {
        if (!running) {
            return;
        }
        running = false;
        for (PeerLookup l : lookups) {
            try {
                l.event(TorrentEvent.STOPPED, torrent.transferStats());
            } finally {
                l.close();
            }
        }
        lookups.clear();
        candidates.clear();
        torrent.extensions().stop();
    }

    void add(Collection<InetSocketAddress> addresses) {
        for (InetSocketAddress a : addresses) {
            if (a.isUnresolved() || session.network().isOurs(a) || known.containsKey(a)) {
                continue;
            }
            known.put(a, 0);
            candidates.add(a);
        }
        connectMore();
    }

    /** Never try this address again (it is us under another name). */
    void forget(InetSocketAddress address) {
        if (address != null) {
            known.put(address, -1);
        }
    }

    void connectMore() {
        if (!running || !torrent.isActive()) {
            return;
        }
        int limit = session.config().peersPerTorrent();
        while (!candidates.isEmpty() && torrent.peers().size() + connecting < limit) {
            InetSocketAddress a = candidates.poll();
            if (torrent.bans().isBanned(a.getAddress()) || known.getOrDefault(a, 0) < 0) {
                continue;
            }
            if (!session.reservePeerSlot()) {
                candidates.addFirst(a);
                return;
            }
            connecting++;
            session.network().connect(torrent.loop(), a, new TorrentBinding(torrent.infoHash(), torrent.metainfo().layout(),
                    new Peer(torrent, a, true)), plainOnly.contains(a));
        }
    }

    /** A connection ended; an outgoing one may be retried later. */
    void closed(Peer peer, boolean wasEstablished, CloseReason reason) {
        session.releasePeerSlot();
        if (!peer.isOutgoing()) {
            return;
        }
        connecting -= wasEstablished ? 0 : 1;
        InetSocketAddress a = peer.address();
        int failures = known.getOrDefault(a, 0);
        if (failures < 0 || !running) {
            return;
        }
        if (reason.kind() == CloseReason.Kind.ENCRYPTION_FAILED
                && session.config().wire().encryption() == EncryptionPolicy.PREFER && plainOnly.add(a)) {
            candidates.addFirst(a);
            connectMore();
            return;
        }
        boolean pointless = reason.kind() == CloseReason.Kind.CLOSED_BY_US
                || reason.kind() == CloseReason.Kind.HANDSHAKE_REFUSED;
        if (wasEstablished && !pointless) {
            failures = 0;
        }
        failures++;
        if (pointless && !torrent.isDownloading() || failures > MAX_FAILURES) {
            known.put(a, -1);
            return;
        }
        known.put(a, failures);
        torrent.loop().schedule(() -> {
            if (running && known.getOrDefault(a, -1) >= 0 && torrent.bans().isBanned(a.getAddress()) == false) {
                candidates.add(a);
                connectMore();
            }
        }, 5L * failures, TimeUnit.SECONDS);
    }

    /** Each source's latest status line, "source: message", by source name; safe from any thread. */
    List<String> statuses() {
        List<String> out = new ArrayList<>();
        new TreeMap<>(statuses).forEach((source, message) -> out.add(source + ": " + message));
        return out;
    }

    /** Consecutive failures of connections to this address; -1 if it is never tried again. For tests. */
    int failures(InetSocketAddress address) {
        return known.getOrDefault(address, 0);
    }

    /** Whether this address dropped our encrypted handshake and is dialled in plaintext. */
    boolean isPlainOnly(InetSocketAddress address) {
        return plainOnly.contains(address);
    }

    /** Hands what sources find to the torrent's loop. */
    private final class Sink implements PeerSink {
        @Override
        public void peers(String source, Collection<InetSocketAddress> peers) {
            List<InetSocketAddress> copy = List.copyOf(peers);
            torrent.loop().execute(() -> add(copy));
        }

        @Override
        public void status(String source, String message) {
            log.info("{}: {}: {}", torrent.metainfo().name(), source, message);
            statuses.put(source, message);
        }

        @Override
        public TransferStats stats() {
            return torrent.status().transferStats();
        }
    }
}
