package mim.core.session;

import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import mim.core.MimException;
import mim.core.magnet.MagnetLink;
import mim.core.metadata.MetadataMessage;
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
 * Where a {@link MetadataFetch}'s peers come from and which it dials: the session's peer sources
 * started for the magnet link (its trackers one to a tier, never private), and the addresses given.
 *
 * <p>The policy is a torrent's ({@link PeerDiscovery}) cut down to what a fetch needs: an address
 * is tried once at a time, a failed or lost one again after 5 s times its failures, at most
 * {@value #MAX_FAILURES} times in a row; banned addresses, ours, and peers that were us are never
 * dialled; connections stay under the per-torrent and session limits. With
 * {@link EncryptionPolicy#PREFER}, a peer that drops our encrypted handshake is dialled again in
 * plaintext. It keeps every address it heard of, to hand them to the torrent the fetch starts.
 *
 * <p>Threading: owned by the fetch's loop; the sink given to sources posts to that loop, and the
 * sources' status lines are kept in a concurrent map.
 */
final class FetchDialer {
    private static final Logger log = LoggerFactory.getLogger(FetchDialer.class);
    private static final int MAX_FAILURES = 3;
    /** What we tell trackers is left: not zero, or we would pass for a seed and be given no seeds. */
    private static final TransferStats UNKNOWN_LEFT = new TransferStats(0, 0, MetadataMessage.PIECE_SIZE);

    private final MetadataFetch fetch;
    private final Session session;
    private final ArrayDeque<InetSocketAddress> candidates = new ArrayDeque<>();
    /** Every address heard of, in order, with its consecutive failures; -1 marks one never to try again. */
    private final Map<InetSocketAddress, Integer> known = new LinkedHashMap<>();
    private final Set<InetSocketAddress> plainOnly = new HashSet<>();
    private final List<PeerLookup> lookups = new ArrayList<>();
    private final Map<String, String> statuses = new ConcurrentHashMap<>();
    private int connecting;
    private boolean running;

    FetchDialer(MetadataFetch fetch, Session session) {
        this.fetch = fetch;
        this.session = session;
    }

    /** The link's trackers as libtorrent reads a magnet's: each {@code tr} a tier of its own. */
    static List<List<String>> tiers(MagnetLink link) {
        return link.trackers().stream().map(List::of).toList();
    }

    void start(MagnetLink link, List<InetSocketAddress> first) {
        running = true;
        add(first);
        TorrentIdentity identity = new TorrentIdentity(fetch.infoHash().truncated(), tiers(link), false,
                session.listenPort(), session.config().wire().peerId().bytes(), session.network().bindHost(), List.of());
        PeerSink sink = new Sink();
        for (PeerSource source : session.peerSources()) {
            try {
                PeerLookup lookup = source.start(identity, sink);
                lookups.add(lookup);
                lookup.event(TorrentEvent.STARTED, UNKNOWN_LEFT);
            } catch (MimException e) {
                log.warn("{}: peer source {}: {}", fetch.infoHash().hex(), source.name(), e.getMessage());
            }
        }
    }

    /**
     * Stops looking. {@code sayStopped} tells the sources the download stopped (the session is
     * closing); without it the lookups just close, as the torrent that follows announces itself.
     */
    void stop(boolean sayStopped) {
        if (!running) {
            return;
        }
        running = false;
        for (PeerLookup l : lookups) {
            try {
                if (sayStopped) {
                    l.event(TorrentEvent.STOPPED, UNKNOWN_LEFT);
                }
            } finally {
                l.close();
            }
        }
        lookups.clear();
        candidates.clear();
    }

    void add(Collection<InetSocketAddress> addresses) {
        for (InetSocketAddress a : addresses) {
            if (remember(a)) {
                candidates.add(a);
            }
        }
        connectMore();
    }

    /** Keeps an address for the torrent without dialling it; false if it was known or unusable. */
    boolean remember(InetSocketAddress a) {
        if (a.isUnresolved() || session.network().isOurs(a) || known.containsKey(a)) {
            return false;
        }
        known.put(a, 0);
        return true;
    }

    void forget(InetSocketAddress address) {
        if (address != null) {
            known.put(address, -1);
        }
    }

    /** Every address worth handing to the torrent: not banned, not us. */
    List<InetSocketAddress> knownAddresses() {
        List<InetSocketAddress> out = new ArrayList<>();
        known.forEach((a, failures) -> {
            if (failures >= 0 && !fetch.isBanned(a.getAddress())) {
                out.add(a);
            }
        });
        return out;
    }

    void connectMore() {
        if (!running || !fetch.isFetching()) {
            return;
        }
        while (!candidates.isEmpty() && fetch.connected() + connecting < session.config().peersPerTorrent()) {
            InetSocketAddress a = candidates.poll();
            if (fetch.isBanned(a.getAddress()) || known.getOrDefault(a, 0) < 0) {
                continue;
            }
            if (!session.reservePeerSlot()) {
                candidates.addFirst(a);
                return;
            }
            connecting++;
            session.network().connect(fetch.loop(), a, TorrentBinding.withoutLayout(fetch.infoHash(),
                    new FetchPeer(fetch, a, true)), plainOnly.contains(a));
        }
    }

    void closed(FetchPeer peer, boolean wasEstablished, CloseReason reason) {
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
        failures = (wasEstablished && reason.kind() != CloseReason.Kind.CLOSED_BY_US ? 0 : failures) + 1;
        if (failures > MAX_FAILURES || reason.kind() == CloseReason.Kind.HANDSHAKE_REFUSED) {
            known.put(a, -1);
            return;
        }
        known.put(a, failures);
        fetch.loop().schedule(() -> {
            if (running && known.getOrDefault(a, -1) >= 0 && !fetch.isBanned(a.getAddress())) {
                candidates.add(a);
                connectMore();
            }
        }, 5L * failures, TimeUnit.SECONDS);
    }

    /** Each source's latest status line, "source: message"; safe from any thread. */
    List<String> statuses() {
        List<String> out = new ArrayList<>();
        new TreeMap<>(statuses).forEach((source, message) -> out.add(source + ": " + message));
        return out;
    }

    private final class Sink implements PeerSink {
        @Override
        public void peers(String source, Collection<InetSocketAddress> peers) {
            List<InetSocketAddress> copy = List.copyOf(peers);
            fetch.loop().execute(() -> add(copy));
        }

        @Override
        public void status(String source, String message) {
            log.info("{}: {}: {}", fetch.infoHash().hex(), source, message);
            statuses.put(source, message);
        }

        @Override
        public TransferStats stats() {
            return UNKNOWN_LEFT;
        }
    }
}
