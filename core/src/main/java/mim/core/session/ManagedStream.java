package mim.core.session;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import mim.core.MimException;
import mim.core.spi.FileStream;

/**
 * The engine's {@link FileStream}: each read goes to the run its torrent has at that moment, so a
 * stream outlives a pause or a change of files; a read waiting when its run ends fails.
 *
 * <p>Thread safety: safe for use from any thread; the torrent's loop checks {@link #isClosed} before
 * it registers a read, so a read racing a close never leaves its pieces first in line.
 */
final class ManagedStream implements FileStream {
    private final ManagedTorrent torrent;
    private final int file;
    private final long length;
    private volatile boolean closed;
    /** The run this stream read through last, to release its window there on close. */
    private volatile Torrent lastRun;

    /** @param torrent where to find the run at each read (tests of a run alone pass null and read it directly) */
    ManagedStream(ManagedTorrent torrent, int file, long length) {
        this.torrent = torrent;
        this.file = file;
        this.length = length;
    }

    int file() {
        return file;
    }

    boolean isClosed() {
        return closed;
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    public CompletableFuture<ByteBuffer> read(long offset, int maxLength) {
        if (offset < 0 || offset >= length || maxLength < 1) {
            throw new IndexOutOfBoundsException("read of " + maxLength + " bytes at " + offset + " of " + length);
        }
        if (closed) {
            return CompletableFuture.failedFuture(new MimException("the stream is closed"));
        }
        Torrent run = torrent.running();
        if (run == null) {
            return CompletableFuture.failedFuture(new MimException(torrent + " is not running"));
        }
        Torrent before = lastRun;
        if (before != null && before != run) {
            before.closeStream(this);
        }
        lastRun = run;
        return run.read(this, offset, maxLength);
    }

    @Override
    public void close() {
        closed = true;
        Torrent run = lastRun;
        if (run != null) {
            run.closeStream(this);
        }
    }
}
