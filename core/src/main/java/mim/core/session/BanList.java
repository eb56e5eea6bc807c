package mim.core.session;

import java.net.InetAddress;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Scores peers by address for the pieces that failed their hash, and bans the guilty, each ban with
 * its reason.
 *
 * <p>When a piece fails, the addresses that sent its blocks are blamed: an address that sent every
 * block alone is banned at once (nobody else could have spoiled it); when several shared the piece,
 * each gets a strike, and {@code strikesToBan} strikes (default 3) ban it, unless the address has
 * also sent a piece alone that verified: such a peer is shown to serve good data, and a shared failure
 * waits for {@link SmartBan} to say, once the piece verifies, whose blocks were wrong. A peer whose
 * blocks turn out right gets its strike back ({@link #forgive}). A failed piece one of whose senders
 * is already banned is put down to that sender alone: a poisoner's blocks outlive its connection in
 * pieces others finish, and those pieces must not count against the peers that finished them. Bans
 * are by IP address, so reconnecting from another port does not help.
 *
 * <p>Not thread safe: owned by the torrent's event loop.
 */
public final class BanList {
    public static final int DEFAULT_STRIKES_TO_BAN = 3;
    /** Why a peer that sent data failing its hash is banned. */
    public static final String CORRUPT_DATA = "corrupt data";

    /** What one failed piece did: the addresses it banned, and those it gave a strike. */
    public record Blame(Set<InetAddress> banned, Set<InetAddress> struck) {
        static final Blame NONE = new Blame(Set.of(), Set.of());
    }

    private final int strikesToBan;
    private final Map<InetAddress, Integer> strikes = new HashMap<>();
    /** Addresses that sent, alone, a piece that verified. */
    private final Set<InetAddress> vouched = new HashSet<>();
    private final Map<InetAddress, String> banned = new LinkedHashMap<>();

    public BanList() {
        this(DEFAULT_STRIKES_TO_BAN);
    }

    public BanList(int strikesToBan) {
        if (strikesToBan < 1) {
            throw new IllegalArgumentException("strikes to ban must be at least 1");
        }
        this.strikesToBan = strikesToBan;
    }

    /**
     * Blames the senders of a piece that failed its hash.
     *
     * @param senders the addresses of the peers that sent its blocks (duplicates count once)
     * @return the addresses banned by this failure (disconnect their peers) and those struck
     */
    public Blame blame(Collection<InetAddress> senders) {
        Set<InetAddress> distinct = new LinkedHashSet<>(senders);
        if (distinct.isEmpty() || distinct.stream().anyMatch(banned::containsKey)) {
            return Blame.NONE;
        }
        Set<InetAddress> newlyBanned = new LinkedHashSet<>();
        Set<InetAddress> struck = new LinkedHashSet<>();
        for (InetAddress a : distinct) {
            if (distinct.size() == 1) {
                ban(a, CORRUPT_DATA);
                newlyBanned.add(a);
                continue;
            }
            struck.add(a);
            int s = strikes.merge(a, 1, Integer::sum);
            if (s >= strikesToBan && !vouched.contains(a) && ban(a, CORRUPT_DATA)) {
                newlyBanned.add(a);
            }
        }
        return new Blame(newlyBanned, struck);
    }

    /** The address sent a whole piece alone, and it verified. */
    public void vouch(InetAddress address) {
        vouched.add(address);
    }

    /** Takes back a strike: the blocks the address sent to a failed piece proved right. */
    public void forgive(InetAddress address) {
        strikes.computeIfPresent(address, (a, s) -> s > 1 ? s - 1 : null);
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

    public int strikes(InetAddress address) {
        return strikes.getOrDefault(address, 0);
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
