package mim.core.metainfo;

import java.util.ArrayList;
import java.util.List;
import mim.core.bencode.BDict;
import mim.core.bencode.BString;
import mim.core.bencode.BValue;
import mim.core.metainfo.InvalidTorrentException.Category;

/**
 * Reads a BEP 52 {@code file tree}: nested dictionaries whose leaves (a dictionary with the single
 * key "") describe files. Each file with data is followed by a pad file up to the next piece
 * boundary, because v2 pieces never span files; this is the layout libtorrent gives v2 torrents,
 * so piece indices agree between clients. Single use; confined to one parse.
 */
final class FileTreeParser {
    private static final int ROOT_LENGTH = 32;

    private final long pieceLength;
    private final List<FileSpec> files = new ArrayList<>();
    private long total;

    private FileTreeParser(long pieceLength) {
        this.pieceLength = pieceLength;
    }

    /**
     * @param multiFile whether the torrent is known to be multi-file (a hybrid with a v1 file
     *     list); otherwise a tree with exactly one file at the top is a single-file torrent
     */
    static List<FileSpec> parse(BDict tree, String rootName, boolean multiFile, long pieceLength)
            throws InvalidTorrentException {
        FileTreeParser p = new FileTreeParser(pieceLength);
        p.directory(tree, List.of(rootName), multiFile, 0);
        return p.files;
    }

    private void directory(BDict tree, List<String> dir, boolean multiFile, int depth)
            throws InvalidTorrentException {
        boolean multi = multiFile;
        for (int i = 0; i < tree.size(); i++) {
            BString key = tree.keys().get(i);
            if (!(tree.values().get(i) instanceof BDict node) || key.length() == 0) {
                throw new InvalidTorrentException(Category.FILE_PARSE_FAILED,
                        "the file tree has an entry " + (key.length() == 0 ? "without a name" : "'" + key + "' that is not a dictionary"));
            }
            boolean leaf = node.size() == 1 && node.keys().get(0).length() == 0;
            boolean singleFile = leaf && !multi && tree.size() == 1;
            List<String> path = new ArrayList<>(singleFile ? List.of() : dir);
            path.add(PathSanitizer.element(key.bytes(), true));
            if (leaf) {
                file(node.values().get(0), path);
            } else if (node.size() > 0) {
                if (depth + 1 > FileListParser.MAX_DIRECTORY_DEPTH) {
                    throw new InvalidTorrentException(Category.DIRECTORY_TOO_DEEP,
                            "the file tree is nested deeper than " + FileListParser.MAX_DIRECTORY_DEPTH + " folders");
                }
                directory(node, path, true, depth + 1);
            }
            // only the very first entry of the tree can make a single-file torrent
            multi = true;
        }
    }

    private void file(BValue value, List<String> path) throws InvalidTorrentException {
        String what = String.join("/", path);
        if (!(value instanceof BDict d)) {
            throw new InvalidTorrentException(Category.FILE_PARSE_FAILED, "file " + what + " is not a dictionary");
        }
        String attr = FileListParser.attributes(d);
        if (attr.indexOf('p') >= 0) {
            throw new InvalidTorrentException(Category.INVALID_PAD_FILE,
                    "file " + what + " is marked as a pad file, which a v2 file tree cannot have");
        }
        boolean symlinkFlag = attr.indexOf('l') >= 0;
        long length = FileListParser.length(d, symlinkFlag, "file " + what);
        List<String> symlink = symlinkFlag ? FileListParser.symlinkTarget(d, what) : null;
        byte[] root = null;
        if (symlink == null && length > 0) {
            BString r = d.string("pieces root");
            if (r == null || r.length() != ROOT_LENGTH) {
                throw new InvalidTorrentException(Category.MISSING_PIECES_ROOT,
                        "file " + what + " has no valid pieces root");
            }
            root = r.bytes();
            if (allZero(root)) {
                throw new InvalidTorrentException(Category.MISSING_PIECES_ROOT, "file " + what + " has an all-zero pieces root");
            }
        }
        addTo(length, "file " + what);
        files.add(new FileSpec(path, length, false, attr.indexOf('x') >= 0, attr.indexOf('h') >= 0, symlink, root));
        long tail = total % pieceLength;
        if (tail != 0) {
            addTo(pieceLength - tail, "file " + what);
            files.add(FileSpec.alignment(pieceLength - tail));
        }
    }

    private void addTo(long length, String what) throws InvalidTorrentException {
        if (FileListParser.MAX_TOTAL_SIZE - total < length) {
            throw new InvalidTorrentException(Category.INVALID_LENGTH,
                    what + " takes the torrent past the largest supported size");
        }
        total += length;
    }

    static boolean allZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }
}
