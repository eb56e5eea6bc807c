package mim.core.metainfo;

import java.util.ArrayList;
import java.util.List;

/**
 * A file as read from the info dictionary, before offsets are assigned: the working form while
 * parsing, sanitising symlinks and renaming duplicates. Mutable; confined to one parse.
 */
final class FileSpec {
    /** Sanitised components, the torrent's name first in a multi-file torrent. */
    List<String> path;
    final long length;
    final boolean pad;
    final boolean executable;
    final boolean hidden;
    /** Target relative to the torrent's root folder (without the name), or null if not a symlink. */
    List<String> symlink;
    /** BEP 52 "pieces root" (32 bytes), or null. */
    final byte[] root;

    FileSpec(List<String> path, long length, boolean pad, boolean executable, boolean hidden,
            List<String> symlink, byte[] root) {
        this.path = new ArrayList<>(path);
        this.length = length;
        this.pad = pad;
        this.executable = executable;
        this.hidden = hidden;
        this.symlink = symlink;
        this.root = root;
    }

    /** A pad file that aligns the next file to a piece boundary; these have no path of their own. */
    static FileSpec alignment(long length) {
        return new FileSpec(List.of(".pad", Long.toString(length)), length, true, false, false, null, null);
    }

    /** Whether this file's bytes count when comparing a hybrid torrent's v1 and v2 file lists. */
    boolean holdsData() {
        return !pad && length > 0;
    }

    String joinedPath() {
        return String.join("/", path);
    }

    FileEntry toEntry(long offset, List<String> rootPrefix) {
        List<String> target = null;
        if (symlink != null) {
            target = new ArrayList<>(rootPrefix);
            target.addAll(symlink);
        }
        return new FileEntry(path, length, offset, pad, executable, hidden, target);
    }
}
