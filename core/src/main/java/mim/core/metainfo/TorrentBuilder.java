package mim.core.metainfo;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.LongConsumer;
import mim.core.MimException;
import mim.core.bencode.BDict;
import mim.core.bencode.BList;
import mim.core.bencode.BString;
import mim.core.bencode.BValue;
import mim.core.bencode.BencodeWriter;
import mim.core.hash.FilesPieceSource;
import mim.core.Reason;
import mim.core.hash.Merkle;
import mim.core.hash.PieceHasher;
import mim.core.hash.PieceHashes;

/**
 * Makes a torrent file from a file or a folder on disk: v1, or hybrid v1 + v2 (BEP 52).
 *
 * <p>Which files, in which order, and how symbolic links and hidden files are treated: see
 * {@link SourceFiles}. The same files and options always give the same bytes (canonical bencoding,
 * sorted files); only a creation date, when set, varies between runs.
 *
 * <p>A hybrid torrent puts a pad file (BEP 47: attribute "p", path {@code .pad/<size>}) after every
 * file that does not end on a piece boundary, except the last, so that each file's v1 pieces are its
 * v2 pieces. Its {@code piece layers} hold the layer of every file larger than one piece.
 *
 * <p>Set the options, then call {@link #build}. Not thread-safe; {@link #build} hashes on its own
 * threads and may be called again.
 */
public final class TorrentBuilder {
    public static final long MIN_PIECE_LENGTH = 16 * 1024;
    public static final long MAX_PIECE_LENGTH = 64L * 1024 * 1024;
    /** The default piece length keeps the piece count at or under this, as the common tools do. */
    static final long TARGET_PIECES = 2000;

    private final Path path;
    private String name;
    private Long pieceLength;
    private boolean isPrivate;
    private String comment;
    private String source;
    private List<String> webSeeds = List.of();
    private String createdBy;
    private Long creationDate;
    private List<List<String>> trackerTiers = List.of();
    private boolean includeHidden;
    private boolean hybrid;
    private int threads = Runtime.getRuntime().availableProcessors();

    /** The result: the torrent file's bytes and what a user is told about it. */
    public record Torrent(byte[] bytes, String name, InfoHash v1, InfoHash v2, long totalLength,
            int pieceCount, long pieceLength, int fileCount, List<String> trackers) {}

    private TorrentBuilder(Path path) {
        this.path = Objects.requireNonNull(path);
    }

    /** A builder for the file or folder at {@code path}. */
    public static TorrentBuilder of(Path path) {
        return new TorrentBuilder(path);
    }

    /** The torrent's name; the file or folder's own name by default. */
    public TorrentBuilder name(String value) {
        this.name = value;
        return this;
    }

    /**
     * @throws IllegalArgumentException unless a power of two from 16 KiB to 64 MiB
     */
    public TorrentBuilder pieceLength(long value) {
        if (!validPieceLength(value)) {
            throw new IllegalArgumentException("the piece length must be a power of two from 16 KiB to 64 MiB");
        }
        this.pieceLength = value;
        return this;
    }

    public TorrentBuilder isPrivate(boolean value) {
        this.isPrivate = value;
        return this;
    }

    public TorrentBuilder comment(String value) {
        this.comment = value;
        return this;
    }

    /** The {@code source} key of the info dictionary, which private trackers use to tell torrents apart. */
    public TorrentBuilder source(String value) {
        this.source = value;
        return this;
    }

    public TorrentBuilder webSeeds(List<String> urls) {
        this.webSeeds = List.copyOf(urls);
        return this;
    }

    public TorrentBuilder createdBy(String value) {
        this.createdBy = value;
        return this;
    }

    /** Seconds since the epoch, or null for none. */
    public TorrentBuilder creationDate(Long epochSeconds) {
        this.creationDate = epochSeconds;
        return this;
    }

    /** Tracker tiers (BEP 12), in order; the first URL is also the {@code announce} key. */
    public TorrentBuilder trackerTiers(List<List<String>> tiers) {
        List<List<String>> copy = new ArrayList<>();
        for (List<String> tier : tiers) {
            if (!tier.isEmpty()) {
                copy.add(List.copyOf(tier));
            }
        }
        this.trackerTiers = List.copyOf(copy);
        return this;
    }

    public TorrentBuilder includeHidden(boolean value) {
        this.includeHidden = value;
        return this;
    }

    public TorrentBuilder hybrid(boolean value) {
        this.hybrid = value;
        return this;
    }

    /** How many threads hash; the number of cores by default. */
    public TorrentBuilder threads(int value) {
        if (value < 1) {
            throw new IllegalArgumentException("threads must be at least 1");
        }
        this.threads = value;
        return this;
    }

    public static boolean validPieceLength(long value) {
        return value >= MIN_PIECE_LENGTH && value <= MAX_PIECE_LENGTH && Long.bitCount(value) == 1;
    }

    /** The smallest power of two from 16 KiB to 64 MiB that cuts {@code total} bytes into at most ~2000 pieces. */
    public static long defaultPieceLength(long total) {
        long length = MIN_PIECE_LENGTH;
        while (length < MAX_PIECE_LENGTH && total / length > TARGET_PIECES) {
            length <<= 1;
        }
        return length;
    }

