package mim.core.spi;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How one torrent is doing. Immutable.
 *
 * @param state one of {@link #STATES}: {@code fetching_metadata}, {@code checking}, {@code downloading},
 *     {@code seeding}, {@code paused}, {@code error}, {@code stopped} (the session is closing)
 * @param finished whether every chosen file is complete
 * @param error why it stopped, in state {@code error}; null otherwise
 * @param totalBytes bytes of the pieces chosen (0 until the metadata is known)
 * @param progressBytes bytes of those verified
 * @param downloadedBytes payload received, over every run of it the session kept
 * @param uploadedBytes payload sent, likewise
 * @param downloadRate bytes a second received over the last seconds
 * @param uploadRate bytes a second sent over the last seconds
 * @param peers connections now
 * @param fileProgress verified bytes of each file, in the torrent's order (empty until known)
 * @param banned peer addresses banned, by reason (such as {@code corrupt data})
 * @param sources the latest word of each peer source, such as {@code tracker: 3 peers}
 */
public record TorrentStats(String state, boolean finished, String error, long totalBytes, long progressBytes,
                           long downloadedBytes, long uploadedBytes, long downloadRate, long uploadRate, int peers,
                           List<Long> fileProgress, Map<String, Integer> banned, List<String> sources) {

    /** Every state a torrent can be in. */
    public static final Set<String> STATES =
            Set.of("fetching_metadata", "checking", "downloading", "seeding", "paused", "error", "stopped");

    public TorrentStats {
        if (!STATES.contains(state)) {
            throw new IllegalArgumentException("unknown torrent state " + state);
        }
        fileProgress = List.copyOf(fileProgress);
        banned = Map.copyOf(banned);
        sources = List.copyOf(sources);
    }
}
