package mim.cli.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import mim.core.MimException;
import mim.core.Reason;
import mim.core.session.AtomicFiles;
import mim.core.session.TorrentRecord;
import mim.core.spi.Limits;

/**
 * A server's torrents on disk, in its state folder: {@code session.json} holds the session-wide limits
 * set through the API and the session's categories (name and folder), and lists the torrents (id,
 * info-hash, magnet link, output folder, files chosen, paused, when added and completed, totals,
 * limits), and each
 * torrent whose metadata is known has its .torrent file in {@code torrents/<info-hash>.torrent},
 * written once, so that saving the list stays small. Every write is atomic (a temporary file, fsync,
 * rename): a crash leaves the old list or the new one.
 *
 * <p>A {@code session.json} that does not read as one is never dropped: it is renamed to
 * {@code session.json.corrupt-N} and reported, and the server starts without its torrents.
 *
 * <p>Thread safety: {@link #save} and {@link #load} are synchronized; blocking I/O.
 */
public final class SessionStore {
    static final String FILE = "session.json";
    static final int VERSION = 1;
    private static final String TORRENTS = "torrents";

    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private final Path folder;

    public SessionStore(Path folder) {
        this.folder = folder;
    }

    /**
     * What a load found: the session-wide limits, the categories, the torrents to restore, and what the user
     * should hear about.
     */
    public record Loaded(Limits sessionLimits, Map<String, String> categories, List<TorrentRecord> torrents,
                         List<String> warnings) {}

    /**
     * The file as it is written: one object, its version, the session's limits (null for none), its
     * categories (absent from files written before there were any) and its torrents.
     */
    record Stored(int version, StoredLimits sessionLimits, Map<String, String> categories, List<StoredTorrent> torrents) {}

    /** {@link Limits} as the API names them; a file without them has none. */
    record StoredLimits(Long downloadBps, Long uploadBps, Double seedRatio, Long seedTimeSecs) {
        static StoredLimits of(Limits l) {
            return l.equals(Limits.NONE) ? null : new StoredLimits(l.downloadBytesPerSecond(), l.uploadBytesPerSecond(),
                    l.seedRatio(), l.seedTime() == null ? null : l.seedTime().toSeconds());
        }

        /** @throws IllegalArgumentException for values no limit can have */
        static Limits limits(StoredLimits s) {
            return s == null ? Limits.NONE : new Limits(s.downloadBps(), s.uploadBps(), s.seedRatio(),
                    s.seedTimeSecs() == null ? null : Duration.ofSeconds(s.seedTimeSecs()));
        }
    }

    /**
     * One torrent as {@code session.json} holds it; {@code torrentFile} is the name of its .torrent
     * below the state folder, or null while a magnet link's metadata is unknown; {@code labels} is
     * absent from files written before torrents had labels.
     */
    record StoredTorrent(int id, String infoHash, String torrentFile, String magnetLink, String outputFolder,
                        List<Integer> onlyFiles, String onlyFilesRegex, boolean overwrite, boolean paused,
                        String addedAt, String completedAt, long downloadedBytes, long uploadedBytes,
                        StoredLimits limits, List<String> labels) {}