    /**
     * Finds the files, hashes them and returns the torrent.
     *
     * @param progress told of bytes hashed, from the hashing threads
     * @throws MimException.BadInput if the path is missing or holds no files, or all of them are empty
     * @throws MimException.Storage if a file cannot be read or changes while it is read
     */
    public Torrent build(LongConsumer progress) throws MimException, InterruptedException {
        SourceFiles files = SourceFiles.scan(path, includeHidden);
        long total = files.totalLength();
        if (total == 0) {
            throw new MimException.BadInput(path + ": nothing to share, every file is empty");
        }
        long piece = pieceLength != null ? pieceLength : defaultPieceLength(total);
        String torrentName = name != null ? name : files.name();

        List<FileEntry> entries = new ArrayList<>();
        List<Path> paths = new ArrayList<>();
        layOut(files, piece, entries, paths);
        FileLayout layout = new FileLayout(piece, entries);
        PieceHashes hashes = hash(layout, paths, progress);

        BDict info = info(files, torrentName, layout, hashes);
        byte[] infoBytes = BencodeWriter.encode(info);
        BDict.Builder top = BDict.builder();
        List<String> trackers = new ArrayList<>();
        trackerTiers.forEach(trackers::addAll);
        if (!trackers.isEmpty()) {
            top.put("announce", trackers.get(0));
            if (trackers.size() > 1) {
                top.put("announce-list", strings2(trackerTiers));
            }
        }
        if (comment != null) {
            top.put("comment", comment);
        }
        if (createdBy != null) {
            top.put("created by", createdBy);
        }
        if (creationDate != null) {
            top.put("creation date", creationDate);
        }
        top.put("info", info);
        if (hybrid) {
            BDict layers = pieceLayers(layout, hashes);
            if (layers.size() > 0) {
                top.put("piece layers", layers);
            }
        }
        if (!webSeeds.isEmpty()) {
            top.put("url-list", strings(webSeeds));
        }
        return new Torrent(BencodeWriter.encode(top.build()), torrentName, InfoHash.v1Of(infoBytes),
                hybrid ? InfoHash.v2Of(infoBytes) : null, total, layout.pieceCount(), piece,
                files.items().size(), List.copyOf(trackers));
    }

    /** The v1 layout, with pad files when hybrid; {@code paths} gets each entry's file on disk. */
    private void layOut(SourceFiles files, long piece, List<FileEntry> entries, List<Path> paths) {
        long offset = 0;
        List<SourceFiles.Item> items = files.items();
        for (int i = 0; i < items.size(); i++) {
            SourceFiles.Item item = items.get(i);
            entries.add(FileEntry.of(item.path(), item.length(), offset));
            paths.add(item.file());
            offset += item.length();
            long pad = (piece - offset % piece) % piece;
            if (hybrid && pad > 0 && item.length() > 0 && i < items.size() - 1) {
                entries.add(new FileEntry(List.of(".pad", Long.toString(pad)), pad, offset, true, false, false, null));
                paths.add(null);
                offset += pad;
            }
        }
    }

    private PieceHashes hash(FileLayout layout, List<Path> paths, LongConsumer progress)
            throws MimException, InterruptedException {
        PieceHashes hashes;
        try {
            hashes = new PieceHasher(layout, threads, hybrid).hash(new FilesPieceSource(layout, paths), progress);
        } catch (java.nio.file.FileSystemException e) {
            throw new MimException.Storage(e.getFile() + ": " + Reason.of(e), e);
        } catch (IOException e) {
            throw new MimException.Storage(path + ": " + Reason.of(e), e);
        }
        int bad = hashes.unavailable().nextSetBit(0);
        if (bad >= 0) {
            FileLayout.Span span = layout.pieceSpans(bad).stream()
                    .filter(s -> !layout.files().get(s.fileIndex()).pad()).findFirst().orElseThrow();
            throw new MimException.Storage(paths.get(span.fileIndex()) + ": changed or vanished while it was read", null);
        }
        return hashes;
    }

    private BDict info(SourceFiles files, String torrentName, FileLayout layout, PieceHashes hashes) {
        BDict.Builder info = BDict.builder();
        if (files.single()) {
            info.put("length", layout.totalLength());
        } else {
            List<BValue> list = new ArrayList<>();
            for (FileEntry f : layout.files()) {
                BDict.Builder d = BDict.builder().put("length", f.length()).put("path", strings(f.path()));
                if (f.pad()) {
                    d.put("attr", "p");
                }
                list.add(d.build());
            }
            info.put("files", new BList(list));
        }
        if (hybrid) {
            info.put("file tree", FileTrees.of(files.single(), torrentName, layout, hashes));
            info.put("meta version", 2);
        }
        info.put("name", torrentName);
        info.put("piece length", layout.pieceLength());
        info.put("pieces", hashes.concatenatedSha1());
        if (isPrivate) {
            info.put("private", 1);
        }
        if (source != null) {
            info.put("source", source);
        }
        return info.build();
    }

    private static BDict pieceLayers(FileLayout layout, PieceHashes hashes) {
        BDict.Builder layers = BDict.builder();
        for (int i = 0; i < layout.files().size(); i++) {
            FileEntry f = layout.files().get(i);
            if (!f.pad() && f.length() > layout.pieceLength()) {
                FileTrees.Root root = FileTrees.root(layout, hashes, i);
                layers.put(BString.of(root.hash()), BString.of(root.layer()));
            }
        }
        return layers.build();
    }

    static BList strings(List<String> values) {
        List<BValue> list = new ArrayList<>(values.size());
        values.forEach(v -> list.add(BString.of(v)));
        return new BList(list);
    }

    private static BList strings2(List<List<String>> values) {
        List<BValue> list = new ArrayList<>(values.size());
        values.forEach(v -> list.add(strings(v)));
        return new BList(list);
    }
}
