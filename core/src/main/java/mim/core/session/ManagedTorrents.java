package mim.core.session;

import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.regex.Pattern;
import mim.core.MimException;
import mim.core.magnet.MagnetLink;
import mim.core.metainfo.InvalidTorrentException;
import mim.core.metainfo.Metainfo;
import mim.core.spi.AddRequest;
import mim.core.spi.AddResult;
import mim.core.spi.DhtInfo;
import mim.core.spi.FileStream;
import mim.core.spi.Haves;
import mim.core.spi.Limits;
import mim.core.spi.NoSuchTorrentException;
import mim.core.spi.PeerStats;
import mim.core.spi.SessionControl;
import mim.core.spi.SessionEvent;
import mim.core.spi.SessionStats;
import mim.core.spi.Subscription;
import mim.core.spi.TorrentDetails;
import mim.core.spi.TorrentStats;
import mim.core.spi.TorrentSummary;

/**
 * The engine's {@link SessionControl}: the torrents a session runs under ids, each a
 * {@link ManagedTorrent}. {@link Session#control()} hands it out.
 *
 * <p>Work that may block (fetching a URL, reading a large .torrent, waiting for a listed magnet link's
 * metadata, deleting files) runs on two control threads of its own, never on an event loop; the rest
 * is a snapshot read or a {@link ManagedTorrent} operation, which posts its work to the torrent's loop.
 *
 * <p>For a server that keeps its torrents across restarts, {@link #records} says what to keep,
 * {@link #restore} adds one back as it was, and {@link #watch} tells when something worth keeping
 * changed ({@link #categories} too). The session itself keeps nothing but the resume state beside each
 * download.
 *
 * <p>Thread safety: safe for use from any thread.
 */
public final class ManagedTorrents implements SessionControl {
    /** How long a listed magnet link may take to fetch its metadata. */
    static final Duration LIST_ONLY_TIMEOUT = Duration.ofMinutes(5);

    private final Session session;
    private final Path root;
    private final TorrentFetcher fetcher;
    private final ExecutorService pool;
    private final long startedNanos = System.nanoTime();
    private final Map<Integer, ManagedTorrent> byId = new ConcurrentSkipListMap<>();
    private final Map<String, ManagedTorrent> byInfoHash = new ConcurrentHashMap<>();
    private final List<Runnable> watchers = new CopyOnWriteArrayList<>();
    private final EventHub events = new EventHub(byId::values, this::stats);
    /** Guards adding: the next id, and a torrent's entry in both maps. */
    private final Object adding = new Object();
    private int nextId = 1;
    /** {@link #categories}, sorted by name; replaced whole. */
    private volatile Map<String, String> categories = Collections.emptySortedMap();

    ManagedTorrents(Session session, Path root, TorrentFetcher fetcher) {
        this.session = session;
        this.root = root.toAbsolutePath().normalize();
        this.fetcher = fetcher;
        this.pool = Executors.newFixedThreadPool(2, new DefaultThreadFactory("mim-control", true));
    }

    // ---- reading

    @Override
    public List<TorrentSummary> list() {
        List<TorrentSummary> out = new ArrayList<>();
        byId.values().forEach(t -> out.add(t.summary()));
        return out;
    }

    @Override
    public OptionalInt idOf(String infoHashHex) {
        ManagedTorrent t = byInfoHash.get(infoHashHex.toLowerCase(Locale.ROOT));
        return t == null ? OptionalInt.empty() : OptionalInt.of(t.id());
    }

    @Override
    public TorrentDetails details(int id) throws NoSuchTorrentException {
        return find(id).details();
    }

    @Override
    public TorrentStats stats(int id) throws NoSuchTorrentException {
        return find(id).stats();
    }

