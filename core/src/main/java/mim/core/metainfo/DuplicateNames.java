package mim.core.metainfo;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import mim.core.metainfo.InvalidTorrentException.Category;

/**
 * Renames files whose paths collide, ignoring ASCII case (case-insensitive file systems would
 * merge them), with a file or with a folder: the later file becomes {@code name.1.ext},
 * {@code name.2.ext}... as libtorrent renames them. Pad files are never written and take no part.
 * A torrent that needs more than {@link #MAX_COLLISIONS} attempts is refused as hostile. Stateless.
 */
final class DuplicateNames {
    static final int MAX_COLLISIONS = 500;

    private DuplicateNames() {}

    static void resolve(List<FileSpec> files) throws InvalidTorrentException {
        Set<String> taken = new HashSet<>();
        for (FileSpec f : files) {
            if (!f.pad) {
                for (int k = 1; k < f.path.size(); k++) {
                    taken.add(key(String.join("/", f.path.subList(0, k))));
                }
            }
        }
        int collisions = 0;
        for (FileSpec f : files) {
            if (f.pad || taken.add(key(f.joinedPath()))) {
                continue;
            }
            String last = f.path.get(f.path.size() - 1);
            int dot = last.lastIndexOf('.');
            String base = dot < 0 ? last : last.substring(0, dot);
            String ext = dot < 0 ? "" : last.substring(dot);
            String prefix = String.join("/", f.path.subList(0, f.path.size() - 1));
            for (int n = 1; ; n++) {
                String candidate = base + "." + n + ext;
                if (taken.add(key(prefix.isEmpty() ? candidate : prefix + "/" + candidate))) {
                    List<String> renamed = new ArrayList<>(f.path);
                    renamed.set(renamed.size() - 1, candidate);
                    f.path = renamed;
                    break;
                }
                if (++collisions > MAX_COLLISIONS) {
                    throw new InvalidTorrentException(Category.TOO_MANY_DUPLICATE_FILENAMES,
                            "the torrent has too many files with the same name (" + f.joinedPath() + ")");
                }
            }
        }
    }

    /** Folds ASCII letters only, as libtorrent does: other scripts' case rules vary by system. */
    private static String key(String path) {
        char[] c = path.toCharArray();
        for (int i = 0; i < c.length; i++) {
            if (c[i] >= 'A' && c[i] <= 'Z') {
                c[i] += 'a' - 'A';
            }
        }
        return new String(c);
    }
}
