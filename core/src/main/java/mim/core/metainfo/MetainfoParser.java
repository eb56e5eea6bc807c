package mim.core.metainfo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import mim.core.bencode.BDict;
import mim.core.bencode.BList;
import mim.core.bencode.BString;
import mim.core.bencode.BValue;
import mim.core.bencode.BencodeException;
import mim.core.bencode.BencodeReader;
import mim.core.metainfo.InvalidTorrentException.Category;

/**
 * Turns a torrent file into the parts of a {@link Metainfo}, checking in libtorrent's order so that
 * a torrent broken in several ways is refused for the same reason by both. Stateless.
 */
final class MetainfoParser {
    private static final BencodeReader READER =
            BencodeReader.strict().withMaxSize(Metainfo.MAX_TORRENT_SIZE).allowingTrailingData();
    /** libtorrent keeps piece indices below 2^30 for headroom in its arithmetic. */
    private static final long MAX_PIECE_INDEX = (1L << 30) - 1;

    /** What a Metainfo is made of; filled in by one parse. */
    static final class Parts {
        String name;
        InfoHash v1;
        InfoHash v2;
        FileLayout layout;
        boolean multiFile;
        byte[] pieces;
        byte[][] fileRoots;
        Map<Integer, byte[]> pieceLayers = Map.of();
        List<List<String>> trackerTiers;
        List<String> webSeeds;
        boolean isPrivate;
        List<Metainfo.DhtNode> nodes;
        long pieceLength;
        Long creationDate;
        String createdBy;
        String comment;
        String source;
        String encoding;
        byte[] rawInfo;
        List<InfoHash> similar;
        List<String> collections;
    }

    private MetainfoParser() {}

    static Parts parse(byte[] data) throws InvalidTorrentException {
        BencodeReader.Document doc = read(data);
        if (!(doc.root() instanceof BDict torrent)) {
            throw new InvalidTorrentException(Category.IS_NO_DICT, "not a torrent file: it is not a bencoded dictionary");
        }
        BDict info = torrent.dict("info");
        if (info == null) {
            throw new InvalidTorrentException(Category.MISSING_INFO, "the torrent has no info dictionary");
        }
        Parts p = new Parts();
        p.rawInfo = doc.rawInfo();
        List<FileSpec> files = parseInfo(info, p);

        if (p.v2 != null && torrent.dict("piece layers") != null) {
            p.pieceLayers = PieceLayers.check(torrent.dict("piece layers"), files, p.pieceLength);
        }
        p.trackerTiers = TorrentExtras.trackers(torrent);
        p.webSeeds = TorrentExtras.webSeeds(torrent, files.size());
        p.nodes = TorrentExtras.nodes(torrent);
        long date = torrent.integer("creation date", -1);
        p.creationDate = date >= 0 ? date : null;
        p.comment = text(torrent, "comment.utf-8", "comment");
        p.createdBy = text(torrent, "created by.utf-8", "created by");
        p.encoding = text(torrent, "encoding", "encoding");
        p.similar = new ArrayList<>(p.similar);
        p.similar.addAll(similar(torrent));
        p.similar = List.copyOf(p.similar);
        List<String> collections = new ArrayList<>(p.collections);
        collections.addAll(collections(torrent));
        p.collections = List.copyOf(collections);

        DuplicateNames.resolve(files);
        p.layout = layout(p.pieceLength, files, p.multiFile ? List.of(p.name) : List.of());
        p.fileRoots = files.stream().map(f -> f.root).toArray(byte[][]::new);
        return p;
    }

    private static BencodeReader.Document read(byte[] data) throws InvalidTorrentException {
        try {
            return READER.read(data);
        } catch (BencodeException e) {
            Category c = switch (e.reason()) {
                case DEPTH_EXCEEDED -> Category.DEPTH_EXCEEDED;
                case TOO_LARGE -> Category.TOO_LARGE;
                default -> Category.INVALID_BENCODING;
            };
            throw new InvalidTorrentException(c, "not a valid torrent file: " + e.getMessage(), e);
        }
    }

