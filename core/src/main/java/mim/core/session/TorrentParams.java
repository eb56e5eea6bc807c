package mim.core.session;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import mim.core.metainfo.Metainfo;

/**
 * What a {@link Session} needs to run one torrent. Immutable.
 *
 * @param metainfo the torrent (v1 or hybrid; a v2-only torrent is refused)
 * @param folder the output folder; the torrent's paths are joined under it
 * @param selectedFiles indices of the files wanted, or null for all
 * @param overwrite whether files already there that no resume state vouches for may be checked and
 *     written into; without it they make the start fail, naming them
 * @param peers addresses to try besides those the peer sources find
 * @param banned addresses banned from the start (peers a magnet link's metadata fetch caught lying)
 * @param recheck whether the start hashes every piece on disk, trusting no resume state (the files it
 *     vouched for may still be written into)
 */
public record TorrentParams(Metainfo metainfo, Path folder, Set<Integer> selectedFiles, boolean overwrite,
                            List<InetSocketAddress> peers, Set<InetAddress> banned, boolean recheck) {
    public TorrentParams {
        Objects.requireNonNull(metainfo, "metainfo");
        Objects.requireNonNull(folder, "folder");
        selectedFiles = selectedFiles == null ? null : Set.copyOf(selectedFiles);
        peers = List.copyOf(peers);
        banned = Set.copyOf(banned);
    }

    /** Trusting the resume state. */
    public TorrentParams(Metainfo metainfo, Path folder, Set<Integer> selectedFiles, boolean overwrite,
                         List<InetSocketAddress> peers, Set<InetAddress> banned) {
        this(metainfo, folder, selectedFiles, overwrite, peers, banned, false);
    }

    /** With nobody banned, trusting the resume state. */
    public TorrentParams(Metainfo metainfo, Path folder, Set<Integer> selectedFiles, boolean overwrite,
                         List<InetSocketAddress> peers) {
        this(metainfo, folder, selectedFiles, overwrite, peers, Set.of(), false);
    }

    /** Whether file {@code index} is wanted. */
    public boolean isSelected(int index) {
        return selectedFiles == null || selectedFiles.contains(index);
    }
}
