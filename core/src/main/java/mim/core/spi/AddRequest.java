package mim.core.spi;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A torrent to add to a session, and how. Immutable.
 *
 * @param source the torrent: a .torrent file's bytes, or a magnet link or http(s) URL of one
 * @param outputFolder where to put its files, inside the session's output folder (relative to it, or
 *     absolute and below it); null for the session's output folder itself
 * @param subFolder a folder below that, or null
 * @param onlyFiles indexes of the files to download, or null for all (with {@code onlyFilesRegex}, only
 *     files both name are downloaded); a magnet link's indexes are checked once its metadata is known
 * @param onlyFilesRegex a regular expression a file's path must contain a match of, or null
 * @param overwrite whether files already there that no earlier download vouches for may be checked and
 *     written into; without it they stop the torrent, named in its error
 * @param listOnly only say what the torrent holds: nothing is added or downloaded
 * @param paused add it without starting it
 * @param initialPeers peers to dial besides those its sources find
 * @param labels the torrent's labels (see {@link SessionControl#setLabels}); empty for none
 */
public record AddRequest(Source source, String outputFolder, String subFolder, Set<Integer> onlyFiles,
                         String onlyFilesRegex, boolean overwrite, boolean listOnly, boolean paused,
                         List<InetSocketAddress> initialPeers, Set<String> labels) {

    public AddRequest {
        Objects.requireNonNull(source, "source");
        onlyFiles = onlyFiles == null ? null : Set.copyOf(onlyFiles);
        initialPeers = List.copyOf(initialPeers);
        labels = Set.copyOf(labels);
    }

    /** The source alone, every other setting at its default. */
    public static AddRequest of(Source source) {
        return new AddRequest(source, null, null, null, null, false, false, false, List.of(), Set.of());
    }

    /** Where a torrent comes from. */
    public sealed interface Source permits TorrentFile, Link {}

    /** The bytes of a .torrent file (the array is not shared). */
    public record TorrentFile(byte[] bytes) implements Source {
        public TorrentFile {
            bytes = bytes.clone();
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }
    }

    /** A magnet link, or an http(s) URL of a .torrent file (or of a redirect to a magnet link). */
    public record Link(String text) implements Source {
        public Link {
            Objects.requireNonNull(text, "text");
        }
    }
}
