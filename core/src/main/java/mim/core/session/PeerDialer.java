package mim.core.session;

import io.netty.channel.EventLoop;
import java.net.InetAddress;
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
import java.util.function.Function;
import mim.core.MimException;
import mim.core.spi.PeerLookup;
import mim.core.spi.PeerSink;
import mim.core.spi.PeerSource;
import mim.core.spi.TorrentEvent;
import mim.core.spi.TorrentIdentity;
import mim.core.spi.TransferStats;
import mim.core.wire.CloseReason;
import mim.core.wire.EncryptionPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the peers of one info-hash come from and which of them are dialled: the session's peer
 * sources, the addresses a user or another part of the session gives, and what to do when a
 * connection ends. A torrent ({@link PeerDiscovery}) and a magnet link's metadata fetch
 * ({@link FetchDialer}) dial by the same rules; each says what its connections are and when an
 * address is not worth another try.
 *
 * <p>Policy: each address is tried once at a time; a failed or lost connection is retried after
 * 5 s times the number of failures in a row, up to a limit of the subclass's; banned addresses, our
 * own listening address and peers that turned out to be us are never tried. Connections stay under
 * the per-torrent and session limits. Incoming connections are the owner's to accept or refuse at
 * their handshake. Encryption: with {@link EncryptionPolicy#PREFER}, a peer that drops our encrypted
 * handshake is dialled again at once in plaintext, and only in plaintext from then on (that is no
 * failure of the peer's); with {@code REQUIRE} it is a failure like any other.
 *
 * <p>Threading: owned by the owner's event loop; the {@link PeerSink} given to sources is safe from
 * any thread and posts to that loop, but for the sources' status lines, kept in a concurrent map.
 */
abstract class PeerDialer {
    private static final Logger log = LoggerFactory.getLogger(PeerDialer.class);
    private static final long RETRY_STEP_SECONDS = 5;

    protected final Session session;
    private final EventLoop loop;
    private final int maxFailures;
    private final ArrayDeque<InetSocketAddress> candidates = new ArrayDeque<>();
    /** Every address heard of, in order, with its consecutive failures; -1 marks one never to try again. */
    private final Map<InetSocketAddress, Integer> known = new LinkedHashMap<>();
    /** Dialled addresses whose connection passed its handshake at least once: worth trying again after a lull. */
    private final Set<InetSocketAddress> worked = new HashSet<>();
    /** Addresses that turned out to be us. */
    private final Set<InetSocketAddress> ours = new HashSet<>();
    /** Addresses that dropped our encrypted handshake, dialled in plaintext since. */
    private final Set<InetSocketAddress> plainOnly = new HashSet<>();
    private final List<PeerLookup> lookups = new ArrayList<>();
    /** The latest status line of each source, by its name. */
    private final Map<String, String> statuses = new ConcurrentHashMap<>();
    private final PeerSink sink = new Sink();
    private int connecting;
    private boolean running;

    PeerDialer(Session session, EventLoop loop, int maxFailures) {
        this.session = session;
        this.loop = loop;
        this.maxFailures = maxFailures;
    }

    // ---- what the owner says

    /** The name of the download, for log lines. */
    abstract String name();

    /** Whether more connections are wanted at all now. */
    abstract boolean wantsPeers();

    /** How many connections are established. */
    abstract int connected();

    abstract boolean isBanned(InetAddress ip);

    /** Opens a connection to {@code a}, in plaintext if {@code plain}; its end comes back to {@link #closed}. */
    abstract void dial(InetSocketAddress a, boolean plain);

    /** The download's progress, as of now: what events tell the sources. On the loop. */
    abstract TransferStats stats();

    /** The download's progress as last published: what sources read when they like. From any thread. */
    abstract TransferStats publishedStats();

    /** Whether a connection that ended this way makes its address not worth another try at all. */
    abstract boolean givesUp(CloseReason.Kind why);

    // ---- the sources

    /**
     * Starts looking: dials {@code first}, and starts the session's peer sources for
     * {@code identity} (only those that are trackers if {@code trackersOnly}).
     *
     * @return the sink those sources hand peers to, for other finders of peers to share
     */
    PeerSink start(TorrentIdentity identity, boolean trackersOnly, Collection<InetSocketAddress> first) {
        running = true;
        add(first);
        for (PeerSource source : session.peerSources()) {
            if (trackersOnly && !source.isTracker()) {
                continue;
            }
            try {
                PeerLookup lookup = source.start(identity, sink);
                lookups.add(lookup);
                lookup.event(TorrentEvent.STARTED, stats());
            } catch (MimException e) {
                log.warn("{}: peer source {}: {}", name(), source.name(), e.getMessage());
            }
        }
        return sink;
    }

    /** Tells the sources of a change in the download ({@link TorrentEvent#COMPLETED}). */
    void event(TorrentEvent event) {
        for (PeerLookup l : lookups) {
            l.event(event, stats());
        }
    }

    /**
     * Stops looking and dialling. {@code sayStopped} tells the sources the download stopped;
     * without it their lookups just close (a torrent that takes over announces itself).
     */
    void stop(boolean sayStopped) {
        if (!running) {
            return;
        }
        running = false;
        for (PeerLookup l : lookups) {
            try {
                if (sayStopped) {
                    l.event(TorrentEvent.STOPPED, stats());
                }
            } finally {
                l.close();
            }
        }
        lookups.clear();
        candidates.clear();
    }

    /** Each source's latest status line, "source: message", by source name; safe from any thread. */
    List<String> statuses() {
        List<String> out = new ArrayList<>();
        new TreeMap<>(statuses).forEach((source, message) -> out.add(source + ": " + message));
        return out;
    }

    // ---- the addresses

    /** Adds addresses to dial, leaving out those already known, unusable or ours. */
    void add(Collection<InetSocketAddress> addresses) {
        for (InetSocketAddress a : addresses) {
            if (remember(a)) {
                candidates.add(a);
            }
        }
        connectMore();
    }

    /** Keeps an address without dialling it; false if it was known, unusable or ours. */
    boolean remember(InetSocketAddress a) {
        if (a.isUnresolved() || session.network().isOurs(a) || known.containsKey(a)) {
            return false;
        }
        known.put(a, 0);
        return true;
    }

    /** Never try this address again (it is us under another name). */
    void forget(InetSocketAddress address) {
        if (address != null) {
            known.put(address, -1);
            ours.add(address);
        }
    }

    /**
     * The download has had no peer for a while: asks every source to look again now and dials once
     * more the addresses that worked before, given up on or not (banned ones aside).
     */
    void revive() {
        if (!running) {
            return;
        }
        lookups.forEach(PeerLookup::morePeers);
        for (InetSocketAddress a : worked) {
            if (known.getOrDefault(a, 0) < 0 && !ours.contains(a) && !isBanned(a.getAddress())) {
                known.put(a, 0);
                candidates.add(a);
            }
        }
        connectMore();
    }

    /**
     * What became of every address heard of, when none is connected, connecting or still to be tried:
     * how many are banned (by the reason {@code banReason} gives, null for none) and how many refuse
     * or fail us. Null while some address is still worth waiting for, or none was ever heard of.
     */
    String noUsablePeers(Function<InetAddress, String> banReason) {
        if (connected() > 0 || connecting > 0 || !candidates.isEmpty()) {
            return null;
        }
        Map<String, Integer> banned = new TreeMap<>();
        int refusing = 0;
        for (Map.Entry<InetSocketAddress, Integer> e : known.entrySet()) {
            String reason = banReason.apply(e.getKey().getAddress());
            if (reason != null) {
                banned.merge(reason, 1, Integer::sum);
            } else if (e.getValue() != 0 && !ours.contains(e.getKey())) {
                refusing++;
            }
        }
        if (banned.isEmpty() && refusing == 0) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        banned.forEach((reason, n) -> parts.add(n + " banned (" + reason + ")"));
        if (refusing > 0) {
            parts.add(refusing + " refusing");
        }
        return "no usable peers: " + String.join(", ", parts);
    }

    /** Every address still worth a try, in the order they were heard of: not given up on, not banned. */
    List<InetSocketAddress> knownAddresses() {
        List<InetSocketAddress> out = new ArrayList<>();
        known.forEach((a, failures) -> {
            if (failures >= 0 && !isBanned(a.getAddress())) {
                out.add(a);
            }
        });
        return out;
    }

    /** Dials candidates while the limits allow. */
    void connectMore() {
        if (!running || !wantsPeers()) {
            return;
        }
        while (!candidates.isEmpty() && connected() + connecting < session.config().peersPerTorrent()) {
            InetSocketAddress a = candidates.poll();
            if (isBanned(a.getAddress()) || known.getOrDefault(a, 0) < 0) {
                continue;
            }
            if (!session.reservePeerSlot()) {
                candidates.addFirst(a);
                return;
            }
            connecting++;
            log.debug("{}: dialling {}", name(), a);
            dial(a, plainOnly.contains(a));
        }
    }

    /** A connection passed its handshake and the owner took it: one we dialled is no longer connecting. */
    void established(InetSocketAddress a, boolean outgoing) {
        if (outgoing) {
            connecting--;
            worked.add(a);
        }
    }

    /** A connection ended, {@code a} its address when we dialled it; a dialled one may be retried later. */
    void closed(InetSocketAddress a, boolean outgoing, boolean wasEstablished, CloseReason reason) {
        session.releasePeerSlot();
        if (!outgoing) {
            return;
        }
        if (!wasEstablished) {
            connecting--;
        }
        int failures = known.getOrDefault(a, 0);
        if (failures < 0 || !running) {
            return;
        }
        CloseReason.Kind why = reason.kind();
        if (why == CloseReason.Kind.ENCRYPTION_FAILED
                && session.config().wire().encryption() == EncryptionPolicy.PREFER && plainOnly.add(a)) {
            candidates.addFirst(a);
            connectMore();
            return;
        }
        // A connection that worked clears the count, unless it ended by our choice or theirs to refuse us.
        boolean clean = wasEstablished && why != CloseReason.Kind.CLOSED_BY_US
                && why != CloseReason.Kind.HANDSHAKE_REFUSED;
        failures = (clean ? 0 : failures) + 1;
        if (givesUp(why) || failures > maxFailures) {
            known.put(a, -1);
            return;
        }
        known.put(a, failures);
        loop.schedule(() -> {
            if (running && known.getOrDefault(a, -1) >= 0 && !isBanned(a.getAddress())) {
                candidates.add(a);
                connectMore();
            }
        }, RETRY_STEP_SECONDS * failures, TimeUnit.SECONDS);
    }

    /** Consecutive failures of connections to this address; -1 if it is never tried again. For tests. */
    int failures(InetSocketAddress address) {
        return known.getOrDefault(address, 0);
    }

    /** Whether this address dropped our encrypted handshake and is dialled in plaintext. */
    boolean isPlainOnly(InetSocketAddress address) {
        return plainOnly.contains(address);
    }

    /** Hands what sources find to the owner's loop. */
    private final class Sink implements PeerSink {
        @Override
        public void peers(String source, Collection<InetSocketAddress> peers) {
            List<InetSocketAddress> copy = List.copyOf(peers);
            loop.execute(() -> add(copy));
        }

        @Override
        public void status(String source, String message) {
            log.info("{}: {}: {}", name(), source, message);
            statuses.put(source, message);
        }

        @Override
        public TransferStats stats() {
            return publishedStats();
        }
    }
}