    /**
     * Reads the torrents kept; none when there is no file yet.
     *
     * @throws MimException.Storage if the file cannot be read or a corrupt one cannot be moved aside
     */
    public synchronized Loaded load() throws MimException.Storage {
        Path file = folder.resolve(FILE);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return new Loaded(Limits.NONE, Map.of(), List.of(), List.of());
        } catch (IOException e) {
            throw new MimException.Storage("cannot read " + file + ": " + Reason.of(e), e);
        }
        Stored stored;
        Limits sessionLimits;
        try {
            stored = JSON.readValue(bytes, Stored.class);
            check(stored);
            sessionLimits = StoredLimits.limits(stored.sessionLimits());
        } catch (IOException | IllegalArgumentException | DateTimeParseException e) {
            Path aside = keepAside(file);
            return new Loaded(Limits.NONE, Map.of(), List.of(), List.of(file + " is not a session mim can read (" + problem(e)
                    + "); it is kept as " + aside + " and the server starts without its torrents"));
        }
        List<TorrentRecord> out = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (StoredTorrent t : stored.torrents()) {
            try {
                out.add(record(t));
            } catch (IOException e) {
                warnings.add("torrent " + t.id() + " (" + t.infoHash() + ") is left out: cannot read its "
                        + t.torrentFile() + ": " + Reason.of(e));
            } catch (IllegalArgumentException e) {
                warnings.add("torrent " + t.id() + " (" + t.infoHash() + ") is left out: its limits: " + e.getMessage());
            }
        }
        return new Loaded(sessionLimits, stored.categories() == null ? Map.of() : stored.categories(), out, warnings);
    }

    /**
     * Writes the session's limits, its categories and {@code torrents} as the whole list: new .torrent files
     * first, then the list, then the .torrent files of torrents no longer in it are deleted.
     */
    public synchronized void save(Limits sessionLimits, Map<String, String> categories, List<TorrentRecord> torrents)
            throws MimException.Storage {
        Path dir = folder.resolve(TORRENTS);
        Set<String> kept = new HashSet<>();
        List<StoredTorrent> stored = new ArrayList<>();
        try {
            for (TorrentRecord t : torrents) {
                String name = null;
                byte[] file = t.torrentFile();
                if (file != null) {
                    name = TORRENTS + "/" + t.infoHash() + ".torrent";
                    kept.add(t.infoHash() + ".torrent");
                    Path p = folder.resolve(name);
                    if (!Files.isRegularFile(p) || Files.size(p) != file.length) {
                        AtomicFiles.write(p, file);
                    }
                }
                stored.add(new StoredTorrent(t.id(), t.infoHash(), name, t.magnetLink(), t.folder().toString(),
                        t.selection() == null ? null : t.selection().stream().sorted().toList(), t.selectionRegex(),
                        t.overwrite(), t.paused(), t.addedAt().toString(),
                        t.completedAt() == null ? null : t.completedAt().toString(), t.downloadedBytes(),
                        t.uploadedBytes(), StoredLimits.of(t.limits()), t.labels()));
            }
            AtomicFiles.write(folder.resolve(FILE), JSON.writeValueAsBytes(new Stored(VERSION,
                    StoredLimits.of(sessionLimits), categories, stored)));
            if (Files.isDirectory(dir)) {
                try (Stream<Path> files = Files.list(dir)) {
                    for (Path p : files.filter(p -> !kept.contains(p.getFileName().toString())).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        } catch (IOException e) {
            throw new MimException.Storage("cannot save the server's torrents in " + folder + ": " + Reason.of(e), e);
        }
    }

    private TorrentRecord record(StoredTorrent t) throws IOException {
        byte[] file = t.torrentFile() == null ? null : Files.readAllBytes(folder.resolve(t.torrentFile()));
        return new TorrentRecord(t.id(), t.infoHash(), file, t.magnetLink(), Path.of(t.outputFolder()),
                t.onlyFiles() == null ? null : Set.copyOf(t.onlyFiles()), t.onlyFilesRegex(), t.overwrite(), t.paused(),
                Instant.parse(t.addedAt()), t.completedAt() == null ? null : Instant.parse(t.completedAt()),
                t.downloadedBytes(), t.uploadedBytes(), StoredLimits.limits(t.limits()),
                t.labels() == null ? List.of() : t.labels());
    }

    /** What a readable file must also be: our version, and each torrent whole and named once. */
    private static void check(Stored s) {
        if (s == null || s.version() != VERSION || s.torrents() == null) {
            throw new IllegalArgumentException("not a version " + VERSION + " session");
        }
        if (s.categories() != null && (s.categories().containsKey(null) || s.categories().containsValue(null))) {
            throw new IllegalArgumentException("a category without a name or a folder");
        }
        Set<Integer> ids = new HashSet<>();
        Set<String> hashes = new HashSet<>();
        for (StoredTorrent t : s.torrents()) {
            if (t == null || t.id() < 1 || t.infoHash() == null || !t.infoHash().matches("[0-9a-f]{40}")
                    || t.outputFolder() == null || !Path.of(t.outputFolder()).isAbsolute() || t.addedAt() == null
                    || t.torrentFile() == null && t.magnetLink() == null
                    || t.torrentFile() != null && !t.torrentFile().equals(TORRENTS + "/" + t.infoHash() + ".torrent")
                    || t.labels() != null && t.labels().contains(null)
                    || !ids.add(t.id()) || !hashes.add(t.infoHash())) {
                throw new IllegalArgumentException("torrent entry " + (t == null ? "null" : t.id()) + " is incomplete "
                        + "or repeated");
            }
            Instant.parse(t.addedAt());
            if (t.completedAt() != null) {
                Instant.parse(t.completedAt());
            }
        }
    }

    /** Moves a corrupt file to the first free {@code session.json.corrupt-N}. */
    private static Path keepAside(Path file) throws MimException.Storage {
        for (int n = 1; ; n++) {
            Path aside = file.resolveSibling(file.getFileName() + ".corrupt-" + n);
            if (!Files.exists(aside)) {
                try {
                    Files.move(file, aside);
                    return aside;
                } catch (IOException e) {
                    throw new MimException.Storage("cannot move the unreadable " + file + " aside: " + Reason.of(e), e);
                }
            }
        }
    }

    private static String problem(Exception e) {
        if (e instanceof JsonProcessingException j) {
            String where = j.getLocation() == null ? "" : "line " + j.getLocation().getLineNr() + ", column "
                    + j.getLocation().getColumnNr() + ": ";
            return where + j.getOriginalMessage().replace('\n', ' ');
        }
        return Reason.of(e);
    }
}
