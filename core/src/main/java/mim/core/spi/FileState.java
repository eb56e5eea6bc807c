package mim.core.spi;

import java.time.Instant;

/**
 * What is on disk for one file of a torrent, as {@link TorrentStorage#onDisk()} found it. A resume
 * compares it with what it saved to decide which pieces to trust and which to hash again.
 *
 * <p>Immutable. A missing file has size 0 and no modification time. Pad files are never on disk and
 * are always reported missing.
 */
public record FileState(boolean exists, long size, Instant modified) {

    public static final FileState MISSING = new FileState(false, 0, null);

    public FileState {
        if (size < 0) {
            throw new IllegalArgumentException("negative size");
        }
        if (exists != (modified != null)) {
            throw new IllegalArgumentException("an existing file, and only one, has a modification time");
        }
    }

    public static FileState present(long size, Instant modified) {
        return new FileState(true, size, modified);
    }
}
