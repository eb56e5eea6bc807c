package mim.core.metainfo;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import mim.core.bencode.BDict;
import mim.core.bencode.BList;
import mim.core.bencode.BString;
import mim.core.bencode.BValue;

/**
 * A parsed torrent file (BEP 3): v1, v2-only (BEP 52) or hybrid.
 *
 * <p>Read with {@link #parse(byte[])}, which applies libtorrent's rules, so that a torrent either
 * client accepts looks the same in both: names and paths sanitised, duplicate file names renamed,
 * symlinks confined to the torrent, trackers and web seeds cleaned. Everything a later stage needs
 * is here: the info-hashes over the info dictionary exactly as received (and those bytes, for
 * ut_metadata), the piece geometry as a {@link FileLayout}, the v1 piece hashes, the v2 file roots
 * and piece layers.
 *
 * <p>Immutable and safe to share between threads; byte arrays are copied out.
 */
public final class Metainfo {
    /** A DHT node named by the torrent (BEP 5 {@code nodes}). */
    public record DhtNode(String host, int port) {}

    /** Torrents with more pieces are refused; libtorrent's default limit. */
    public static final int MAX_PIECES = 0x200000;
    /** The largest piece length accepted: 32767 blocks of 16 KiB, libtorrent's limit. */
    public static final long MAX_PIECE_LENGTH = 32767L * 16384;
    /** The largest torrent file read. */
    public static final int MAX_TORRENT_SIZE = 64 << 20;

    private final String name;
    private final InfoHash v1;
    private final InfoHash v2;
    private final FileLayout layout;
    private final boolean multiFile;
    private final byte[] pieces;
    private final byte[][] fileRoots;
    private final Map<Integer, byte[]> pieceLayers;
    private final List<List<String>> trackerTiers;
    private final List<String> webSeeds;
    private final boolean isPrivate;
    private final List<DhtNode> nodes;
    private final Long creationDate;
    private final String createdBy;
    private final String comment;
    private final String source;
    private final String encoding;
    private final byte[] rawInfo;
    private final List<InfoHash> similar;
    private final List<String> collections;

    Metainfo(MetainfoParser.Parts p) {
        this.name = p.name;
        this.v1 = p.v1;
        this.v2 = p.v2;
        this.layout = p.layout;
        this.multiFile = p.multiFile;
        this.pieces = p.pieces;
        this.fileRoots = p.fileRoots;
        this.pieceLayers = Map.copyOf(p.pieceLayers);
        this.trackerTiers = p.trackerTiers;
        this.webSeeds = p.webSeeds;
        this.isPrivate = p.isPrivate;
        this.nodes = p.nodes;
        this.creationDate = p.creationDate;
        this.createdBy = p.createdBy;
        this.comment = p.comment;
        this.source = p.source;
        this.encoding = p.encoding;
        this.rawInfo = p.rawInfo;
        this.similar = p.similar;
        this.collections = p.collections;
    }

    /**
     * Parses a torrent file. Bytes after the top-level dictionary are ignored, as other clients
     * ignore them; they cannot change the info-hash.
     *
     * @throws InvalidTorrentException with a one-line message and the libtorrent category of the
     *     failure
     */
    public static Metainfo parse(byte[] torrentFile) throws InvalidTorrentException {
        return new Metainfo(MetainfoParser.parse(torrentFile));
    }

    /**
     * A torrent from an info dictionary fetched from peers (BEP 9) and what the magnet link said
     * besides: its tracker tiers and web seeds. The info bytes are kept exactly, so the info-hashes
     * are over them; the rules are those of {@link #parse}. Without piece layers, a v2 torrent's
     * files of more than one piece have none ({@link #pieceLayer} returns null) until fetched.
     *
     * @throws InvalidTorrentException as {@link #parse} does, for an info dictionary it would refuse
     */
    public static Metainfo fromInfo(byte[] info, List<List<String>> trackerTiers, List<String> webSeeds)
            throws InvalidTorrentException {
        Metainfo m = parse(torrentFile(info, trackerTiers, webSeeds));
        if (!Arrays.equals(m.rawInfo, info)) {
            // Bytes after the info value would have been read as more keys of the torrent.
            throw new InvalidTorrentException(InvalidTorrentException.Category.INVALID_BENCODING,
                    "the info dictionary is not a single bencoded value");
        }
        return m;
    }

    /**
     * The bytes of the .torrent file {@link #fromInfo} reads: {@code announce-list}, the info bytes
     * exactly as given, and {@code url-list}. Checks nothing; pass info that {@code fromInfo} accepted
     * to save a torrent fetched by magnet link.
     */
    public static byte[] torrentFile(byte[] info, List<List<String>> trackerTiers, List<String> webSeeds) {
        BDict.Builder before = BDict.builder();
        if (!trackerTiers.isEmpty()) {
            before.put("announce-list", new BList(trackerTiers.stream().<BValue>map(Metainfo::strings).toList()));
        }
        BDict.Builder after = BDict.builder();
        if (!webSeeds.isEmpty()) {
            after.put("url-list", strings(webSeeds));
        }
        // Keys sorted as bencoding wants: what sorts before "info", the info bytes as they came, the rest.
        byte[] head = before.build().encode();
        byte[] key = "4:info".getBytes(StandardCharsets.US_ASCII);
        byte[] tail = after.build().encode();
        byte[] torrent = new byte[head.length - 1 + key.length + info.length + tail.length - 1];
        int at = 0;
        System.arraycopy(head, 0, torrent, at, head.length - 1);
        System.arraycopy(key, 0, torrent, at += head.length - 1, key.length);
        System.arraycopy(info, 0, torrent, at += key.length, info.length);
        System.arraycopy(tail, 1, torrent, at + info.length, tail.length - 1);
        return torrent;
    }