    /** Reads the info dictionary into {@code p}; returns its files, not yet renamed. */
    private static List<FileSpec> parseInfo(BDict info, Parts p) throws InvalidTorrentException {
        byte[] raw = p.rawInfo;
        p.v1 = InfoHash.v1Of(raw);
        long version = info.integer("meta version", -1);
        if (version > 0 && !canonical(info)) {
            throw new InvalidTorrentException(Category.INVALID_BENCODING,
                    "the info dictionary of a v2 torrent is not canonical bencoding (keys unsorted or repeated)");
        }
        if (version > 2) {
            throw new InvalidTorrentException(Category.UNKNOWN_VERSION, "the torrent has unknown meta version " + version);
        }
        p.v2 = version == 2 ? InfoHash.v2Of(raw) : null;

        long pieceLength = info.integer("piece length", -1);
        if (pieceLength <= 0 || pieceLength > Metainfo.MAX_PIECE_LENGTH) {
            throw new InvalidTorrentException(Category.MISSING_PIECE_LENGTH, info.containsKey("piece length")
                    ? "the torrent has an invalid piece length (" + info.get("piece length") + ")"
                    : "the torrent has no piece length");
        }
        if (version == 2 && (pieceLength < FileListParser.BLOCK_SIZE || Long.bitCount(pieceLength) != 1)) {
            throw new InvalidTorrentException(Category.MISSING_PIECE_LENGTH,
                    "the piece length of a v2 torrent must be a power of two of at least 16 KiB, not " + pieceLength);
        }

        BString nameValue = info.get("name.utf-8") instanceof BString s ? s : info.string("name");
        if (nameValue == null) {
            throw new InvalidTorrentException(Category.MISSING_NAME, "the torrent has no name");
        }
        String sanitised = PathSanitizer.element(nameValue.bytes(), false);
        p.name = sanitised != null ? sanitised : p.v1.hex();

        BList fileList = info.list("files");
        BDict tree = info.dict("file tree");
        List<FileSpec> v2Files = null;
        if (version == 2 && tree != null) {
            v2Files = FileTreeParser.parse(tree, p.name, fileList != null, pieceLength);
            p.multiFile = fileList != null || !(tree.size() == 1 && isLeaf(tree.values().get(0)));
            Symlinks.sanitise(v2Files, p.multiFile ? 1 : 0);
        } else if (version == 2) {
            throw new InvalidTorrentException(Category.MISSING_FILE_TREE, "the v2 torrent has no file tree");
        } else if (tree != null) {
            throw new InvalidTorrentException(Category.MISSING_META_VERSION,
                    "the torrent has a v2 file tree but no meta version 2");
        }
        List<FileSpec> v1Files = null;
        if (fileList == null) {
            if (version < 2 || info.containsKey("length")) {
                v1Files = List.of(FileListParser.single(info));
            } else {
                p.v1 = null;
            }
        } else {
            v1Files = FileListParser.list(fileList, p.name);
            Symlinks.sanitise(v1Files, 1);
            p.multiFile = true;
        }
        List<FileSpec> files = v2Files != null ? v2Files : new ArrayList<>(v1Files);
        if (files.isEmpty()) {
            throw new InvalidTorrentException(Category.NO_FILES, "the torrent has no files");
        }
        if (v2Files != null && v1Files != null && !v1Files.isEmpty()) {
            if (v2Files.size() == v1Files.size() + 1) {
                removeTailPadding(v2Files);
            }
            String mismatch = HybridCheck.mismatch(v2Files, v1Files);
            if (mismatch != null) {
                throw new InvalidTorrentException(Category.INCONSISTENT_FILES,
                        "the v1 and v2 parts of the hybrid torrent disagree: " + mismatch);
            }
        }

        long total = 0;
        for (FileSpec f : files) {
            if (FileListParser.MAX_TOTAL_SIZE - total < f.length) {
                throw new InvalidTorrentException(Category.INVALID_LENGTH, "the torrent's files add up to more than the largest supported size");
            }
            total += f.length;
        }
        if (total / pieceLength > MAX_PIECE_INDEX) {
            throw tooManyPieces(total / pieceLength);
        }
        long pieceCount = (total + pieceLength - 1) / pieceLength;
        if (pieceCount > Metainfo.MAX_PIECES) {
            throw tooManyPieces(pieceCount);
        }
        BString pieces = info.string("pieces");
        if (pieces == null) {
            if (version < 2) {
                throw new InvalidTorrentException(Category.MISSING_PIECES, "the torrent has no piece hashes");
            }
        } else if (pieces.length() != pieceCount * 20) {
            throw new InvalidTorrentException(Category.INVALID_HASHES, "the torrent has " + pieces.length()
                    + " bytes of piece hashes where its " + pieceCount + " pieces need " + pieceCount * 20);
        }
        p.pieces = p.v1 == null || pieces == null ? null : pieces.bytes();
        if (p.v1 != null && p.pieces == null) {
            // a hybrid without v1 hashes has no usable v1 part
            p.v1 = null;
        }
        p.isPrivate = info.integer("private", 0) != 0;
        p.source = text(info, "source", "source");
        p.similar = similar(info);
        p.collections = collections(info);
        if (total == 0) {
            throw new InvalidTorrentException(Category.INVALID_LENGTH, "the torrent's files are all empty");
        }
        p.pieceLength = pieceLength;
        return files;
    }

