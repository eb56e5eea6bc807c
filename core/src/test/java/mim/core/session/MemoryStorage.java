package mim.core.session;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import mim.core.MimException;
import mim.core.metainfo.FileLayout;
import mim.core.spi.FileState;
import mim.core.spi.StorageBackend;
import mim.core.spi.StorageOptions;
import mim.core.spi.TorrentStorage;

/**
 * A torrent's content in one array, for engine tests without a disk: a file "exists" once a byte
 * of it was written (or the test filled it). Thread safe through one lock; one torrent per instance.
 */
final class MemoryStorage implements StorageBackend, TorrentStorage {
    private static final Instant TIME = Instant.ofEpochSecond(1_700_000_000);
    private final byte[] content;
    private final boolean[] present;
    private FileLayout layout;
    /** Writes past this many bytes fail as a full disk would; unlimited by default. */
    private long room = Long.MAX_VALUE;
    /** The reads made since {@link #takeReads}. */
    private final List<Read> reads = new ArrayList<>();

    /** Reads that reach this offset wait until the gate opens; by default none does. */
    private volatile long gatedFrom = Long.MAX_VALUE;
    /** The next read that starts at this offset fails, as a disk error would; by default none does. */
    private volatile long failingReadAt = -1;
    /** Whether closing waits until the gate opens. */
    private volatile boolean closeGated;
    private final java.util.concurrent.CountDownLatch gate = new java.util.concurrent.CountDownLatch(1);

    /** A read of {@code length} bytes at {@code offset} of the content. */
    record Read(long offset, int length) {}

    /** Holds every read that reaches {@code offset} or beyond until {@link #openGate}: a slow disk there. */
    void gateReadsFrom(long offset) {
        gatedFrom = offset;
    }

    /** Holds a close until {@link #openGate}: a disk slow to let go of its files. */
    void gateClose() {
        closeGated = true;
    }

    /** Fails the next read that starts at {@code offset}, once. */
    void failNextReadAt(long offset) {
        failingReadAt = offset;
    }

    void openGate() {
        gate.countDown();
    }

    MemoryStorage(long length, int files) {
        this.content = new byte[(int) length];
        this.present = new boolean[files];
    }

    /** Content already there, as if a finished download were on disk. */
    static MemoryStorage filled(byte[] data, int files) {
        MemoryStorage s = new MemoryStorage(data.length, files);
        System.arraycopy(data, 0, s.content, 0, data.length);
        java.util.Arrays.fill(s.present, true);
        return s;
    }

    /** From now on, fail writes once {@code bytes} more have been written. */
    synchronized void fillDiskAfter(long bytes) {
        room = bytes;
    }

    synchronized byte[] content() {
        return content.clone();
    }

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public synchronized TorrentStorage open(FileLayout layout, Path folder, StorageOptions options) {
        this.layout = layout;
        return this;
    }

    /** Forgets every file, as deleting them from a disk would; the bytes read as zeros again. */
    @Override
    public synchronized void delete(FileLayout layout, Path folder) {
        java.util.Arrays.fill(present, false);
        java.util.Arrays.fill(content, (byte) 0);
    }

    /** Whether any file "exists". */
    synchronized boolean anyPresent() {
        for (boolean p : present) {
            if (p) {
                return true;
            }
        }
        return false;
    }

    /** The reads made since the last call, in order; forgets them. */
    synchronized List<Read> takeReads() {
        List<Read> out = List.copyOf(reads);
        reads.clear();
        return out;
    }

    @Override
    public void read(long torrentOffset, ByteBuffer dst) throws MimException.Storage {
        if (torrentOffset == failingReadAt) {
            failingReadAt = -1;
            throw new MimException.Storage("content: input/output error", null);
        }
        if (torrentOffset + dst.remaining() > gatedFrom) {
            awaitGate();
        }
        readNow(torrentOffset, dst);
    }

    private void awaitGate() {
        try {
            gate.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized void readNow(long torrentOffset, ByteBuffer dst) {
        int n = dst.remaining();
        reads.add(new Read(torrentOffset, n));
        dst.put(content, (int) torrentOffset, n);
    }

    @Override
    public synchronized void write(long torrentOffset, ByteBuffer src) throws MimException.Storage {
        if (src.remaining() > room) {
            String file = layout.files().get(layout.spans(torrentOffset, 1).get(0).fileIndex()).displayPath();
            throw new MimException.Storage(file + ": no space left on device", null);
        }
        room -= src.remaining();
        for (FileLayout.Span s : layout.spans(torrentOffset, src.remaining())) {
            present[s.fileIndex()] = true;
        }
        src.get(content, (int) torrentOffset, src.remaining());
    }

    @Override
    public void flush() {
    }

    @Override
    public synchronized List<FileState> onDisk() {
        List<FileState> out = new ArrayList<>();
        for (int f = 0; f < present.length; f++) {
            out.add(present[f] ? FileState.present(layout.files().get(f).length(), TIME) : FileState.MISSING);
        }
        return out;
    }

    @Override
    public void close() throws MimException.Storage {
        if (closeGated) {
            awaitGate();
        }
    }
}
