package mim.core.session;

import java.net.InetAddress;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Scores peers by address for the pieces that failed their hash, and bans the guilty.
 *
 * <p>When a piece fails, the addresses that sent its blocks are blamed: an address that sent every
 * block alone is banned at once (nobody else could have spoiled it); when several shared the piece,
 * each gets a strike, and {@code strikesToBan} strikes (default 3) ban it. A poisoner spoils every
 * piece it touches and so collects strikes fastest; an honest peer is banned only if it shared that
 * many failed pieces. A failed piece one of whose senders is already banned is put down to that
 * sender alone: a poisoner's blocks outlive its connection in pieces others finish, and those
 * pieces must not count against the peers that finished them. Bans are by IP address, so
 * reconnecting from another port does not help.
 *
 * <p>Not thread safe: owned by the torrent's event loop (or, shared between torrents, by the
 * session's loop).
 */
public final class BanList {
    public static final int DEFAULT_STRIKES_TO_BAN = 3;

    private final int strikesToBan;
    private final Map<InetAddress, Integer> strikes = new HashMap<>();
    private final Set<InetAddress> banned = new HashSet<>();

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
     * @return the addresses banned by this failure; disconnect their peers
     */
    public Set<InetAddress> blame(Collection<InetAddress> senders) {
        Set<InetAddress> distinct = new LinkedHashSet<>(senders);
        if (distinct.stream().anyMatch(banned::contains)) {
            return Set.of();
        }
        Set<InetAddress> newlyBanned = new LinkedHashSet<>();
        for (InetAddress a : distinct) {
            int s = strikes.merge(a, 1, Integer::sum);
            if ((distinct.size() == 1 || s >= strikesToBan) && banned.add(a)) {
                newlyBanned.add(a);
            }
        }
        return newlyBanned;
    }

    /** Bans an address outright (a hostile peer, or the user's list). */
    public boolean ban(InetAddress address) {
        return banned.add(address);
    }

    public boolean isBanned(InetAddress address) {
        return banned.contains(address);
    }

    public int strikes(InetAddress address) {
        return strikes.getOrDefault(address, 0);
    }

    public int size() {
        return banned.size();
    }
}