    private static InvalidTorrentException tooManyPieces(long count) {
        return new InvalidTorrentException(Category.TOO_MANY_PIECES,
                "the torrent has too many pieces (" + count + ", the limit is " + Metainfo.MAX_PIECES + ")");
    }

    private static boolean isLeaf(BValue v) {
        return v instanceof BDict d && d.size() == 1 && d.keys().get(0).length() == 0;
    }

    /** Older libtorrent made hybrids without the pad after the last file; accept both forms. */
    private static void removeTailPadding(List<FileSpec> files) {
        for (int i = files.size() - 1; i >= 0; i--) {
            if (files.get(i).length == 0) {
                continue;
            }
            if (files.get(i).pad) {
                files.remove(i);
            }
            return;
        }
    }

    /** Whether every dictionary in {@code v} has sorted, unique keys (BEP 52 requires it of info). */
    private static boolean canonical(BValue v) {
        if (v instanceof BDict d) {
            if (!d.hasCanonicalKeys()) {
                return false;
            }
            for (BValue child : d.values()) {
                if (!canonical(child)) {
                    return false;
                }
            }
        } else if (v instanceof BList l) {
            for (BValue child : l.items()) {
                if (!canonical(child)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** @param prefix the folder that symlink targets are relative to */
    private static FileLayout layout(long pieceLength, List<FileSpec> files, List<String> prefix) {
        List<FileEntry> entries = new ArrayList<>(files.size());
        long offset = 0;
        for (FileSpec f : files) {
            entries.add(f.toEntry(offset, prefix));
            offset += f.length;
        }
        return new FileLayout(pieceLength, entries);
    }

    /** The first non-empty text under {@code preferred} or {@code fallback}, or null. */
    private static String text(BDict d, String preferred, String fallback) {
        BString s = d.string(preferred);
        if (s == null || s.length() == 0) {
            s = d.string(fallback);
        }
        return s == null || s.length() == 0 ? null : s.text();
    }

    private static List<InfoHash> similar(BDict d) {
        List<InfoHash> out = new ArrayList<>();
        BList list = d.list("similar");
        if (list != null) {
            for (BValue v : list.items()) {
                if (v instanceof BString s && s.length() == InfoHash.V1_LENGTH) {
                    out.add(InfoHash.v1(s.bytes()));
                }
            }
        }
        return out;
    }

    private static List<String> collections(BDict d) {
        List<String> out = new ArrayList<>();
        BList list = d.list("collections");
        if (list != null) {
            for (BValue v : list.items()) {
                if (v instanceof BString s) {
                    out.add(s.text());
                }
            }
        }
        return out;
    }
}
