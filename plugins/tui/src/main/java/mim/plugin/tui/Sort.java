package mim.plugin.tui;

import java.util.Comparator;

/** The orders the list can be in; {@code s} steps through them, {@code r} reverses. */
enum Sort {
    ADDED("added", Comparator.comparingInt(Torrent::id)),
    NAME("name", Comparator.comparing(Torrent::name, String.CASE_INSENSITIVE_ORDER)),
    SIZE("size", Comparator.comparingLong(t -> t.stats().totalBytes())),
    PROGRESS("progress", Comparator.comparingDouble(Torrent::fraction)),
    DOWN("down", Comparator.comparingLong(t -> t.stats().downloadRate())),
    UP("up", Comparator.comparingLong(t -> t.stats().uploadRate())),
    ETA("eta", Comparator.comparingLong(t -> t.eta().orElse(Long.MAX_VALUE))),
    RATIO("ratio", Comparator.comparingDouble(Torrent::ratio));

    final String label;
    final Comparator<Torrent> order;

    Sort(String label, Comparator<Torrent> order) {
        this.label = label;
        this.order = order.thenComparingInt(Torrent::id);
    }

    Sort next() {
        return values()[(ordinal() + 1) % values().length];
    }
}
