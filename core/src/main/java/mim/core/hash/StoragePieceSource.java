package mim.core.hash;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import mim.core.MimException;
import mim.core.metainfo.FileEntry;
import mim.core.metainfo.FileLayout;
import mim.core.spi.FileState;
import mim.core.spi.TorrentStorage;

/**
 * Reads a torrent's content through its {@link TorrentStorage}, for hashing what is on disk (verify,
 * resume). The storage is shared by all readers, as its contract allows, and stays owned by the
 * caller.
 *
 * <p>What the storage found on disk when this source was made decides what is missing: a read that
 * fails where a file is missing or shorter than the torrent says makes those bytes unavailable; any
 * other failure is an {@link IOException} whose cause is the storage's {@link MimException.Storage}.
 * Immutable and thread-safe.
 */
public final class StoragePieceSource implements PieceSource {
    private final FileLayout layout;
    private final TorrentStorage storage;
    private final List<FileState> onDisk;

    /** @param onDisk what {@link TorrentStorage#onDisk()} reported, one entry per file of {@code layout} */
    public StoragePieceSource(FileLayout layout, TorrentStorage storage, List<FileState> onDisk) {
        if (onDisk.size() != layout.files().size()) {
            throw new IllegalArgumentException(onDisk.size() + " file states for " + layout.files().size() + " files");
        }
        this.layout = layout;
        this.storage = storage;
        this.onDisk = List.copyOf(onDisk);
    }

    @Override
    public Reader open() {
        return new Reader() {
            @Override
            public boolean read(long offset, ByteBuffer dst) throws IOException {
                int start = dst.position();
                int length = dst.remaining();
                try {
                    storage.read(offset, dst);
                    return true;
                } catch (MimException.Storage e) {
                    if (!touchesIncompleteFile(offset, length)) {
                        throw new IOException(e.getMessage(), e);
                    }
                    dst.position(start + length);
                    return false;
                }
            }

            @Override
            public void close() {
                // The storage belongs to the caller.
            }
        };
    }

    private boolean touchesIncompleteFile(long offset, long length) {
        for (FileLayout.Span span : layout.spans(offset, length)) {
            FileEntry f = layout.files().get(span.fileIndex());
            FileState state = onDisk.get(span.fileIndex());
            if (!f.pad() && (!state.exists() || state.size() < span.fileOffset() + span.length())) {
                return true;
            }
        }
        return false;
    }
}
