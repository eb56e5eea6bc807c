package mim.core.tracker;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * A torrent's trackers in BEP 12 order: tiers in the torrent's order, each tier shuffled once when
 * the list is made. A tracker that answers moves to the front of its tier, so it is asked first
 * from then on. Confined to its lookup's serial executor.
 */
final class TierList {
    private final List<List<Tracker>> tiers;

    TierList(List<List<Tracker>> tiers, Random random) {
        this.tiers = new ArrayList<>();
        for (List<Tracker> tier : tiers) {
            if (!tier.isEmpty()) {
                List<Tracker> shuffled = new ArrayList<>(tier);
                Collections.shuffle(shuffled, random);
                this.tiers.add(shuffled);
            }
        }
    }

    boolean isEmpty() {
        return tiers.isEmpty();
    }

    /** The first tracker in order that is not in {@code excluded}, or null when every one is. */
    Tracker first(Set<Tracker> excluded) {
        for (List<Tracker> tier : tiers) {
            for (Tracker t : tier) {
                if (!excluded.contains(t)) {
                    return t;
                }
            }
        }
        return null;
    }

    /** Moves {@code tracker} to the front of its tier. */
    void promote(Tracker tracker) {
        for (List<Tracker> tier : tiers) {
            if (tier.remove(tracker)) {
                tier.add(0, tracker);
                return;
            }
        }
    }

    /** Every tracker, in order. */
    List<Tracker> all() {
        List<Tracker> all = new ArrayList<>();
        tiers.forEach(all::addAll);
        return all;
    }
}
