package mim.core.session;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import mim.core.magnet.MagnetLink;
import mim.core.metainfo.Metainfo;

/**
 * What a {@link Session} needs to download a magnet link: the link, and what {@link TorrentParams}
 * will say once the metadata is known. Immutable.
 *
 * @param link the magnet link; it needs a v1 info-hash ({@code btih}, alone or with {@code btmh})
 * @param folder the output folder; the fetched torrent is saved in its {@code .mim} folder
 * @param selection the files wanted, computed from the torrent once known (null from it means all);
 *     called on the session's thread, it must not block
 * @param overwrite as {@link TorrentParams#overwrite}
 * @param peers addresses to try besides the link's {@code x.pe} and what the peer sources find
 * @param metadataOnly fetch and save the metadata, then stop: no torrent is started
 */
public record MagnetParams(MagnetLink link, Path folder, Function<Metainfo, Set<Integer>> selection, boolean overwrite,
                           List<InetSocketAddress> peers, boolean metadataOnly) {
    public MagnetParams {
        Objects.requireNonNull(link, "link");
        Objects.requireNonNull(folder, "folder");
        Objects.requireNonNull(selection, "selection");
        peers = List.copyOf(peers);
    }

    /** Every file, downloaded. */
    public static MagnetParams download(MagnetLink link, Path folder, List<InetSocketAddress> peers) {
        return new MagnetParams(link, folder, m -> null, false, peers, false);
    }
}