    @Override
    public SessionStats stats() {
        long downloaded = 0;
        long uploaded = 0;
        long downRate = 0;
        long upRate = 0;
        int peers = 0;
        int torrents = 0;
        for (ManagedTorrent t : byId.values()) {
            TorrentStats s = t.stats();
            torrents++;
            downloaded += s.downloadedBytes();
            uploaded += s.uploadedBytes();
            downRate += s.downloadRate();
            upRate += s.uploadRate();
            peers += s.peers();
        }
        long uptime = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startedNanos);
        return new SessionStats(torrents, downloaded, uploaded, downRate, upRate, peers, uptime);
    }

    @Override
    public CompletableFuture<List<PeerStats>> peers(int id) {
        return withTorrent(id, ManagedTorrent::peers);
    }

    @Override
    public CompletableFuture<Haves> haves(int id) {
        return withTorrent(id, ManagedTorrent::haves);
    }

    @Override
    public Optional<byte[]> metadata(int id) throws NoSuchTorrentException {
        return find(id).metadata();
    }

    // ---- changing

    @Override
    public CompletableFuture<AddResult> add(AddRequest request) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return NewTorrent.read(request, root, fetcher);
            } catch (MimException e) {
                throw new CompletionException(e);
            }
        }, pool).thenCompose(t -> {
            ManagedTorrent existing = byInfoHash.get(t.infoHashHex());
            // A listed torrent file shows the files its request chooses, whether or not the session has it;
            // a listed magnet link of a torrent the session has shows that torrent (a fetch would collide).
            if (t.request().listOnly() && (existing == null || t.metainfo() != null)) {
                return listing(t).thenApply(details -> new AddResult(details, false));
            }
            if (existing != null) {
                return CompletableFuture.completedFuture(new AddResult(existing.details(), false));
            }
            return CompletableFuture.completedFuture(add(t));
        });
    }

    private AddResult add(NewTorrent t) {
        ManagedTorrent added;
        synchronized (adding) {
            ManagedTorrent existing = byInfoHash.get(t.infoHashHex());
            if (existing != null) {
                return new AddResult(existing.details(), false);
            }
            added = new ManagedTorrent(this, session, t.record(nextId++, Instant.now(), t.request().paused()),
                    t.metainfo(), t.link(), t.regex(), t.request().initialPeers());
            byId.put(added.id(), added);
            byInfoHash.put(added.infoHashHex(), added);
        }
        events.added(added);
        added.launch();
        changed();
        return new AddResult(added.details(), true);
    }

    /**
     * What a torrent holds, added nowhere: a magnet link's metadata is fetched (and saved beside the
     * download) for it, for at most {@link #LIST_ONLY_TIMEOUT}; no thread waits meanwhile.
     */
    private CompletableFuture<TorrentDetails> listing(NewTorrent t) {
        if (t.metainfo() != null) {
            return CompletableFuture.completedFuture(listing(t, t.metainfo()));
        }
        MetadataFetch fetch;
        try {
            fetch = session.addMagnet(new MagnetParams(t.link(), t.folder(), x -> null, false,
                    t.request().initialPeers(), true));
        } catch (MimException e) {
            return CompletableFuture.failedFuture(e);
        }
        return fetch.metadata().orTimeout(LIST_ONLY_TIMEOUT.toSeconds(), TimeUnit.SECONDS).handle((m, e) -> {
            if (e == null) {
                return listing(t, m);
            }
            fetch.close();
            Throwable cause = OperationQueue.unwrapped(e);
            throw new CompletionException(cause instanceof TimeoutException
                    ? new MimException.Network(t.infoHashHex() + ": no peer gave the metadata within "
                            + LIST_ONLY_TIMEOUT.toMinutes() + " minutes") : cause);
        });
    }

    private TorrentDetails listing(NewTorrent t, Metainfo m) {
        Set<Integer> chosen = FileSelection.choose(m, t.selection(), t.regex(),
                t.link() == null ? List.of() : t.link().selectedFiles());
        TorrentRecord record = new TorrentRecord(-1, t.infoHashHex(), Metainfo.torrentFile(m.rawInfo(),
                m.trackerTiers(), m.webSeeds()), null, t.folder(), chosen, null, false, false, Instant.now(), null, 0, 0,
                Limits.NONE, t.labels());
        return new ManagedTorrent(this, session, record, m, null, null, List.of()).details();
    }

    @Override
    public CompletableFuture<Void> pause(int id) {
        return withTorrent(id, ManagedTorrent::pause);
    }

    @Override
    public CompletableFuture<Void> start(int id) {
        return withTorrent(id, ManagedTorrent::start);
    }

    @Override
    public CompletableFuture<Void> forget(int id) {
        return withTorrent(id, t -> t.remove(false));
    }

    @Override
    public CompletableFuture<Void> delete(int id) {
        return withTorrent(id, t -> t.remove(true));
    }

    @Override
    public CompletableFuture<Void> selectFiles(int id, Set<Integer> files) {
        Set<Integer> copy = Set.copyOf(files);
        return withTorrent(id, t -> t.select(copy));
    }

    @Override
    public FileStream stream(int id, int fileIndex) throws MimException {
        return find(id).stream(fileIndex);
    }

    // ---- limits and peers

    @Override
    public Limits sessionLimits() {
        return session.limits();
    }

    @Override
    public void setSessionLimits(Limits limits) {
        session.setLimits(Objects.requireNonNull(limits, "limits"));
        changed();
    }

    @Override
    public Limits limits(int id) throws NoSuchTorrentException {
        return find(id).limits();
    }

    @Override
    public CompletableFuture<Void> setLimits(int id, Limits limits) {
        Objects.requireNonNull(limits, "limits");
        return withTorrent(id, t -> t.setLimits(limits));
    }

    @Override
    public CompletableFuture<Void> addPeers(int id, List<InetSocketAddress> peers) {
        List<InetSocketAddress> copy = List.copyOf(peers);
        return withTorrent(id, t -> t.addPeers(copy));
    }

    // ---- labels and re-checking

    @Override
    public CompletableFuture<Void> setLabels(int id, Set<String> labels) {
        try {
            List<String> checked = Labels.checked(labels);
            return withTorrent(id, t -> t.label(checked));
        } catch (MimException.BadInput e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public CompletableFuture<Void> verify(int id) {
        return withTorrent(id, ManagedTorrent::verify);
    }

    @Override
    public String outputFolder() {
        return root.toString();
    }

    // ---- events

    @Override
    public Subscription<SessionEvent> subscribe(int capacity) {
        return events.subscribe(capacity);
    }

    @Override
    public Optional<DhtInfo> dht() {
        return session.peerSources().stream().filter(s -> s instanceof DhtInfo d && d.enabled())
                .map(s -> (DhtInfo) s).findFirst();
    }

    // ---- categories

    @Override
    public Map<String, String> categories() {
        return categories;
    }

    @Override
    public CompletableFuture<Void> setCategories(Map<String, String> categories) {
        try {
            Labels.checked(categories.keySet());
        } catch (MimException.BadInput e) {
            return CompletableFuture.failedFuture(e);
        }
        categories.values().forEach(folder -> Objects.requireNonNull(folder, "a category's folder"));
        this.categories = Collections.unmodifiableSortedMap(new TreeMap<>(categories));
        changed();
        return CompletableFuture.completedFuture(null);
    }

    // ---- keeping torrents across restarts

    /** What to keep of every torrent, to {@link #restore} it later as it is now. */
    public List<TorrentRecord> records() {
        List<TorrentRecord> out = new ArrayList<>();
        byId.values().forEach(t -> out.add(t.record()));
        return out;
    }

    /**
     * Adds a torrent back under its id as the record says, and starts it unless it was paused: its
     * resume state beside the download spares checking what did not change.
     *
     * @throws MimException.BadInput for a record that does not hold a usable torrent, or whose id or
     *     info-hash is taken
     */
    public void restore(TorrentRecord record) throws MimException {
        Metainfo m = null;
        MagnetLink link = record.magnetLink() == null ? null : MagnetLink.parse(record.magnetLink());
        if (record.torrentFile() != null) {
            try {
                m = Metainfo.parse(record.torrentFile());
            } catch (InvalidTorrentException e) {
                throw new MimException.BadInput("torrent " + record.id() + ": not a torrent mim can read: "
                        + e.getMessage(), e);
            }
        }
        Pattern regex = record.selectionRegex() == null ? null : Pattern.compile(record.selectionRegex());
        ManagedTorrent restored = new ManagedTorrent(this, session, record, m, link, regex, List.of());
        if (!restored.infoHashHex().equals(record.infoHash())) {
            throw new MimException.BadInput("torrent " + record.id() + ": its torrent is not " + record.infoHash());
        }
        synchronized (adding) {
            if (byId.containsKey(record.id()) || byInfoHash.containsKey(record.infoHash())) {
                throw new MimException.BadInput("torrent " + record.id() + " (" + record.infoHash() + ") is there twice");
            }
            nextId = Math.max(nextId, record.id() + 1);
            byId.put(record.id(), restored);
            byInfoHash.put(record.infoHash(), restored);
        }
        restored.launch();
    }

    /** Calls {@code onChange} (from any thread, promptly returning) whenever something worth keeping changed. */
    public void watch(Runnable onChange) {
        watchers.add(onChange);
    }

    // ---- for the managed torrents

    void changed() {
        watchers.forEach(Runnable::run);
        events.changed();
    }

    /** {@code t}'s chosen files are complete for the first time. */
    void completed(ManagedTorrent t) {
        events.completed(t);
    }

    void removed(ManagedTorrent t) {
        synchronized (adding) {
            byId.remove(t.id(), t);
            byInfoHash.remove(t.infoHashHex(), t);
        }
        events.removed(t);
        changed();
    }

    /** The control threads, for blocking work of the managed torrents. */
    Executor pool() {
        return pool;
    }

    /** Stops the control threads and closes the event subscriptions; the session has closed every run already. */
    void close() {
        events.close();
        pool.shutdownNow();
    }

    private ManagedTorrent find(int id) throws NoSuchTorrentException {
        ManagedTorrent t = byId.get(id);
        if (t == null) {
            throw new NoSuchTorrentException(id);
        }
        return t;
    }

    private <T> CompletableFuture<T> withTorrent(int id, Function<ManagedTorrent, CompletableFuture<T>> action) {
        try {
            return action.apply(find(id));
        } catch (NoSuchTorrentException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
