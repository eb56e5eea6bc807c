package mim.plugin.storage.files;

import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import mim.core.metainfo.FileLayout;
import mim.core.spi.StorageOptions;
import mim.core.spi.TorrentStorage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenFilesTest {
    @TempDir
    Path dir;

    private OpenFiles.Opener opener(String name) {
        Path p = dir.resolve(name);
        return writable -> writable ? FileChannel.open(p, READ, WRITE, CREATE) : FileChannel.open(p, READ);
    }

    @Test
    void evictsTheLeastRecentlyUsedAndClosesIt() throws Exception {
        OpenFiles cache = new OpenFiles(2);
        Object owner = new Object();
        OpenFiles.Handle a = cache.acquire(new OpenFiles.Key(owner, 0), true, opener("a"));
        cache.release(a);
        OpenFiles.Handle b = cache.acquire(new OpenFiles.Key(owner, 1), true, opener("b"));
        cache.release(b);
        cache.release(cache.acquire(new OpenFiles.Key(owner, 0), false, opener("a")));
        OpenFiles.Handle c = cache.acquire(new OpenFiles.Key(owner, 2), true, opener("c"));
        cache.release(c);

        assertTrue(a.channel.isOpen(), "a was used more recently than b");
        assertFalse(b.channel.isOpen());
        assertEquals(2, cache.size());
    }

    @Test
    void aFileInUseIsClosedByItsLastUserNotByEviction() throws Exception {
        OpenFiles cache = new OpenFiles(1);
        Object owner = new Object();
        OpenFiles.Handle a = cache.acquire(new OpenFiles.Key(owner, 0), true, opener("a"));
        OpenFiles.Handle b = cache.acquire(new OpenFiles.Key(owner, 1), true, opener("b"));
        assertTrue(a.channel.isOpen(), "evicted while in use");
        assertEquals(2, cache.size());
        a.channel.write(ByteBuffer.wrap(new byte[] {7}), 0);
        cache.release(a);
        assertFalse(a.channel.isOpen());
        assertEquals(1, cache.size());
        cache.release(b);
        cache.closeAll(owner);
        assertFalse(b.channel.isOpen());
        assertEquals(0, cache.size());
    }

    @Test
    void aReadOnlyHandleIsReplacedForAWrite() throws Exception {
        OpenFiles cache = new OpenFiles(4);
        Object owner = new Object();
        OpenFiles.Handle w = cache.acquire(new OpenFiles.Key(owner, 0), true, opener("a"));
        cache.release(w);
        cache.closeAll(owner);
        OpenFiles.Handle r = cache.acquire(new OpenFiles.Key(owner, 0), false, opener("a"));
        cache.release(r);
        assertSame(r, cache.acquire(new OpenFiles.Key(owner, 0), false, opener("a")));
        cache.release(r);
        OpenFiles.Handle w2 = cache.acquire(new OpenFiles.Key(owner, 0), true, opener("a"));
        cache.release(w2);
        assertNotSame(r, w2);
        assertTrue(w2.writable);
        assertFalse(r.channel.isOpen());
    }

    /**
     * Eight threads write and read back blocks of a torrent of 24 files through a cache of 3 handles,
     * so files are evicted constantly while others use them.
     */
    @Test
    void concurrentUseThroughATinyCacheKeepsEveryByte() throws Exception {
        Object[] spec = new Object[48];
        for (int i = 0; i < 24; i++) {
            spec[2 * i] = "f" + i;
            spec[2 * i + 1] = 1000 + 37 * i;
        }
        FileLayout layout = Layouts.of(1024, spec);
        byte[] content = Layouts.content(layout, 4);
        FilesStorageBackend backend = new FilesStorageBackend(3);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (TorrentStorage s = backend.open(layout, dir, StorageOptions.readWrite())) {
            int blocks = (int) ((layout.totalLength() + 299) / 300);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int first = t;
                done.add(pool.submit(() -> {
                    Random random = new Random(first);
                    for (int block = first; block < blocks; block += 8) {
                        int at = block * 300;
                        int len = (int) Math.min(300, layout.totalLength() - at);
                        s.write(at, ByteBuffer.wrap(content, at, len));
                        ByteBuffer back = ByteBuffer.allocate(len);
                        s.read(at, back);
                        assertArrayEquals(Arrays.copyOfRange(content, at, at + len), back.array());
                        if (random.nextInt(10) == 0) {
                            s.flush();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            s.flush();
            assertTrue(backend.openFileCount() <= 3, backend.openFileCount() + " files open");
            ByteBuffer all = ByteBuffer.allocate(content.length);
            s.read(0, all);
            assertArrayEquals(content, all.array());
        } finally {
            pool.shutdown();
        }
        assertEquals(0, backend.openFileCount());
    }
}
