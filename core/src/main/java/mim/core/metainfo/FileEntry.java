package mim.core.metainfo;

import java.util.List;
import java.util.Objects;

/**
 * One file of a torrent as it lies on disk and in the torrent's byte stream.
 *
 * <p>{@code path} holds sanitised components, safe to join under an output folder (no empty, "." or
 * ".." components, no separators inside a component); in a multi-file torrent the first component
 * is the torrent's name. {@code offset} is where the file starts in the torrent's concatenated
 * content (v1 geometry). Pad files (BEP 47) occupy bytes of the content but are never written to
 * disk; those without a path of their own are named {@code .pad/<length>}. A symlink has length 0
 * and a sanitised target in the same frame as {@code path} (relative to the output folder, the
 * torrent's name first in a multi-file torrent), always inside the torrent.
 *
 * <p>Immutable.
 */
public record FileEntry(
        List<String> path,
        long length,
        long offset,
        boolean pad,
        boolean executable,
        boolean hidden,
        List<String> symlinkTarget) {

    public FileEntry {
        path = List.copyOf(path);
        if (path.isEmpty()) {
            throw new IllegalArgumentException("a file needs a path");
        }
        if (length < 0 || offset < 0) {
            throw new IllegalArgumentException("negative length or offset");
        }
        symlinkTarget = symlinkTarget == null ? null : List.copyOf(symlinkTarget);
    }

    /** A plain file: not a pad file, no attributes. */
    public static FileEntry of(List<String> path, long length, long offset) {
        return new FileEntry(path, length, offset, false, false, false, null);
    }

    public boolean isSymlink() {
        return symlinkTarget != null;
    }

    /** The path with '/' between components, for messages and listings. */
    public String displayPath() {
        return String.join("/", path);
    }

    /** The first byte after this file in the torrent's content. */
    public long end() {
        return offset + length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FileEntry f && path.equals(f.path) && length == f.length && offset == f.offset
                && pad == f.pad && executable == f.executable && hidden == f.hidden
                && Objects.equals(symlinkTarget, f.symlinkTarget);
    }

    @Override
    public int hashCode() {
        return Objects.hash(path, length, offset);
    }
}
