package mim.core.metainfo;

import java.util.ArrayList;
import java.util.List;
import mim.core.bencode.BDict;
import mim.core.bencode.BList;
import mim.core.bencode.BString;
import mim.core.bencode.BValue;
import mim.core.metainfo.InvalidTorrentException.Category;

/**
 * Reads BEP 3 file lists: the single file described by the info dictionary itself, or the
 * {@code files} list of a multi-file torrent, with BEP 47 attributes and symlinks. Stateless.
 */
final class FileListParser {
    /** Deeper paths are refused, as libtorrent refuses them. */
    static final int MAX_DIRECTORY_DEPTH = 100;
    /** Files must have fewer blocks of 16 KiB than this, as libtorrent indexes merkle trees by int. */
    static final long MAX_FILE_BLOCKS = (1L << 30) - 1;
    /** The largest total size: 2^48 - 1 bytes. */
    static final long MAX_TOTAL_SIZE = (1L << 48) - 1;
    static final int BLOCK_SIZE = 16384;

    private FileListParser() {}

    /** The one file of a single-file torrent: named by {@code name}, sized by {@code length}. */
    static FileSpec single(BDict info) throws InvalidTorrentException {
        BString name = info.get("name.utf-8") instanceof BString s ? s : info.string("name");
        if (name == null || name.length() == 0) {
            throw new InvalidTorrentException(Category.MISSING_NAME, "the torrent has no name");
        }
        String sanitised = PathSanitizer.element(name.bytes(), false);
        if (sanitised == null) {
            throw new InvalidTorrentException(Category.MISSING_NAME,
                    "the torrent's name '" + name + "' cannot be used as a file name");
        }
        return entry(info, List.of(sanitised));
    }

    /** The files of a multi-file torrent, under the folder {@code rootName}. */
    static List<FileSpec> list(BList files, String rootName) throws InvalidTorrentException {
        List<FileSpec> out = new ArrayList<>(files.size());
        for (int i = 0; i < files.size(); i++) {
            if (!(files.get(i) instanceof BDict d)) {
                throw new InvalidTorrentException(Category.FILE_PARSE_FAILED,
                        "entry " + i + " of the file list is not a dictionary");
            }
            BList p = d.get("path.utf-8") instanceof BList l ? l : d.list("path");
            List<String> path;
            if (p != null && p.size() > 0) {
                checkPathList(p, "path of file " + i);
                path = new ArrayList<>(p.size() + 1);
                path.add(rootName);
                for (BValue e : p.items()) {
                    path.add(PathSanitizer.element(((BString) e).bytes(), true));
                }
            } else if (attributes(d).indexOf('p') >= 0) {
                // a pad file needs no path: it is never written
                path = List.of(".pad", Long.toString(length(d, false, "file " + i)));
            } else {
                throw new InvalidTorrentException(Category.MISSING_NAME, "file " + i + " of the torrent has no path");
            }
            out.add(entry(d, path));
        }
        return out;
    }

    private static FileSpec entry(BDict d, List<String> path) throws InvalidTorrentException {
        String attr = attributes(d);
        boolean symlinkFlag = attr.indexOf('l') >= 0;
        long length = length(d, symlinkFlag, String.join("/", path));
        // BitComet marks its pad files by name rather than by attribute
        boolean pad = attr.indexOf('p') >= 0 || String.join("/", path).contains("_____padding_file_");
        List<String> symlink = symlinkFlag ? symlinkTarget(d, String.join("/", path)) : null;
        return new FileSpec(path, length, pad, attr.indexOf('x') >= 0, attr.indexOf('h') >= 0, symlink, null);
    }

    /** BEP 47's attribute letters, or "" when there are none. */
    static String attributes(BDict d) {
        BString attr = d.string("attr");
        return attr == null ? "" : attr.text();
    }

    /** A file's length; a symlink takes no room whatever it says. */
    static long length(BDict d, boolean symlink, String what) throws InvalidTorrentException {
        if (symlink) {
            return 0;
        }
        long length = d.integer("length", -1);
        if (length < 0) {
            throw new InvalidTorrentException(Category.INVALID_LENGTH,
                    d.containsKey("length") ? what + " has an invalid length (" + d.get("length") + ")"
                            : what + " has no length");
        }
        if (length / BLOCK_SIZE >= MAX_FILE_BLOCKS) {
            throw new InvalidTorrentException(Category.INVALID_LENGTH, what + " is too large (" + length
                    + " bytes, the limit is " + (MAX_FILE_BLOCKS * BLOCK_SIZE - 1) + ")");
        }
        return length;
    }

    /**
     * The sanitised target of a symlink relative to the torrent's root folder, or null when there is
     * none ("." and ".." are dropped, as BEP 47 forbids them; an empty target makes a plain file).
     */
    static List<String> symlinkTarget(BDict d, String what) throws InvalidTorrentException {
        BList list = d.list("symlink path");
        if (list == null) {
            return null;
        }
        checkPathList(list, "symlink target of " + what);
        List<String> target = new ArrayList<>(list.size());
        for (BValue e : list.items()) {
            BString s = (BString) e;
            if (s.is(".") || s.is("..")) {
                continue;
            }
            target.add(PathSanitizer.element(s.bytes(), true));
        }
        return target.isEmpty() ? null : target;
    }

    /** Checks a path list: not too deep, strings only. */
    private static void checkPathList(BList list, String what) throws InvalidTorrentException {
        if (list.size() > MAX_DIRECTORY_DEPTH) {
            throw new InvalidTorrentException(Category.DIRECTORY_TOO_DEEP,
                    "the " + what + " is nested deeper than " + MAX_DIRECTORY_DEPTH + " folders");
        }
        for (BValue e : list.items()) {
            if (!(e instanceof BString)) {
                throw new InvalidTorrentException(Category.INVALID_NAME, "the " + what + " has an element that is not a string");
            }
        }
    }
}
