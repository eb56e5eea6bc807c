package mim.plugin.storage.files;

import org.pf4j.Plugin;

/**
 * The storage-files plugin: torrent data as ordinary files on disk. It holds no state of its own;
 * its one extension, {@link FilesStorageBackend}, is found through PF4J's extension index.
 */
public class FilesPlugin extends Plugin {}
