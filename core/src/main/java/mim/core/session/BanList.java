package mim.core.session;

import java.net.InetAddress;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The addresses a torrent will not talk to, each with its reason, banned only on proof.
 *
 * <p>When a piece fails its hash, an address that sent every block of it alone is banned at once:
 * nobody else could have spoiled it. A piece several peers shared proves nothing by itself: its
 * blocks are judged by {@link SmartBan} once the piece verifies, and only the senders of wrong blocks
 * are banned then. Counting shared failures against every sender would sooner or later ban an
 * honest seeder that shared pieces with a liar (and, with the seeder gone, stall the download). A
 * failed piece one of whose senders is already banned is put down to that sender. Bans are by IP
 * address, so reconnecting from another port does not help.
 *
 * <p>Not thread safe: owned by the torrent's event loop.
 */
public final class BanList {
    /** Why a peer that sent data failing its hash is banned. */
    public static final String CORRUPT_DATA = "corrupt data";

    private final Map<InetAddress, String> banned = new LinkedHashMap<>();

    /**
     * Blames the senders of a piece that failed its hash: bans the sender if there was one alone.
     *
     * @param senders the addresses of the peers that sent its blocks (duplicates count once)
     * @return the addresses banned by this failure; disconnect their peers
     */
    public Set<InetAddress> blame(Collection<InetAddress> senders) {
        Set<InetAddress> distinct = new LinkedHashSet<>(senders);
        if (distinct.size() != 1 || banned.containsKey(distinct.iterator().next())) {
            return Set.of();
        }
        InetAddress alone = distinct.iterator().next();
        ban(alone, CORRUPT_DATA);
        return Set.of(alone);
    }

    /** Bans an address outright, for the reason given; false if it was banned already. */
    public boolean ban(InetAddress address, String reason) {
        return banned.putIfAbsent(address, reason) == null;
    }

    public boolean isBanned(InetAddress address) {
        return banned.containsKey(address);
    }

    /** Why the address is banned, or null if it is not. */
    public String reason(InetAddress address) {
        return banned.get(address);
    }

    public int size() {
        return banned.size();
    }

    /** How many addresses are banned for each reason, by reason. */
    public Map<String, Integer> countsByReason() {
        Map<String, Integer> counts = new TreeMap<>();
        banned.values().forEach(reason -> counts.merge(reason, 1, Integer::sum));
        return counts;
    }
}
