package mim.plugin.storage.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import mim.core.metainfo.FileLayout;
import mim.core.spi.StorageOptions;
import mim.core.spi.TorrentStorage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilesDeletionTest {
    @TempDir
    Path dir;

    private final FilesStorageBackend backend = new FilesStorageBackend();

    @Test
    void deletesTheTorrentsFilesAndTheFoldersItLeftEmptyAndNothingElse() throws Exception {
        Path out = dir.resolve("out");
        FileLayout layout = Layouts.of(4, "t/a", 5, "t/sub/b", 7, "t/sub/deeper/c", 3, "t/empty", 0);
        writeAll(layout, out);
        Files.writeString(out.resolve("t/sub/keep.txt"), "not the torrent's");
        Files.writeString(out.resolve("beside.txt"), "another download");

        backend.delete(layout, out);

        assertEquals(List.of("beside.txt", "t", "t/sub", "t/sub/keep.txt"), tree(out));
    }

    @Test
    void aFileAlreadyGoneAndASymbolicLinkInAFilesPlaceAreLeftAlone() throws Exception {
        Path out = dir.resolve("out");
        FileLayout layout = Layouts.of(4, "t/a", 5, "t/b", 3);
        writeAll(layout, out);
        Files.delete(out.resolve("t/a"));
        Path elsewhere = Files.writeString(dir.resolve("elsewhere.txt"), "precious");
        Files.delete(out.resolve("t/b"));
        Files.createSymbolicLink(out.resolve("t/b"), elsewhere);

        backend.delete(layout, out);

        assertTrue(Files.isSymbolicLink(out.resolve("t/b")), "a link is not the torrent's file");
        assertEquals("precious", Files.readString(elsewhere));
    }

    @Test
    void aFolderThatLeadsOutsideTheOutputFolderIsNotEntered() throws Exception {
        Path out = Files.createDirectories(dir.resolve("out"));
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.writeString(outside.resolve("a"), "someone else's");
        Files.createSymbolicLink(out.resolve("t"), outside);

        backend.delete(Layouts.of(4, "t/a", 5), out);

        assertEquals("someone else's", Files.readString(outside.resolve("a")));
    }

    @Test
    void aMissingOutputFolderIsNothingToDelete() throws Exception {
        backend.delete(Layouts.of(4, "t/a", 5), dir.resolve("never-made"));
        assertFalse(Files.exists(dir.resolve("never-made")));
    }

    private void writeAll(FileLayout layout, Path out) throws Exception {
        byte[] content = Layouts.content(layout, 7);
        try (TorrentStorage s = backend.open(layout, out, StorageOptions.readWrite())) {
            s.write(0, java.nio.ByteBuffer.wrap(content));
        }
    }

    private static List<String> tree(Path root) throws Exception {
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(p -> !p.equals(root)).map(p -> root.relativize(p).toString()).sorted().toList();
        }
    }
}
