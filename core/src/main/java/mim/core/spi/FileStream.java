package mim.core.spi;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * One file of a torrent, read while it downloads, as a player reads a video: opened by
 * {@link SessionControl#stream}. While it is open, the pieces just ahead of its latest read are
 * fetched before any other, whether the file is selected for download or not.
 *
 * <p>Thread safety: safe for use from any thread; reads may overlap. Futures complete on the
 * engine's threads: whoever continues from them must not block there. The caller owns the stream and
 * closes it once done (a client gone, an answer complete): an open stream keeps its pieces first in line.
 */
public interface FileStream extends AutoCloseable {

    /** The file's length in bytes. */
    long length();

    /**
     * Up to {@code maxLength} bytes of the file from {@code offset}, fewer where a piece or the file
     * ends, in a buffer of the caller's. Completes once the piece holding {@code offset} is verified
     * and read from disk: unverified bytes are never returned. Fails with a
     * {@link mim.core.MimException} if the torrent is not running (paused, stopped by an error, removed)
     * or stops before the piece comes, if the disk cannot be read, or once the stream is closed.
     *
     * @throws IndexOutOfBoundsException for an offset outside the file or a {@code maxLength} below 1
     */
    CompletableFuture<ByteBuffer> read(long offset, int maxLength);

    /** Ends the stream at once: its pieces are no longer fetched first. Closing twice does nothing. */
    @Override
    void close();
}
