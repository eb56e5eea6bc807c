package mim.core.metainfo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import mim.core.MimException;
import mim.core.Reason;

/**
 * The files a new torrent is made of, found on disk: one file, or every file under a folder.
 *
 * <p>Order: by path, component by component, each compared as UTF-8 bytes. That is the order of a
 * v2 file tree (nested dictionaries with sorted keys), so v1 and v2 lists agree and the same folder
 * always gives the same torrent.
 *
 * <p>Hidden files and folders (names starting with '.') are left out unless asked for. Symbolic
 * links are followed, as mktorrent and transmission-create do: a link to a file adds that file's
 * content under the link's name, a link to a folder adds the folder; a loop is an error. Anything
 * else that is not a regular file (a FIFO, a device) is an error, since reading it could block or
 * never end.
 *
 * <p>Immutable.
 */
record SourceFiles(Path root, boolean single, List<Item> items) {

    /** One file: its path components under the root (just the root's name for a single file), its size. */
    record Item(List<String> path, Path file, long length) {}

    private static final Comparator<List<String>> BY_BYTES = (a, b) -> {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = Arrays.compareUnsigned(utf8(a.get(i)), utf8(b.get(i)));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    };

    /**
     * @throws MimException.BadInput if the path does not exist, is not a file or folder, or holds no files
     * @throws MimException.Storage if a folder cannot be listed
     */
    static SourceFiles scan(Path root, boolean includeHidden) throws MimException {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(root, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new MimException.BadInput(root + ": no such file or directory");
        } catch (IOException e) {
            throw new MimException.BadInput(root + ": " + Reason.of(e), e);
        }
        String name = root.toAbsolutePath().normalize().getFileName() == null ? null
                : root.toAbsolutePath().normalize().getFileName().toString();
        if (name == null) {
            throw new MimException.BadInput(root + ": cannot make a torrent of the file system's root");
        }
        if (attrs.isRegularFile()) {
            return new SourceFiles(root, true, List.of(new Item(List.of(name), root, attrs.size())));
        }
        if (!attrs.isDirectory()) {
            throw new MimException.BadInput(root + ": not a regular file or a directory");
        }
        List<Item> items = walk(root, includeHidden);
        if (items.isEmpty()) {
            throw new MimException.BadInput(root + ": no files to add (the directory is empty"
                    + (includeHidden ? ")" : " or holds only hidden files; --include-hidden adds those)"));
        }
        items.sort(Comparator.comparing(Item::path, BY_BYTES));
        return new SourceFiles(root, false, List.copyOf(items));
    }

    private static List<Item> walk(Path root, boolean includeHidden) throws MimException {
        List<Item> items = new ArrayList<>();
        try {
            Files.walkFileTree(root, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE,
                    new SimpleFileVisitor<>() {
                        @Override
                        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes a) {
                            return !dir.equals(root) && hidden(dir, includeHidden)
                                    ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFile(Path file, BasicFileAttributes a) throws IOException {
                            if (hidden(file, includeHidden)) {
                                return FileVisitResult.CONTINUE;
                            }
                            if (!a.isRegularFile()) {
                                // A broken link is reported with the link's attributes.
                                if (Files.isSymbolicLink(file) && !Files.exists(file)) {
                                    throw new NoSuchFileException(file.toString(), null, "broken symbolic link");
                                }
                                throw new FileSystemException(file.toString(), null, "not a regular file");
                            }
                            List<String> path = new ArrayList<>();
                            root.relativize(file).forEach(p -> path.add(p.toString()));
                            items.add(new Item(path, file, a.size()));
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                            if (hidden(file, includeHidden) && Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                                return FileVisitResult.CONTINUE;
                            }
                            throw e;
                        }
                    });
        } catch (FileSystemLoopException e) {
            throw new MimException.BadInput(e.getFile() + ": symbolic links form a loop");
        } catch (FileSystemException e) {
            throw new MimException.BadInput(e.getFile() + ": " + Reason.of(e), e);
        } catch (IOException e) {
            throw new MimException.Storage(root + ": " + Reason.of(e), e);
        }
        return items;
    }

    private static boolean hidden(Path p, boolean includeHidden) {
        return !includeHidden && p.getFileName().toString().startsWith(".");
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The root's own name, the torrent's name unless another is given. */
    String name() {
        return root.toAbsolutePath().normalize().getFileName().toString();
    }

    long totalLength() {
        long total = 0;
        for (Item i : items) {
            total += i.length();
        }
        return total;
    }
}
