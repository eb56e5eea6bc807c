package mim.plugin.storage.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import mim.core.MimException;
import mim.core.metainfo.FileEntry;
import mim.core.metainfo.FileLayout;
import mim.core.spi.FileState;
import mim.core.spi.StorageOptions;
import mim.core.spi.TorrentStorage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class FilesStorageTest {
    @TempDir
    Path dir;

    private final FilesStorageBackend backend = new FilesStorageBackend();

    private TorrentStorage open(FileLayout layout, StorageOptions options) throws MimException.Storage {
        return backend.open(layout, dir.resolve("out"), options);
    }

    private static byte[] read(TorrentStorage s, long offset, int length) throws MimException.Storage {
        ByteBuffer b = ByteBuffer.allocate(length);
        s.read(offset, b);
        assertFalse(b.hasRemaining());
        return b.array();
    }

    private static void write(TorrentStorage s, long offset, byte[] all, int length) throws MimException.Storage {
        ByteBuffer b = ByteBuffer.wrap(all, (int) offset, length);
        s.write(offset, b);
        assertFalse(b.hasRemaining());
    }

    @Test
    void writesAndReadsAcrossFileBoundaries() throws Exception {
        FileLayout layout = Layouts.of(4, "t/a", 5, "t/empty", 0, "t/sub/c", 7, "t/d", 3);
        byte[] content = Layouts.content(layout, 1);
        try (TorrentStorage s = open(layout, StorageOptions.readWrite())) {
            assertTrue(Files.isRegularFile(dir.resolve("out/t/empty")), "empty files exist from the start");
            // Chunks of 6 cross every boundary, and the first write reaches a file before its start.
            for (int at = 12; at >= 0; at -= 6) {
                write(s, at, content, Math.min(6, content.length - at));
            }
            for (int at = 0; at < content.length; at++) {
                for (int len = 0; at + len <= content.length; len++) {
                    assertArrayEquals(Arrays.copyOfRange(content, at, at + len), read(s, at, len), at + "+" + len);
                }
            }
        }
        assertArrayEquals(Arrays.copyOfRange(content, 0, 5), Files.readAllBytes(dir.resolve("out/t/a")));
        assertArrayEquals(Arrays.copyOfRange(content, 5, 12), Files.readAllBytes(dir.resolve("out/t/sub/c")));
        assertArrayEquals(Arrays.copyOfRange(content, 12, 15), Files.readAllBytes(dir.resolve("out/t/d")));
        assertEquals(0, Files.size(dir.resolve("out/t/empty")));
    }

    @Test
    void aWriteLargerThanOneCallKeepsEveryByteInPlace() throws Exception {
        int pieceLength = 4 * FilesStorage.WRITE_CHUNK;
        FileLayout layout = Layouts.of(pieceLength, "t/a", FilesStorage.WRITE_CHUNK + 3, "t/b", 3L * pieceLength);
        byte[] content = Layouts.content(layout, 2);
        try (TorrentStorage s = open(layout, StorageOptions.readWrite())) {
            write(s, 0, content, pieceLength);
            write(s, pieceLength, content, content.length - pieceLength);
            assertArrayEquals(content, read(s, 0, content.length));
        }
        assertArrayEquals(Arrays.copyOfRange(content, FilesStorage.WRITE_CHUNK + 3, content.length),
                Files.readAllBytes(dir.resolve("out/t/b")));
    }

    @Test
    @Timeout(60)
    void piecesWrittenFromSeveralThreadsAtOnceAllLandInPlace() throws Exception {
        int pieceLength = 2 * FilesStorage.WRITE_CHUNK + 5;
        // The first file ends inside a piece, so some writes touch both files, in turn.
        FileLayout layout = Layouts.of(pieceLength, "t/a", 7L * pieceLength + 11, "t/b", 9L * pieceLength);
        byte[] content = Layouts.content(layout, 3);
        int pieces = layout.pieceCount();
        AtomicInteger next = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try (TorrentStorage s = open(layout, StorageOptions.readWrite())) {
            List<Future<?>> writers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                writers.add(threads.submit(() -> {
                    for (int piece; (piece = next.getAndIncrement()) < pieces; ) {
                        write(s, layout.pieceOffset(piece), content, layout.pieceSize(piece));
                    }
                    return null;
                }));
            }
            for (Future<?> w : writers) {
                w.get();
            }
            assertArrayEquals(content, read(s, 0, content.length));
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void padFilesAreNeverCreatedAndReadAsZeros() throws Exception {
        FileLayout layout = Layouts.of(8, "a", 3, "pad:.pad/5", 5, "b", 4);
        byte[] content = Layouts.content(layout, 2);
        try (TorrentStorage s = open(layout, StorageOptions.readWrite())) {
            write(s, 0, content, content.length);
            byte[] back = read(s, 0, content.length);
            assertArrayEquals(Arrays.copyOfRange(content, 0, 3), Arrays.copyOfRange(back, 0, 3));
            assertArrayEquals(new byte[5], Arrays.copyOfRange(back, 3, 8));
            assertArrayEquals(Arrays.copyOfRange(content, 8, 12), Arrays.copyOfRange(back, 8, 12));
            assertEquals(FileState.MISSING, s.onDisk().get(1));
        }
        assertFalse(Files.exists(dir.resolve("out/.pad")));
    }

    @Test
    void filesAppearOnlyWhenWrittenAndGrowOnlyAsFarAsWritten() throws Exception {
        FileLayout layout = Layouts.of(16, "a", 100, "b", 100);
        byte[] content = Layouts.content(layout, 3);
        try (TorrentStorage s = open(layout, StorageOptions.readWrite())) {
            write(s, 90, content, 5);
            assertEquals(95, Files.size(dir.resolve("out/a")));
            assertFalse(Files.exists(dir.resolve("out/b")));
            assertArrayEquals(new byte[90], read(s, 0, 90), "the hole reads as zeros");
            List<FileState> states = s.onDisk();
            assertTrue(states.get(0).exists());
            assertEquals(95, states.get(0).size());
            assertEquals(FileState.MISSING, states.get(1));
        }
    }

    @Test
    void onDiskReportsSizeAndModificationTime() throws Exception {
        FileLayout layout = Layouts.of(16, "a", 10);
        Files.createDirectories(dir.resolve("out"));
        Files.write(dir.resolve("out/a"), new byte[7]);
        Instant mtime = Instant.parse("2020-01-02T03:04:05Z");
        Files.setLastModifiedTime(dir.resolve("out/a"), FileTime.from(mtime));
        try (TorrentStorage s = open(layout, StorageOptions.readOnlyAccess())) {
            assertEquals(List.of(FileState.present(7, mtime)), s.onDisk());
        }
    }

    @Test
    void readOnlyStorageCreatesAndChangesNothing() throws Exception {
        FileLayout layout = Layouts.of(16, "t/a", 10, "t/empty", 0);
        try (TorrentStorage s = open(layout, StorageOptions.readOnlyAccess())) {
            MimException.Storage missing = assertThrows(MimException.Storage.class, () -> read(s, 0, 4));
            assertEquals("cannot read " + dir.resolve("out/t/a") + ": missing", missing.getMessage());
            MimException.Storage refused = assertThrows(MimException.Storage.class,
                    () -> s.write(0, ByteBuffer.allocate(1)));
            assertTrue(refused.getMessage().contains("read-only"), refused.getMessage());
            assertEquals(List.of(FileState.MISSING, FileState.MISSING), s.onDisk());
            s.flush();
        }
        assertFalse(Files.exists(dir.resolve("out")));
    }

    @Test
    void readingPastTheEndOfAShortFileSaysHowShortItIs() throws Exception {
        FileLayout layout = Layouts.of(16, "a", 10);
        Files.createDirectories(dir.resolve("out"));
        Files.write(dir.resolve("out/a"), new byte[4]);
        try (TorrentStorage s = open(layout, StorageOptions.readOnlyAccess())) {
            MimException.Storage e = assertThrows(MimException.Storage.class, () -> read(s, 2, 4));
            assertEquals("cannot read " + dir.resolve("out/a") + ": it has 4 bytes, the torrent needs 10",
                    e.getMessage());
        }
    }

    @Test
    void refusesToWriteIntoExistingSelectedFilesUnlessOverwriteIsAllowed() throws Exception {
        FileLayout layout = Layouts.of(16, "a", 4, "b", 4);
        Files.createDirectories(dir.resolve("out"));
        Files.write(dir.resolve("out/b"), new byte[] {9});
        MimException.Storage e = assertThrows(MimException.Storage.class,
                () -> open(layout, StorageOptions.readWrite()));
        assertTrue(e.getMessage().startsWith("refusing to write into " + dir.resolve("out/b")), e.getMessage());

        open(layout, StorageOptions.readWrite().withSelectedFiles(Set.of(0))).close();
        try (TorrentStorage s = open(layout, StorageOptions.readWrite().withOverwrite(true))) {
            write(s, 0, new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, 8);
        }
        assertArrayEquals(new byte[] {5, 6, 7, 8}, Files.readAllBytes(dir.resolve("out/b")));
    }

    @Test
    void aDirectoryWhereAFileShouldBeIsNamedInTheError() throws Exception {
        FileLayout layout = Layouts.of(16, "a", 4);
        Files.createDirectories(dir.resolve("out/a"));
        String expected = dir.resolve("out/a") + ": is a directory";
        try (TorrentStorage s = open(layout, StorageOptions.readWrite().withOverwrite(true))) {
            assertEquals("cannot write " + expected,
                    assertThrows(MimException.Storage.class, () -> write(s, 0, new byte[4], 4)).getMessage());
            assertEquals("cannot read " + expected,
                    assertThrows(MimException.Storage.class, () -> read(s, 0, 4)).getMessage());
            assertEquals("cannot use " + expected,
                    assertThrows(MimException.Storage.class, s::onDisk).getMessage());
        }
    }

    @Test
    void aFileWhereAFolderShouldBeIsNamedInTheError() throws Exception {
        FileLayout layout = Layouts.of(16, "d/a", 4);
        Files.createDirectories(dir.resolve("out"));
        Files.write(dir.resolve("out/d"), new byte[1]);
        try (TorrentStorage s = open(layout, StorageOptions.readWrite())) {
            MimException.Storage e = assertThrows(MimException.Storage.class, () -> write(s, 0, new byte[4], 4));
            assertTrue(e.getMessage().startsWith("cannot write " + dir.resolve("out/d/a") + ": "), e.getMessage());
            assertTrue(e.getMessage().contains("a file is in the way of folder " + dir.resolve("out/d")),
                    e.getMessage());
        }
    }

    @Test
    void anUnreadableFileIsReportedAsSuchUnlessThePrivilegesOverrideIt() throws Exception {
        FileLayout layout = Layouts.of(16, "a", 4);
        Files.createDirectories(dir.resolve("out"));
        Path a = dir.resolve("out/a");
        Files.write(a, new byte[] {1, 2, 3, 4});
        Files.setPosixFilePermissions(a, PosixFilePermissions.fromString("---------"));
        try (TorrentStorage s = open(layout, StorageOptions.readOnlyAccess())) {
            if (Files.isReadable(a)) {
                // Root reads whatever the mode says; the storage must then simply work.
                assertArrayEquals(new byte[] {1, 2, 3, 4}, read(s, 0, 4));
            } else {
                assertEquals("cannot read " + a + ": permission denied",
                        assertThrows(MimException.Storage.class, () -> read(s, 0, 4)).getMessage());
            }
        }
    }

    @Test
    void refusesPathsThatLeaveTheOutputFolder() {
        for (List<String> bad : List.of(List.of("..", "x"), List.of("a", "..", "..", "x"), List.of("a/../../x"),
                List.of(""), List.of("."))) {
            FileLayout layout = new FileLayout(16, List.of(FileEntry.of(bad, 4, 0)));
            MimException.Storage e = assertThrows(MimException.Storage.class,
                    () -> open(layout, StorageOptions.readWrite()), bad.toString());
            assertTrue(e.getMessage().startsWith("refusing torrent path "), e.getMessage());
        }
        assertFalse(Files.exists(dir.resolve("x")));
    }

    @Test
    void aSymbolicLinkOnDiskCannotRedirectWritesOutsideTheFolder() throws Exception {
        Path outside = Files.createDirectories(dir.resolve("elsewhere"));
        Files.createDirectories(dir.resolve("out"));
        Files.createSymbolicLink(dir.resolve("out/sub"), outside);
        Files.createSymbolicLink(dir.resolve("out/b"), outside.resolve("b"));
        FileLayout layout = Layouts.of(16, "sub/a", 4, "b", 4);
        try (TorrentStorage s = open(layout, StorageOptions.readWrite().withOverwrite(true))) {
            MimException.Storage viaFolder = assertThrows(MimException.Storage.class,
                    () -> write(s, 0, new byte[8], 4));
            assertTrue(viaFolder.getMessage().endsWith("its folder leads outside " + dir.resolve("out")),
                    viaFolder.getMessage());
            MimException.Storage viaFile = assertThrows(MimException.Storage.class,
                    () -> write(s, 4, new byte[8], 4));
            assertTrue(viaFile.getMessage().endsWith("is a symbolic link, which is not followed"),
                    viaFile.getMessage());
        }
        try (var left = Files.list(outside)) {
            assertEquals(0, left.count());
        }
    }

    @Test
    void aClosedStorageRefusesFurtherUse() throws Exception {
        TorrentStorage s = open(Layouts.of(16, "a", 4), StorageOptions.readWrite());
        write(s, 0, new byte[4], 4);
        s.close();
        s.close();
        assertThrows(IllegalStateException.class, () -> read(s, 0, 4));
        assertEquals(0, backend.openFileCount());
    }

    @Test
    void rangesOutsideTheTorrentAreProgrammingErrors() throws Exception {
        try (TorrentStorage s = open(Layouts.of(16, "a", 4), StorageOptions.readWrite())) {
            assertThrows(IndexOutOfBoundsException.class, () -> read(s, 2, 3));
        }
    }
}