    private static BList strings(List<String> texts) {
        return new BList(texts.stream().map(t -> (BValue) BString.of(t)).toList());
    }

    /** The torrent's name, sanitised: the file (single-file) or folder (multi-file) it creates. */
    public String name() {
        return name;
    }

    /** The SHA-1 info-hash, or null for a v2-only torrent. */
    public InfoHash infoHashV1() {
        return v1;
    }

    /** The SHA-256 info-hash, or null for a v1 torrent. */
    public InfoHash infoHashV2() {
        return v2;
    }

    /** The v1 info-hash when there is one, else the v2 one. */
    public InfoHash infoHash() {
        return v1 != null ? v1 : v2;
    }

    /** True when the torrent has a v1 part: piece hashes a v1 client can use. */
    public boolean hasV1() {
        return v1 != null;
    }

    public boolean hasV2() {
        return v2 != null;
    }

    public boolean isHybrid() {
        return v1 != null && v2 != null;
    }

    /** True for a BEP 52 torrent without a v1 part, which a v1-only client cannot download. */
    public boolean isV2Only() {
        return v1 == null;
    }

    public long pieceLength() {
        return layout.pieceLength();
    }

    public int pieceCount() {
        return layout.pieceCount();
    }

    /** The SHA-1 of piece {@code index} (20 bytes). */
    public byte[] pieceHash(int index) {
        if (pieces == null) {
            throw new IllegalStateException("a v2-only torrent has no v1 piece hashes");
        }
        if (index < 0 || index >= pieceCount()) {
            throw new IndexOutOfBoundsException("piece " + index + " of " + pieceCount());
        }
        byte[] h = new byte[20];
        System.arraycopy(pieces, index * 20, h, 0, 20);
        return h;
    }

    /** The files and piece geometry; pad files included. */
    public FileLayout layout() {
        return layout;
    }

    public List<FileEntry> files() {
        return layout.files();
    }

    public long totalLength() {
        return layout.totalLength();
    }

    /** True when the files lie in a folder named after the torrent, false for a single file. */
    public boolean isMultiFile() {
        return multiFile;
    }

    /** The BEP 52 pieces root of file {@code index} (32 bytes), or null (v1, empty, pad, symlink). */
    public byte[] fileRoot(int index) {
        byte[] r = fileRoots[index];
        return r == null ? null : r.clone();
    }

    /** The BEP 52 piece layer of file {@code index}, checked against its root, or null when absent. */
    public byte[] pieceLayer(int index) {
        byte[] l = pieceLayers.get(index);
        return l == null ? null : l.clone();
    }

    /** Tracker tiers (BEP 12), in order, each a list of distinct URLs. */
    public List<List<String>> trackerTiers() {
        return trackerTiers;
    }

    /** All tracker URLs, tier by tier. */
    public List<String> trackers() {
        return trackerTiers.stream().flatMap(List::stream).toList();
    }

    /** Web seed URLs (BEP 19). */
    public List<String> webSeeds() {
        return webSeeds;
    }

    /** BEP 27: peers come from the torrent's trackers only. */
    public boolean isPrivate() {
        return isPrivate;
    }

    public List<DhtNode> nodes() {
        return nodes;
    }

    /** The {@code creation date} as written (normally seconds since 1970), if present. */
    public OptionalLong creationDate() {
        return creationDate == null ? OptionalLong.empty() : OptionalLong.of(creationDate);
    }

    /** The {@code created by} text, or null. */
    public String createdBy() {
        return createdBy;
    }

    /** The comment, or null. */
    public String comment() {
        return comment;
    }

    /** The {@code source} inside info (private trackers use it to make info-hashes unique), or null. */
    public String source() {
        return source;
    }

    /** The {@code encoding} the torrent claims for its texts, or null. */
    public String encoding() {
        return encoding;
    }

    /** The info dictionary exactly as received: what the info-hashes are over, and what ut_metadata sends. */
    public byte[] rawInfo() {
        return rawInfo.clone();
    }

    /** BEP 38 {@code similar}: v1 info-hashes of torrents that share files with this one. */
    public List<InfoHash> similarTorrents() {
        return similar;
    }

    /** BEP 38 {@code collections} this torrent belongs to. */
    public List<String> collections() {
        return collections;
    }

    @Override
    public String toString() {
        return "Metainfo[" + name + ", " + infoHash() + "]";
    }
}
