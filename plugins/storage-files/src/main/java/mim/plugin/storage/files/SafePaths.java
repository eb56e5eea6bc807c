package mim.plugin.storage.files;

import java.nio.file.Path;
import java.util.List;
import mim.core.MimException;

/**
 * Joins a torrent file's path components under the output folder, refusing any that could lead
 * elsewhere. Paths from a {@link mim.core.metainfo.FileLayout} are sanitised already; this is the
 * last line of defence, so that no layout, however built, makes the storage touch a file outside its
 * folder.
 */
final class SafePaths {
    private SafePaths() {}

    /**
     * @param root the output folder, absolute and normalised
     * @throws MimException.Storage if a component is empty, "." or "..", holds a separator or a NUL,
     *     or the result is not strictly inside {@code root}
     */
    static Path resolve(Path root, List<String> components) throws MimException.Storage {
        Path p = root;
        for (String c : components) {
            if (c.isEmpty() || c.equals(".") || c.equals("..") || c.indexOf('/') >= 0 || c.indexOf('\\') >= 0
                    || c.indexOf('\0') >= 0) {
                throw refuse(components);
            }
            p = p.resolve(c);
        }
        p = p.normalize();
        if (!p.startsWith(root) || p.equals(root)) {
            throw refuse(components);
        }
        return p;
    }

    private static MimException.Storage refuse(List<String> components) {
        return new MimException.Storage("refusing torrent path " + String.join("/", components)
                + ": it does not name a file inside the output folder", null);
    }
}
