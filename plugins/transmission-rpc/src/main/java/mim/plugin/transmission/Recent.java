package mim.plugin.transmission;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import mim.core.spi.TorrentStats;
import mim.core.spi.TorrentSummary;

/**
 * What {@code "recently-active"} means: a torrent that moved data, was checking or fetching its
 * metadata, or changed state within the last minute, as seen by the calls that read the session;
 * and the ids of the torrents that left the session within that minute (Transmission's
 * {@code removed}). Thread safety: synchronized; the RPC's calls share one.
 */
final class Recent {
    static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final Map<Integer, String> lastState = new HashMap<>();
    private final Map<Integer, Long> lastActive = new HashMap<>();
    private final Map<Integer, Long> removedAt = new HashMap<>();

    /** Looks at the session's torrents now: their activity, and which ones left since the last look. */
    synchronized void observe(List<TorrentSummary> torrents, Map<Integer, TorrentStats> stats, long nowNanos) {
        Set<Integer> present = new HashSet<>();
        for (TorrentSummary t : torrents) {
            present.add(t.id());
            TorrentStats s = stats.get(t.id());
            String state = s == null ? t.state() : s.state();
            boolean moving = s != null && (s.downloadRate() > 0 || s.uploadRate() > 0);
            boolean busy = state.equals("checking") || state.equals("fetching_metadata");
            boolean changed = !state.equals(lastState.put(t.id(), state));
            if (moving || busy || changed) {
                lastActive.put(t.id(), nowNanos);
            }
        }
        for (Integer id : new ArrayList<>(lastState.keySet())) {
            if (!present.contains(id)) {
                lastState.remove(id);
                lastActive.remove(id);
                removedAt.put(id, nowNanos);
            }
        }
        removedAt.values().removeIf(at -> nowNanos - at > WINDOW_NANOS);
    }

    synchronized boolean isActive(TorrentSummary t, long nowNanos) {
        Long at = lastActive.get(t.id());
        return at != null && nowNanos - at <= WINDOW_NANOS;
    }

    /** The ids removed within the window, ascending. */
    synchronized List<Integer> removed() {
        return removedAt.keySet().stream().sorted().toList();
    }
}
