package mim.plugin.storage.files;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;
import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import mim.core.MimException;
import mim.core.metainfo.FileEntry;
import mim.core.metainfo.FileLayout;
import mim.core.spi.FileState;
import mim.core.spi.StorageOptions;
import mim.core.spi.TorrentStorage;

/**
 * One torrent's files under its output folder (see {@link TorrentStorage} for the contract).
 *
 * <p>Files are opened through the backend's shared {@link OpenFiles} cache and are created, with
 * their folders, by the first write that reaches them; a write past a file's end leaves a hole, never
 * written zeros. Empty files, which no write reaches, are created when a read-write storage opens.
 * Symlink entries (BEP 47) are neither created nor followed yet: they are reported missing. Every
 * file is opened without following a symbolic link, and its folder must really lie inside the output
 * folder, so a link planted on disk cannot redirect a write elsewhere.
 *
 * <p>Thread safety: safe for concurrent reads, writes and flushes; {@link #close} must not race them.
 */
final class FilesStorage implements TorrentStorage {
    private static final byte[] ZEROS = new byte[16 * 1024];
    /**
     * The most bytes one write call hands the kernel. Measured on a virtual machine that returns free
     * memory to its host: writing a downloaded gigabyte took 2.6-3.0 s of system time in calls of a
     * whole piece (1 MiB), 1.1-1.3 s in calls of 64 KiB, and 16 KiB calls were no better (likely
     * cause: a large call makes the page cache allocate large folios, which come from the free memory
     * the host has taken back and must fault in again). Elsewhere the extra calls cost microseconds.
     */
    static final int WRITE_CHUNK = 64 * 1024;
    /**
     * Writes to one file take turns here, a lock per file (striped: at most this many locks a torrent). The
     * kernel lets only one buffered write into a file at a time anyway (ext4 holds the inode's lock for
     * the call), and a thread kept waiting there spins on a core: measured, 8% of a download's CPU, the
     * two hashing threads writing one file. Waiting here, it sleeps and leaves the core to the network.
     */
    private static final int WRITE_LOCKS = 64;

    private final FileLayout layout;
    private final Path root;
    /** Where each file lies; null for pad files, which never touch the disk. */
    private final Path[] paths;
    private final boolean readOnly;
    private final OpenFiles openFiles;
    /** Files written since they were last synced. */
    private final Set<Integer> unsynced = ConcurrentHashMap.newKeySet();
    private final ReentrantLock[] writeLocks;
    /** The output folder with links resolved; known once it exists. */
    private volatile Path realRoot;
    private volatile boolean closed;

    private FilesStorage(FileLayout layout, Path root, Path[] paths, boolean readOnly, OpenFiles openFiles) {
        this.layout = layout;
        this.root = root;
        this.paths = paths;
        this.readOnly = readOnly;
        this.openFiles = openFiles;
        this.writeLocks = new ReentrantLock[Math.max(1, Math.min(WRITE_LOCKS, paths.length))];
        for (int i = 0; i < writeLocks.length; i++) {
            writeLocks[i] = new ReentrantLock();
        }
    }

    static FilesStorage open(FileLayout layout, Path folder, StorageOptions options, OpenFiles openFiles)
            throws MimException.Storage {
        Path root = folder.toAbsolutePath().normalize();
        List<FileEntry> files = layout.files();
        Path[] paths = new Path[files.size()];
        for (int i = 0; i < paths.length; i++) {
            if (!files.get(i).pad()) {
                paths[i] = SafePaths.resolve(root, files.get(i).path());
            }
        }
        FilesStorage storage = new FilesStorage(layout, root, paths, options.readOnly(), openFiles);
        if (!options.readOnly()) {
            if (!options.overwrite()) {
                storage.refuseExisting(options);
            }
            storage.createEmptyFiles(options);
        }
        return storage;
    }

    @Override
    public void read(long torrentOffset, ByteBuffer dst) throws MimException.Storage {
        checkOpen();
        for (FileLayout.Span span : layout.spans(torrentOffset, dst.remaining())) {
            int n = (int) span.length();
            ByteBuffer part = dst.slice(dst.position(), n);
            if (paths[span.fileIndex()] == null) {
                while (part.hasRemaining()) {
                    part.put(ZEROS, 0, Math.min(part.remaining(), ZEROS.length));
                }
            } else {
                readFully(span.fileIndex(), span.fileOffset(), part);
            }
            dst.position(dst.position() + n);
        }
    }

    @Override
    public void write(long torrentOffset, ByteBuffer src) throws MimException.Storage {
        checkOpen();
        if (readOnly) {
            throw new MimException.Storage("cannot write under " + root + ": the storage is open read-only", null);
        }
        for (FileLayout.Span span : layout.spans(torrentOffset, src.remaining())) {
            int n = (int) span.length();
            if (paths[span.fileIndex()] != null) {
                writeFully(span.fileIndex(), span.fileOffset(), src.slice(src.position(), n));
            }
            src.position(src.position() + n);
        }
    }

