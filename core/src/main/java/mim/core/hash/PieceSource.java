package mim.core.hash;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Where the hashing engine reads a torrent's content: the files laid end to end, as offsets into
 * that stream (the v1 geometry of {@link mim.core.metainfo.FileLayout}, pad files included).
 *
 * <p>This is the one seam between hashing and the disk. {@code mim create} reads the user's files
 * directly ({@link FilesPieceSource}); {@code mim verify} reads through a storage backend.
 *
 * <p>{@link #open} must be safe to call from several threads at once; each call gives a reader owned
 * by the calling thread, which closes it. Readers stream mostly sequentially, so a reader may keep the
 * file it is in open.
 */
@FunctionalInterface
public interface PieceSource {

    /** A reader for the calling thread. */
    Reader open() throws IOException;

    /** Reads content for one thread. Not thread-safe. */
    interface Reader extends Closeable {
        /**
         * Fills {@code dst} (all of its remaining bytes) with the content from {@code offset} on.
         * Pad files read as zeros.
         *
         * @return false if some of those bytes do not exist (a file missing or shorter than the
         *     torrent says); the buffer is then filled but its content is unspecified
         * @throws IOException if a file exists but cannot be read
         */
        boolean read(long offset, ByteBuffer dst) throws IOException;

        @Override
        void close() throws IOException;
    }
}
