package mim.core.hash;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import mim.core.Reason;
import mim.core.metainfo.FileEntry;
import mim.core.metainfo.FileLayout;

/**
 * Reads a torrent's content straight from files on disk, read-only: what {@code mim create} hashes.
 *
 * <p>Each reader keeps one file open, the one it is reading, so any number of files costs one
 * handle per thread. A missing file, or one shorter than the layout says, reads as unavailable;
 * other failures are {@link FileSystemException}s naming the file and the reason. Immutable and
 * thread-safe; readers are not.
 */
public final class FilesPieceSource implements PieceSource {
    private static final byte[] ZEROS = new byte[64 * 1024];

    private final FileLayout layout;
    private final List<Path> paths;

    /**
     * @param paths where each file of {@code layout} lies, in the same order (null or ignored for pad files)
     */
    public FilesPieceSource(FileLayout layout, List<Path> paths) {
        if (paths.size() != layout.files().size()) {
            throw new IllegalArgumentException(paths.size() + " paths for " + layout.files().size() + " files");
        }
        this.layout = layout;
        this.paths = Collections.unmodifiableList(new ArrayList<>(paths));
    }

    /**
     * The files of {@code layout} under {@code folder}, their path components joined under it (the
     * layout of a parsed torrent starts a multi-file torrent's paths with its name).
     */
    public static FilesPieceSource under(FileLayout layout, Path folder) {
        List<Path> paths = new ArrayList<>(layout.files().size());
        for (FileEntry f : layout.files()) {
            Path p = folder;
            for (String component : f.path()) {
                p = p.resolve(component);
            }
            paths.add(p);
        }
        return new FilesPieceSource(layout, paths);
    }

    @Override
    public Reader open() {
        return new FileReader();
    }

    private final class FileReader implements Reader {
        private int openIndex = -1;
        private FileChannel channel;

        @Override
        public boolean read(long offset, ByteBuffer dst) throws IOException {
            boolean complete = true;
            for (FileLayout.Span span : layout.spans(offset, dst.remaining())) {
                FileEntry f = layout.files().get(span.fileIndex());
                int end = dst.position() + (int) span.length();
                if (f.pad()) {
                    fill(dst, end);
                    continue;
                }
                complete &= readSpan(span, dst, end);
            }
            return complete;
        }

        private boolean readSpan(FileLayout.Span span, ByteBuffer dst, int end) throws IOException {
            Path path = paths.get(span.fileIndex());
            try {
                FileChannel ch = channel(span.fileIndex());
                int limit = dst.limit();
                dst.limit(end);
                long at = span.fileOffset();
                try {
                    while (dst.hasRemaining()) {
                        int n = ch.read(dst, at);
                        if (n < 0) {
                            fill(dst, end);
                            return false;
                        }
                        at += n;
                    }
                } finally {
                    dst.limit(limit);
                }
                return true;
            } catch (NoSuchFileException e) {
                fill(dst, end);
                return false;
            } catch (IOException e) {
                throw new FileSystemException(path.toString(), null, Reason.of(e));
            }
        }

        private FileChannel channel(int index) throws IOException {
            if (index != openIndex) {
                closeChannel();
                channel = FileChannel.open(paths.get(index));
                openIndex = index;
            }
            return channel;
        }

        private void closeChannel() throws IOException {
            if (channel != null) {
                FileChannel c = channel;
                channel = null;
                openIndex = -1;
                c.close();
            }
        }

        @Override
        public void close() throws IOException {
            closeChannel();
        }
    }

    /** Writes zeros up to position {@code end}. */
    private static void fill(ByteBuffer dst, int end) {
        while (dst.position() < end) {
            dst.put(ZEROS, 0, Math.min(ZEROS.length, end - dst.position()));
        }
    }
}
