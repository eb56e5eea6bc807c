package mim.core.metainfo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keeps symlinks inside the torrent (BEP 47). A target must name a file or folder of the torrent,
 * directly, relative to the link's own folder (an older convention), or through other links in the
 * torrent; anything else is rewritten to point at the link itself, which is harmless. Targets are
 * relative to the torrent's root folder. Stateless.
 */
final class Symlinks {
    private Symlinks() {}

    /**
     * @param prefix how many leading components of each path are the torrent's root folder (1 for a
     *     multi-file torrent, else 0)
     */
    static void sanitise(List<FileSpec> files, int prefix) {
        if (files.stream().noneMatch(f -> f.symlink != null)) {
            return;
        }
        Map<String, Integer> byPath = new HashMap<>();
        Set<String> dirs = new HashSet<>();
        for (int i = 0; i < files.size(); i++) {
            List<String> p = relative(files.get(i), prefix);
            byPath.putIfAbsent(String.join("/", p), i);
            for (int k = 1; k < p.size(); k++) {
                dirs.add(String.join("/", p.subList(0, k)));
            }
        }
        // links whose target may be a folder, for resolving paths through them
        Map<String, String> dirLinks = new HashMap<>();
        List<Integer> unresolved = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            FileSpec f = files.get(i);
            if (f.symlink == null) {
                continue;
            }
            String self = String.join("/", relative(f, prefix));
            String target = String.join("/", f.symlink);
            Integer hit = byPath.get(target);
            if (hit != null || dirs.contains(target)) {
                if (hit == null || files.get(hit).symlink != null) {
                    dirLinks.put(self, target);
                }
                continue;
            }
            List<String> selfPath = relative(f, prefix);
            if (selfPath.size() > 1) {
                String sibling = String.join("/", selfPath.subList(0, selfPath.size() - 1)) + "/" + target;
                hit = byPath.get(sibling);
                if (hit != null || dirs.contains(sibling)) {
                    f.symlink = split(sibling);
                    if (hit == null || files.get(hit).symlink != null) {
                        dirLinks.put(self, sibling);
                    }
                    continue;
                }
            }
            dirLinks.put(self, target);
            unresolved.add(i);
        }
        for (int i : unresolved) {
            FileSpec f = files.get(i);
            if (!resolves(String.join("/", f.symlink), byPath, dirs, dirLinks)) {
                f.symlink = relative(f, prefix);
            }
        }
    }

    /** Follows links in the target's folders (each at most once) to a file or folder of the torrent. */
    private static boolean resolves(String target, Map<String, Integer> byPath, Set<String> dirs,
            Map<String, String> dirLinks) {
        Set<String> traversed = new HashSet<>();
        int slash = target.indexOf('/');
        while (slash >= 0) {
            String branch = target.substring(0, slash);
            if (!dirs.contains(branch)) {
                String link = dirLinks.get(branch);
                if (link == null || !traversed.add(branch)) {
                    return false;
                }
                target = link + target.substring(slash);
                slash = target.indexOf('/');
                continue;
            }
            slash = target.indexOf('/', slash + 1);
        }
        return byPath.containsKey(target) || dirs.contains(target);
    }

    private static List<String> relative(FileSpec f, int prefix) {
        return f.path.subList(Math.min(prefix, f.path.size() - 1), f.path.size());
    }

    private static List<String> split(String path) {
        return new ArrayList<>(Arrays.asList(path.split("/")));
    }
}
