package mim.plugin.storage.files;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import mim.core.MimException;
import mim.core.metainfo.FileEntry;
import mim.core.metainfo.FileLayout;

/**
 * Deletes what a torrent put under its output folder: each of its files that is a regular file where
 * the storage would have written it, then each folder between those files and the output folder that
 * is left empty, deepest first. Nothing else is touched: not a file of another name, not a folder that
 * still holds something, not the output folder itself, and never through a symbolic link (a link in
 * a file's place is left alone, and a folder that leads outside the output folder is not entered).
 * Stateless; blocking I/O.
 */
final class FilesDeletion {
    private FilesDeletion() {}

    static void delete(FileLayout layout, Path folder) throws MimException.Storage {
        Path root = folder.toAbsolutePath().normalize();
        if (!Files.isDirectory(root, NOFOLLOW_LINKS)) {
            return;
        }
        Path realRoot = realPath(root);
        Set<Path> folders = new LinkedHashSet<>();
        for (FileEntry f : layout.files()) {
            if (f.pad()) {
                continue;
            }
            Path p = SafePaths.resolve(root, f.path());
            for (Path up = p.getParent(); !up.equals(root); up = up.getParent()) {
                folders.add(up);
            }
            deleteFile(p, realRoot);
        }
        List<Path> deepestFirst = new ArrayList<>(folders);
        deepestFirst.sort(Comparator.comparingInt(Path::getNameCount).reversed());
        for (Path dir : deepestFirst) {
            deleteEmptyFolder(dir);
        }
    }

    private static void deleteFile(Path p, Path realRoot) throws MimException.Storage {
        try {
            if (!Files.isRegularFile(p, NOFOLLOW_LINKS) || !p.getParent().toRealPath().startsWith(realRoot)) {
                return;
            }
            Files.delete(p);
        } catch (NoSuchFileException e) {
            // Gone already (or its folder is): nothing to do.
        } catch (IOException e) {
            throw IoErrors.storage("delete", p, e);
        }
    }

    private static void deleteEmptyFolder(Path dir) throws MimException.Storage {
        try {
            if (Files.isDirectory(dir, NOFOLLOW_LINKS)) {
                Files.delete(dir);
            }
        } catch (NoSuchFileException | DirectoryNotEmptyException e) {
            // Gone, or it holds something that is not the torrent's: it stays.
        } catch (IOException e) {
            throw IoErrors.storage("delete folder", dir, e);
        }
    }

    private static Path realPath(Path root) throws MimException.Storage {
        try {
            return root.toRealPath();
        } catch (IOException e) {
            throw IoErrors.storage("examine", root, e);
        }
    }
}
