package mim.plugin.storage.files;

import java.nio.file.Path;
import mim.core.MimException;
import mim.core.metainfo.FileLayout;
import mim.core.spi.StorageBackend;
import mim.core.spi.StorageOptions;
import mim.core.spi.TorrentStorage;
import org.pf4j.Extension;

/**
 * Keeps each torrent file as a file of the same path under the output folder, read and written in
 * place with positional I/O.
 *
 * <p>All storages it opens share one bounded cache of open files ({@value #DEFAULT_OPEN_FILES} by
 * default), so a process with many torrents of many files stays well inside the descriptor limit.
 * Thread safety: safe for concurrent use, as are the storages it opens.
 */
@Extension
public final class FilesStorageBackend implements StorageBackend {
    static final int DEFAULT_OPEN_FILES = 64;

    private final OpenFiles openFiles;

    public FilesStorageBackend() {
        this(DEFAULT_OPEN_FILES);
    }

    FilesStorageBackend(int maxOpenFiles) {
        this.openFiles = new OpenFiles(maxOpenFiles);
    }

    @Override
    public String name() {
        return "files";
    }

    @Override
    public TorrentStorage open(FileLayout layout, Path folder, StorageOptions options) throws MimException.Storage {
        return FilesStorage.open(layout, folder, options, openFiles);
    }

    @Override
    public void delete(FileLayout layout, Path folder) throws MimException.Storage {
        FilesDeletion.delete(layout, folder);
    }

    /** Files open now, across every storage: for tests of the cache's bound. */
    int openFileCount() {
        return openFiles.size();
    }
}
