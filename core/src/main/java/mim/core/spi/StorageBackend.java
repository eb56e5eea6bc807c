package mim.core.spi;

import java.nio.file.Path;
import mim.core.MimException;
import mim.core.metainfo.FileLayout;
import org.pf4j.ExtensionPoint;

/**
 * Where a torrent's content is kept: opens a {@link TorrentStorage} for a torrent's files under a
 * folder. The engine never touches files itself; it reads and writes through this.
 *
 * <p>Thread safety: one instance serves the whole process; {@link #open} may be called concurrently
 * for different torrents. Ownership: the caller owns the returned storage and must close it.
 */
public interface StorageBackend extends ExtensionPoint {

    /** A short name for listings and configuration, such as {@code files}. */
    String name();

    /**
     * Opens the storage of one torrent. A read-write storage creates a file (and its folders) when
     * the first byte of it is written; only selected empty files, which no write would ever reach,
     * are created by opening. A read-only storage never creates anything.
     *
     * @param layout the torrent's files; their sanitised paths are joined under {@code folder}
     * @param folder the output folder; every file lies inside it, whatever its path components say
     * @throws MimException.Storage if the folder cannot be used, or (when {@link StorageOptions#overwrite()}
     *     is off) a selected file already exists; the message names the file and the reason
     */
    TorrentStorage open(FileLayout layout, Path folder, StorageOptions options) throws MimException.Storage;

    /**
     * Deletes a torrent's files under {@code folder}, then each folder its paths made that is left
     * empty; nothing else, and a file already gone is no failure. No storage of the torrent may be
     * open. Blocking I/O.
     *
     * @throws MimException.Storage if a file exists and cannot be deleted; the message names it
     */
    void delete(FileLayout layout, Path folder) throws MimException.Storage;
}
