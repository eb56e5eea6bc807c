package mim.core.spi;

import java.nio.ByteBuffer;
import java.util.List;
import mim.core.MimException;

/**
 * The bytes of one torrent, addressed by their offset in the torrent's content (the files laid end to
 * end, as {@link mim.core.metainfo.FileLayout} describes them); a read or write may cross file
 * boundaries.
 *
 * <p>Pad files (BEP 47) are never created or written: writes to their bytes are dropped, reads of
 * them yield zeros. Empty files and symlinks have no bytes to address.
 *
 * <p>Thread safety: safe for concurrent use from a pool of threads; reads and writes of disjoint
 * ranges may run in parallel. Concurrent writes to overlapping ranges leave either one's bytes.
 * {@link #close} must not race with other calls; after it every call fails.
 *
 * <p>Failures are {@link MimException.Storage} whose message names the file (its path in the
 * torrent) and the reason, such as "no space left on device", "is a directory", "permission
 * denied" or "missing".
 */
public interface TorrentStorage extends AutoCloseable {

    /**
     * Fills {@code dst} from its position to its limit with the content starting at
     * {@code torrentOffset}, advancing its position. Reads never create or modify anything.
     *
     * @throws MimException.Storage if a file is missing or shorter than the range needs, or cannot be read
     * @throws IndexOutOfBoundsException if the range lies outside the torrent's content
     */
    void read(long torrentOffset, ByteBuffer dst) throws MimException.Storage;

    /**
     * Writes the remaining bytes of {@code src} at {@code torrentOffset}, advancing its position,
     * creating files and their folders as needed. Files grow sparsely: gaps are never filled with
     * written zeros.
     *
     * @throws MimException.Storage if the storage is read-only or a file cannot be written
     * @throws IndexOutOfBoundsException if the range lies outside the torrent's content
     */
    void write(long torrentOffset, ByteBuffer src) throws MimException.Storage;

    /** Makes everything written so far durable (fsync). */
    void flush() throws MimException.Storage;

    /**
     * What is on disk now, one entry per file of the layout, in its order.
     *
     * @throws MimException.Storage if a file's place holds something that is not a file (a folder)
     *     or cannot be examined
     */
    List<FileState> onDisk() throws MimException.Storage;

    /**
     * Releases every open file. It does not fsync: call {@link #flush} first when the data must be
     * durable. Closing twice is harmless.
     */
    @Override
    void close() throws MimException.Storage;
}
