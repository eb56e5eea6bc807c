package mim.core.spi;

import java.util.List;

/**
 * A torrent and its files. Immutable.
 *
 * @param summary what a list shows of it
 * @param files every file of the torrent in its order (indexes are what {@link SessionControl#selectFiles}
 *     takes); empty while a magnet link's metadata is being fetched
 */
public record TorrentDetails(TorrentSummary summary, List<File> files) {

    public TorrentDetails {
        files = List.copyOf(files);
    }

    /**
     * One file of a torrent.
     *
     * @param name its path below the output folder, components joined by {@code /}
     * @param components the same path, one component each
     * @param length its size in bytes
     * @param included whether it is among the files to download (a padding file never is)
     * @param padding whether it is a BEP 47 padding file, which never touches the disk
     */
    public record File(String name, List<String> components, long length, boolean included, boolean padding) {
        public File {
            components = List.copyOf(components);
        }
    }
}
