package mim.core.session;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import mim.core.MimException;
import mim.core.magnet.MagnetLink;
import mim.core.metainfo.Metainfo;

/**
 * The files a managed torrent downloads. For a torrent whose metadata is known, a final set (null for
 * every file); for a magnet link, the rules it was added with (indexes, a regular expression, the
 * link's {@code so=} ranges), applied together once when its metadata arrives.
 *
 * <p>Not thread safe: guarded by the {@link ManagedTorrent} that holds it.
 */
final class FileChoice {
    private Set<Integer> chosen;
    private boolean resolved;
    private Pattern regex;
    private List<MagnetLink.IndexRange> ranges;

    /**
     * @param chosen the files, or null for all; unchecked indexes while unresolved
     * @param metainfo the torrent if known, which makes the choice final
     */
    FileChoice(Set<Integer> chosen, Metainfo metainfo, Pattern regex, List<MagnetLink.IndexRange> ranges) {
        this.chosen = chosen;
        this.resolved = metainfo != null;
        this.regex = resolved ? null : regex;
        this.ranges = resolved ? List.of() : List.copyOf(ranges);
    }

    /** The files chosen (null: all). */
    Set<Integer> chosen() {
        return chosen;
    }

    /** Whether file {@code index}, not padding, is chosen. */
    boolean includes(int index) {
        return chosen == null || chosen.contains(index);
    }

    /** The rules applied to {@code m}, once; the final choice. */
    Set<Integer> resolve(Metainfo m) {
        if (!resolved) {
            chosen = FileSelection.choose(m, chosen, regex, ranges);
            regex = null;
            ranges = List.of();
            resolved = true;
        }
        return chosen;
    }

    /** The regular expression still to apply, for a record; null once resolved. */
    String pendingRegex() {
        return regex == null ? null : regex.pattern();
    }

    /**
     * Replaces the choice (and any rules) with {@code files}, checked against {@code m} when known.
     *
     * @return whether anything changed
     * @throws MimException.BadInput for no file, an index the torrent does not have, or only padding
     */
    boolean replace(Set<Integer> files, Metainfo m) throws MimException.BadInput {
        if (files.isEmpty()) {
            throw new MimException.BadInput("choose at least one file");
        }
        Set<Integer> next = Set.copyOf(files);
        if (m != null) {
            for (int i : files) {
                if (i < 0 || i >= m.files().size()) {
                    throw new MimException.BadInput("no file " + i + ": the torrent has " + m.files().size()
                            + " files, numbered from 0");
                }
            }
            next = FileSelection.choose(m, files, null, List.of());
            if (next.isEmpty()) {
                throw new MimException.BadInput("choose at least one file that is not padding");
            }
        }
        boolean changed = !next.equals(chosen) || regex != null || !ranges.isEmpty();
        chosen = next;
        regex = null;
        ranges = List.of();
        return changed;
    }
}