    @Override
    public void flush() throws MimException.Storage {
        checkOpen();
        for (Integer file : unsynced) {
            // Removed first: a write racing with the sync marks the file again and is not lost.
            unsynced.remove(file);
            OpenFiles.Handle h = acquire(file, true, "sync");
            try {
                h.channel.force(false);
            } catch (IOException e) {
                unsynced.add(file);
                throw IoErrors.storage("sync", paths[file], e);
            } finally {
                openFiles.release(h);
            }
        }
    }

    @Override
    public List<FileState> onDisk() throws MimException.Storage {
        checkOpen();
        List<FileState> states = new ArrayList<>(paths.length);
        for (int i = 0; i < paths.length; i++) {
            Path p = paths[i];
            if (p == null || layout.files().get(i).isSymlink()) {
                states.add(FileState.MISSING);
                continue;
            }
            try {
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, NOFOLLOW_LINKS);
                if (!a.isRegularFile()) {
                    throw new MimException.Storage("cannot use " + p + ": "
                            + (a.isDirectory() ? "is a directory" : "is not a regular file"), null);
                }
                states.add(FileState.present(a.size(), a.lastModifiedTime().toInstant()));
            } catch (NoSuchFileException e) {
                states.add(FileState.MISSING);
            } catch (IOException e) {
                throw IoErrors.storage("examine", p, e);
            }
        }
        return states;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            openFiles.closeAll(this);
        }
    }

    private void readFully(int file, long position, ByteBuffer dst) throws MimException.Storage {
        OpenFiles.Handle h = acquire(file, false, "read");
        try {
            long at = position;
            while (dst.hasRemaining()) {
                int n = h.channel.read(dst, at);
                if (n < 0) {
                    throw new MimException.Storage("cannot read " + paths[file] + ": it has " + h.channel.size()
                            + " bytes, the torrent needs " + layout.files().get(file).length(), null);
                }
                at += n;
            }
        } catch (IOException e) {
            throw IoErrors.storage("read", paths[file], e);
        } finally {
            openFiles.release(h);
        }
    }

    private void writeFully(int file, long position, ByteBuffer src) throws MimException.Storage {
        unsynced.add(file);
        OpenFiles.Handle h = acquire(file, true, "write");
        ReentrantLock turn = writeLocks[file % writeLocks.length];
        turn.lock();
        try {
            long at = position;
            while (src.hasRemaining()) {
                int n = h.channel.write(src.slice(src.position(), Math.min(WRITE_CHUNK, src.remaining())), at);
                src.position(src.position() + n);
                at += n;
            }
        } catch (IOException e) {
            throw IoErrors.storage("write", paths[file], e);
        } finally {
            turn.unlock();
            openFiles.release(h);
        }
    }

    private OpenFiles.Handle acquire(int file, boolean writable, String action) throws MimException.Storage {
        try {
            return openFiles.acquire(new OpenFiles.Key(this, file), writable, w -> openChannel(paths[file], w));
        } catch (IOException e) {
            throw IoErrors.storage(action, paths[file], e);
        }
    }

    private FileChannel openChannel(Path p, boolean writable) throws IOException {
        if (writable) {
            Files.createDirectories(p.getParent());
        }
        checkInsideRoot(p);
        if (Files.isDirectory(p, NOFOLLOW_LINKS)) {
            throw new FileSystemException(p.toString(), null, "is a directory");
        }
        if (Files.isSymbolicLink(p)) {
            throw new FileSystemException(p.toString(), null, "is a symbolic link, which is not followed");
        }
        return writable ? FileChannel.open(p, READ, WRITE, CREATE, NOFOLLOW_LINKS) : FileChannel.open(p, READ, NOFOLLOW_LINKS);
    }

    /** The file's folder, links resolved, must be inside the output folder, links resolved. */
    private void checkInsideRoot(Path p) throws IOException {
        Path folder = p.getParent().toRealPath();
        Path realRootNow = realRoot;
        if (realRootNow == null) {
            realRootNow = root.toRealPath();
            realRoot = realRootNow;
        }
        if (!folder.startsWith(realRootNow)) {
            throw new FileSystemException(p.toString(), null, "its folder leads outside " + root);
        }
    }

    private void refuseExisting(StorageOptions options) throws MimException.Storage {
        for (int i = 0; i < paths.length; i++) {
            if (paths[i] != null && options.isSelected(i) && Files.exists(paths[i], NOFOLLOW_LINKS)) {
                throw new MimException.Storage("refusing to write into " + paths[i]
                        + ": it already exists (allow overwriting to use it)", null);
            }
        }
    }

    private void createEmptyFiles(StorageOptions options) throws MimException.Storage {
        List<FileEntry> files = layout.files();
        for (int i = 0; i < paths.length; i++) {
            FileEntry f = files.get(i);
            if (paths[i] != null && f.length() == 0 && !f.isSymlink() && options.isSelected(i)) {
                openFiles.release(acquire(i, true, "create"));
            }
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("storage under " + root + " is closed");
        }
    }
}
