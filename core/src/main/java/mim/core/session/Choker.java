package mim.core.session;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Decides which peers we upload to, for one torrent: the engine calls {@link #rechoke} every
 * 10 seconds (and may call it sooner, e.g. when an unchoked peer leaves) and sends the returned
 * choke and unchoke messages.
 *
 * <p>Rules. Regular slots ({@code slots}, default 4) go to interested peers ranked by rate, ties broken
 * at random but in favour of peers already holding a regular slot (no flapping between equals): while leeching, the
 * rate at which they send to us (tit-for-tat); while seeding, the rate at which we send to them
 * ("fastest upload", as libtorrent's default seeding choker: it keeps our upload busy with peers that
 * can take it, and peers that finish leave the ranking to others). A peer that snubs us is never
 * given a slot by rate. One more, optimistic slot goes to a choked interested peer drawn at random,
 * a peer connected for less than {@code newPeerAge} (default 60 s) counting three times, so that a
 * newcomer with nothing to offer gets its first pieces; it rotates every {@code optimisticInterval}
 * (default 30 s), and sooner if its peer leaves, loses interest, or earns a regular slot. Regular
 * slots that no interested peer needs go to peers that are not interested (those unchoked already
 * first, the rest at random), as BEP 3 suggests, so they can ask at once when they become
 * interested: rtorrent, for one, says it is interested only once unchoked. Other uninterested peers
 * are choked.
 *
 * <p>Not thread safe: owned by the torrent's event loop. Peer handles are compared with
 * {@code equals}. Time is {@code nowNanos} from one monotonic clock.
 *
 * @param <P> the engine's peer handle
 */
public final class Choker<P> {
    public static final int DEFAULT_SLOTS = 4;
    public static final Duration DEFAULT_OPTIMISTIC_INTERVAL = Duration.ofSeconds(30);
    public static final Duration DEFAULT_NEW_PEER_AGE = Duration.ofSeconds(60);
    private static final int NEW_PEER_WEIGHT = 3;

    private final RandomGenerator random;
    private final int slots;
    private final long optimisticNanos;
    private final long newPeerNanos;
    private final Set<P> unchoked = new LinkedHashSet<>();
    /** The peers that hold a regular slot: they win ties, so equals do not take turns. */
    private final Set<P> regular = new HashSet<>();
    private P optimistic;
    private long optimisticSince;

    public Choker(RandomGenerator random) {
        this(random, DEFAULT_SLOTS, DEFAULT_OPTIMISTIC_INTERVAL, DEFAULT_NEW_PEER_AGE);
    }

    public Choker(RandomGenerator random, int slots, Duration optimisticInterval, Duration newPeerAge) {
        if (slots < 0) {
            throw new IllegalArgumentException("negative unchoke slots");
        }
        this.random = random;
        this.slots = slots;
        this.optimisticNanos = optimisticInterval.toNanos();
        this.newPeerNanos = newPeerAge.toNanos();
    }

    /**
     * Ranks the connected peers and returns what to send.
     *
     * @param peers every connected peer of the torrent, as it stands now
     * @param seeding whether we have every wanted piece (rank by our upload to them)
     */
    public Decisions<P> rechoke(Collection<PeerView<P>> peers, boolean seeding, long nowNanos) {
        Set<P> present = new HashSet<>();
        for (PeerView<P> v : peers) {
            present.add(v.peer());
        }
        unchoked.retainAll(present);
        regular.retainAll(present);

        List<PeerView<P>> ranked = new ArrayList<>();
        for (PeerView<P> v : peers) {
            if (v.interested() && !v.snubbed()) {
                ranked.add(v);
            }
        }
        shuffle(ranked);
        Comparator<PeerView<P>> byRate = Comparator.comparingLong(v -> seeding ? v.uploadRate() : v.downloadRate());
        ranked.sort(byRate.reversed().thenComparing(v -> !regular.contains(v.peer())));
        regular.clear();
        for (int i = 0; i < Math.min(slots, ranked.size()); i++) {
            regular.add(ranked.get(i).peer());
        }
        Set<P> target = new LinkedHashSet<>(regular);
        fillSpareSlots(peers, target);

        PeerView<P> current = null;
        for (PeerView<P> v : peers) {
            if (v.peer().equals(optimistic)) {
                current = v;
            }
        }
        boolean keep = current != null && current.interested() && !target.contains(optimistic)
                && nowNanos - optimisticSince < optimisticNanos;
        if (!keep) {
            optimistic = draw(peers, target, nowNanos);
            optimisticSince = nowNanos;
        }
        if (optimistic != null) {
            target.add(optimistic);
        }

        List<P> unchoke = new ArrayList<>();
        List<P> choke = new ArrayList<>();
        for (PeerView<P> v : peers) {
            boolean was = unchoked.contains(v.peer());
            boolean now = target.contains(v.peer());
            if (now && !was) {
                unchoke.add(v.peer());
            } else if (was && !now) {
                choke.add(v.peer());
            }
        }
        unchoked.clear();
        unchoked.addAll(target);
        return new Decisions<>(unchoke, choke);
    }

    /** Gives the regular slots interested peers left free to uninterested ones, keeping those unchoked already. */
    private void fillSpareSlots(Collection<PeerView<P>> peers, Set<P> target) {
        List<PeerView<P>> idle = new ArrayList<>();
        for (PeerView<P> v : peers) {
            if (!v.interested() && !v.snubbed()) {
                idle.add(v);
            }
        }
        shuffle(idle);
        idle.sort(Comparator.comparing(v -> !unchoked.contains(v.peer())));
        for (int i = 0; i < idle.size() && target.size() < slots; i++) {
            target.add(idle.get(i).peer());
        }
    }

    /** The peer disconnected; forget it without a message. */
    public void peerGone(P peer) {
        unchoked.remove(peer);
        regular.remove(peer);
        if (peer.equals(optimistic)) {
            optimistic = null;
        }
    }

    public boolean isUnchoked(P peer) {
        return unchoked.contains(peer);
    }

    /** The peer holding the optimistic slot, or null. */
    public P optimistic() {
        return optimistic;
    }

    /** A weighted draw among choked interested peers, preferring a change from the current one. */
    private P draw(Collection<PeerView<P>> peers, Set<P> regular, long nowNanos) {
        List<PeerView<P>> pool = new ArrayList<>();
        for (PeerView<P> v : peers) {
            if (v.interested() && !regular.contains(v.peer())) {
                pool.add(v);
            }
        }
        if (pool.size() > 1) {
            pool.removeIf(v -> v.peer().equals(optimistic));
        }
        int total = 0;
        for (PeerView<P> v : pool) {
            total += weight(v, nowNanos);
        }
        if (total == 0) {
            return null;
        }
        int ticket = random.nextInt(total);
        for (PeerView<P> v : pool) {
            ticket -= weight(v, nowNanos);
            if (ticket < 0) {
                return v.peer();
            }
        }
        throw new AssertionError("ticket beyond the pool");
    }

    private int weight(PeerView<P> v, long nowNanos) {
        return nowNanos - v.connectedAtNanos() < newPeerNanos ? NEW_PEER_WEIGHT : 1;
    }

    private void shuffle(List<PeerView<P>> list) {
        for (int i = list.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            PeerView<P> t = list.get(i);
            list.set(i, list.get(j));
            list.set(j, t);
        }
    }

    /**
     * One peer as the choker sees it.
     *
     * @param interested whether the peer is interested in us
     * @param downloadRate bytes per second it sends us
     * @param uploadRate bytes per second we send it
     * @param snubbed whether it left our requests unanswered (see {@link RequestQueue})
     * @param connectedAtNanos when the connection was made, on the choker's clock
     */
    public record PeerView<P>(P peer, boolean interested, long downloadRate, long uploadRate, boolean snubbed,
            long connectedAtNanos) {}

    /** The messages to send: {@code unchoke} to these peers, {@code choke} to those. */
    public record Decisions<P>(List<P> unchoke, List<P> choke) {
        public Decisions {
            unchoke = List.copyOf(unchoke);
            choke = List.copyOf(choke);
        }
    }
}
