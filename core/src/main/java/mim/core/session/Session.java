package mim.core.session;

import io.netty.util.concurrent.DefaultThreadFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import mim.core.MimException;
import mim.core.Reason;
import mim.core.magnet.MagnetLink;
import mim.core.metadata.MetadataAssembler;
import mim.core.metainfo.InfoHash;
import mim.core.spi.Limits;
import mim.core.spi.PeerSource;
import mim.core.spi.StorageBackend;
import mim.core.spi.TrackerClient;
import mim.core.spi.WireExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import mim.core.tracker.TrackerPeerSource;
import mim.core.wire.TorrentBinding;
import mim.core.wire.WireConfig;

/**
 * The download engine of one process: the network threads, the storage and hashing pools, the
 * listening socket, and the torrents. Assemble one with {@link #builder()}.
 *
 * <p>The listener accepts peers for every active torrent, routed by the info-hash of their
 * handshake. Outgoing connections run on their torrent's own event loop; incoming ones on whatever
 * loop accepted them, and hand their events to the torrent's loop.
 *
 * <p>Magnet links ({@link #addMagnet}) first fetch their metadata in a {@link MetadataFetch}, whose
 * connections the listener finds by info-hash like a torrent's, then become torrents.
 *
 * <p>Trackers: given tracker clients ({@link Builder#trackers}), the session puts a
 * {@link TrackerPeerSource} over them first among its peer sources, its timers on one daemon thread
 * of the session's. Encryption follows {@link WireConfig#encryption} both ways; the listener finds
 * the torrent of an encrypted handshake among the active ones.
 *
 * <p>Wire extensions ({@link Builder#wireExtensions}, such as peer exchange) run for each torrent
 * that allows them, and for each magnet link while its metadata is fetched, over the peers'
 * extension protocol; see {@link WireExtensions}.
 *
 * <p>User interfaces drive the session through {@link #control()}: torrents added there are kept
 * under ids, paused, started and removed ({@link ManagedTorrents}); {@link #add} and
 * {@link #addMagnet} run a torrent for as long as the session, as {@code mim download} does.
 *
 * <p>Thread safety: {@link #add}, {@link #addMagnet}, {@link #control} and {@link #close} may be
 * called from any thread. Ownership: the session owns its threads, pools, sockets and torrents, but not the tracker
 * clients; {@link #close} stops the metadata fetches, then the torrents (saving their resume state, telling the peer sources),
 * waits up to {@value #STOPPED_WAIT_SECONDS} s for the trackers' {@code stopped} announces, then
 * releases everything, within {@link SessionConfig#closeTimeout} plus a few seconds for the threads.
 * Close the tracker clients after the session.
 */
public final class Session implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Session.class);
    /** How long {@link #close} waits for the trackers to hear we stopped, answered or not. */
    static final int STOPPED_WAIT_SECONDS = 5;

    private final SessionConfig config;
    private final String clientName;
    private final StorageBackend storageBackend;
    private final List<PeerSource> peerSources;
    private final List<WireExtension> wireExtensions;
    /** Null without tracker clients; then so is the scheduler. */
    private final TrackerPeerSource trackers;
    private final ScheduledExecutorService trackerTimers;
    private final ExecutorService storagePool;
    private final ExecutorService hashPool;
    private final PieceCache pieceCache;
    private final Map<String, Torrent> torrents = new ConcurrentHashMap<>();
    /** Magnet links whose metadata is being fetched, by v1 info-hash. */
    private final Map<String, MetadataFetch> fetches = new ConcurrentHashMap<>();
    private final long metadataRequestTimeoutNanos;
    private final int quietBeforeReviveSeconds;
    private final RateLimit downloadLimit;
    private final RateLimit uploadLimit;
    private volatile SeedLimits seedLimits;
    private final Consumer<Torrent> onFinished;
    private final AtomicInteger peerSlots = new AtomicInteger();
    private final PeerNetwork network;
    private final ManagedTorrents control;
    private final AtomicBoolean closing = new AtomicBoolean();

    private Session(Builder b) throws MimException.Network {
        this.config = b.config;
        this.clientName = b.clientName;
        this.metadataRequestTimeoutNanos = b.metadataRequestTimeout.toNanos();
        this.quietBeforeReviveSeconds = (int) Math.max(1, b.quietBeforeRevive.toSeconds());
        this.downloadLimit = new RateLimit(b.downloadLimit, System::nanoTime);
        this.uploadLimit = new RateLimit(b.uploadLimit, System::nanoTime);
        this.seedLimits = b.seedLimits;
        this.onFinished = b.onFinished;
        this.storageBackend = b.storage;
        List<PeerSource> sources = new ArrayList<>();
        if (b.trackerClients.isEmpty()) {
            this.trackerTimers = null;
            this.trackers = null;
        } else {
            this.trackerTimers = Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("mim-tracker", true));
            this.trackers = new TrackerPeerSource(b.trackerClients, trackerTimers, b.trackerRefreshInterval);
            sources.add(trackers);
        }
        sources.addAll(b.peerSources);
        this.peerSources = List.copyOf(sources);
        this.wireExtensions = WireExtensions.usable(b.wireExtensions);
        this.storagePool = Executors.newFixedThreadPool(config.storageThreads(), new DefaultThreadFactory("mim-storage", true));
        this.hashPool = Executors.newFixedThreadPool(config.hashThreads(), new DefaultThreadFactory("mim-hash", true));
        this.pieceCache = new PieceCache(config.readCache(), storagePool);
        try {
            this.network = new PeerNetwork(config.wire(), config.listenAddress(), b.networkThreads, this::route,
                    this::served);
        } catch (MimException.Network e) {
            shutDownThreads();
            throw e;
        }
        this.control = new ManagedTorrents(this, b.outputFolder, b.torrentFetcher);
    }

    /** Seconds a downloading torrent goes without receiving anything before looking again; see {@link Builder#quietBeforeRevive}. */
    int quietBeforeReviveSeconds() {
        return quietBeforeReviveSeconds;
    }

    /** The session-wide bucket every peer's received blocks take from. */
    RateLimit downloadLimit() {
        return downloadLimit;
    }

    /** The session-wide bucket every peer's sent blocks take from. */
    RateLimit uploadLimit() {
        return uploadLimit;
    }

    /** When torrents without seed limits of their own stop seeding. */
    SeedLimits seedLimits() {
        return seedLimits;
    }

    /** The session-wide limits now. */
    Limits limits() {
        SeedLimits seed = seedLimits;
        return new Limits(rate(downloadLimit), rate(uploadLimit), seed.ratio(), seed.time());
    }

    /** Replaces the session-wide limits; every peer follows within a tenth of a second, every torrent at its next tick. */
    void setLimits(Limits limits) {
        downloadLimit.setRate(orZero(limits.downloadBytesPerSecond()));
        uploadLimit.setRate(orZero(limits.uploadBytesPerSecond()));
        seedLimits = new SeedLimits(limits.seedRatio(), limits.seedTime());
    }

    /** A bucket's own rate as {@link Limits} says it: null for none. */
    static Long rate(RateLimit limit) {
        long r = limit.bytesPerSecond();
        return r == 0 ? null : r;
    }

    static long orZero(Long rate) {
        return rate == null ? 0 : rate;
    }

    /**
     * The delay for a once-a-second timer to start, between one and two seconds from now, on a whole
     * second of {@link System#nanoTime}: timers started so tick together, and a loop with a thousand
     * idle torrents wakes once a second rather than a thousand times (those wake-ups were most of an
     * idle server's CPU).
     */
    static long firstTickDelayNanos() {
        long second = TimeUnit.SECONDS.toNanos(1);
        return 2 * second - Math.floorMod(System.nanoTime(), second);
    }

    /** Tells the builder's listener, on the torrent's loop, that a torrent finished downloading. */
    void finished(Torrent torrent) {
        try {
            onFinished.accept(torrent);
        } catch (RuntimeException e) {
            log.warn("{}: the listener for finished downloads failed: {}", torrent.metainfo().name(), Reason.of(e));
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public SessionConfig config() {
        return config;
    }

    /** The port we accept peers on. */
    public int listenPort() {
        return network.listenPort();
    }

    /**
     * Starts a torrent: it checks what is on disk, then downloads or seeds.
     *
     * @throws MimException.BadInput for a v2-only torrent, or one already in the session
     */
    public Torrent add(TorrentParams params) throws MimException {
        if (closing.get()) {
            throw new MimException(params.metainfo().name() + ": the session is closing");
        }
        if (params.metainfo().isV2Only()) {
            throw new MimException.BadInput(params.metainfo().name() + ": a v2-only torrent, which mim cannot download yet");
        }
        String key = key(params.metainfo().infoHash());
        Torrent torrent = new Torrent(this, params, network.nextLoop());
        if (torrents.putIfAbsent(key, torrent) != null) {
            throw new MimException.BadInput(params.metainfo().name() + ": this torrent is already being downloaded");
        }
        torrent.start();
        return torrent;
    }

    /**
     * Downloads a magnet link: fetches its metadata from peers (BEP 9), or reads it from the .torrent
     * an earlier fetch saved in the output folder, then starts the torrent. See {@link MetadataFetch}.
     *
     * @throws MimException.BadInput for a link without a v1 info-hash, or one already in the session
     */
    public MetadataFetch addMagnet(MagnetParams params) throws MimException {
        MagnetLink link = params.link();
        InfoHash v1 = link.infoHashV1().orElseThrow(() -> new MimException.BadInput(link.infoHashV2().map(InfoHash::hex)
                .orElse("magnet link") + ": a v2-only magnet link (btmh without btih), which mim cannot download yet"));
        if (closing.get()) {
            throw new MimException(v1.hex() + ": the session is closing");
        }
        String key = key(v1);
        MetadataFetch fetch = new MetadataFetch(this, params, v1, network.nextLoop(), metadataRequestTimeoutNanos);
        if (torrents.containsKey(key) || fetches.putIfAbsent(key, fetch) != null) {
            throw new MimException.BadInput(v1.hex() + ": this torrent is already being downloaded");
        }
        fetch.start();
        return fetch;
    }

    public List<Torrent> torrentList() {
        return List.copyOf(torrents.values());
    }

    /** The control surface user interfaces drive the session through. */
    public ManagedTorrents control() {
        return control;
    }

    /**
     * Stops every torrent (bounded by the close timeout), then releases the threads and the socket.
     * Only the first call does anything; later ones (a shutdown hook after a normal exit) return at once.
     */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        List<CompletableFuture<Void>> closing = new ArrayList<>();
        // Fetches first: one that is handing over must not start a torrent the loop below misses.
        fetches.values().forEach(f -> closing.add(f.close()));
        awaitAll(closing);
        closing.clear();
        torrents.values().forEach(t -> closing.add(t.close()));
        awaitAll(closing);
        awaitStoppedAnnounces();
        network.close();
        shutDownThreads();
        pieceCache.clear();
        control.close();
    }

    private void awaitAll(List<CompletableFuture<Void>> closing) {
        try {
            CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new))
                    .get(config.closeTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
            // Whatever has not saved by now is lost to the resume state; the data is checked next time.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Waits, boundedly, for the {@code stopped} announces the closed torrents asked for. Each lookup
     * sends them from a task on the tracker thread, queued when its torrent stopped; two no-op tasks
     * queued one after the other on that one thread run after every such task (a lookup whose tasks
     * were running when the first was queued requeues itself before it), so by then every stop is
     * in {@link TrackerPeerSource#pendingStops()}.
     */
    private void awaitStoppedAnnounces() {
        if (trackers == null) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STOPPED_WAIT_SECONDS);
        try {
            for (int i = 0; i < 2; i++) {
                trackerTimers.submit(() -> { }).get(STOPPED_WAIT_SECONDS, TimeUnit.SECONDS);
            }
            trackers.pendingStops().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
            // A tracker that has not answered by now will time our session out on its own.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void shutDownThreads() {
        if (trackerTimers != null) {
            trackerTimers.shutdownNow();
        }
        storagePool.shutdown();
        hashPool.shutdown();
        try {
            storagePool.awaitTermination(2, TimeUnit.SECONDS);
            hashPool.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- for the torrents

    /** Our client's name and version, as the extension handshake's {@code v} says it. */
    String clientName() {
        return clientName;
    }

    StorageBackend storageBackend() {
        return storageBackend;
    }

    List<PeerSource> peerSources() {
        return peerSources;
    }

    /**
     * The wire extensions every torrent (those its privacy allows) and every metadata fetch runs, in the
     * order of their ids.
     */
    List<WireExtension> wireExtensions() {
        return wireExtensions;
    }

    ExecutorService storagePool() {
        return storagePool;
    }

    ExecutorService hashPool() {
        return hashPool;
    }

    /** Verified pieces kept for the peers asking for them, shared by every torrent. */
    PieceCache pieceCache() {
        return pieceCache;
    }

    boolean reservePeerSlot() {
        while (true) {
            int n = peerSlots.get();
            if (n >= config.peersPerSession()) {
                return false;
            }
            if (peerSlots.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    void releasePeerSlot() {
        peerSlots.decrementAndGet();
    }

    /** The sockets: where we listen, and how torrents and fetches dial peers. */
    PeerNetwork network() {
        return network;
    }

    /** A torrent closed for good (paused or removed): its info-hash is free for another run. */
    void forget(Torrent torrent) {
        torrents.remove(key(torrent.infoHash()), torrent);
    }

    /** A fetch is over, one way or another: its info-hash is no longer looked up. */
    void fetchDone(MetadataFetch fetch) {
        fetches.remove(key(fetch.infoHash()), fetch);
    }

    /** The listener's routing: a peer asks for an info-hash; the torrent, if active, gets a new peer. */
    private Optional<TorrentBinding> route(InfoHash asked) {
        Torrent t = torrents.get(key(asked));
        if (t == null) {
            MetadataFetch f = fetches.get(key(asked));
            if (f == null || !f.isFetching() || !reservePeerSlot()) {
                return Optional.empty();
            }
            return Optional.of(TorrentBinding.withoutLayout(f.infoHash(), new FetchPeer(f, null, false)));
        }
        if (!t.acceptsPeers() || !reservePeerSlot()) {
            return Optional.empty();
        }
        return Optional.of(new TorrentBinding(t.infoHash(), t.metainfo().layout(), new Peer(t, null, false)));
    }

    /** The info-hashes an encrypted handshake may name: a snapshot of the active torrents. */
    private List<InfoHash> served() {
        List<InfoHash> out = new ArrayList<>();
        for (Torrent t : torrents.values()) {
            if (t.acceptsPeers()) {
                out.add(t.infoHash());
            }
        }
        for (MetadataFetch f : fetches.values()) {
            if (f.isFetching()) {
                out.add(f.infoHash());
            }
        }
        return out;
    }

    private static String key(InfoHash h) {
        return HexFormat.of().formatHex(h.truncated());
    }

    /** Assembles a session. Not thread safe; build once. */
    public static final class Builder {
        private SessionConfig config;
        private int networkThreads = Runtime.getRuntime().availableProcessors();
        private StorageBackend storage;
        private List<PeerSource> peerSources = List.of();
        private List<TrackerClient> trackerClients = List.of();
        private List<WireExtension> wireExtensions = List.of();
        private Duration trackerRefreshInterval;
        private String clientName = "mim";
        private Duration metadataRequestTimeout = Duration.ofNanos(MetadataAssembler.DEFAULT_REQUEST_TIMEOUT_NANOS);
        private Duration quietBeforeRevive = Duration.ofSeconds(30);
        private long downloadLimit;
        private long uploadLimit;
        private SeedLimits seedLimits = SeedLimits.NONE;
        private Consumer<Torrent> onFinished = t -> { };
        private Path outputFolder = Path.of(".");
        private TorrentFetcher torrentFetcher = TorrentFetcher.NONE;

        public Builder config(SessionConfig value) {
            this.config = value;
            return this;
        }

        /** Threads of the event loop group ({@code -t}; 1 for {@code -s}). */
        public Builder networkThreads(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("network threads must be positive");
            }
            this.networkThreads = value;
            return this;
        }

        public Builder storage(StorageBackend value) {
            this.storage = value;
            return this;
        }

        public Builder peerSources(List<PeerSource> value) {
            this.peerSources = List.copyOf(value);
            return this;
        }

        /**
         * Extensions to run over the extension protocol (BEP 10) for every torrent their privacy
         * rules allow, and for every magnet link while its metadata is fetched (a link is never
         * private), announced under ids 2, 3, ... in this order. A second one of a name, or one
         * named ut_metadata, is left out with a warning.
         */
        public Builder wireExtensions(List<WireExtension> value) {
            this.wireExtensions = List.copyOf(value);
            return this;
        }

        /**
         * Announces each torrent to its own trackers through these clients (the session does not
         * close them), every {@code refreshInterval} instead of the trackers' interval when it is
         * not null ({@code -i}).
         */
        public Builder trackers(List<TrackerClient> clients, Duration refreshInterval) {
            if (refreshInterval != null && (refreshInterval.isNegative() || refreshInterval.isZero())) {
                throw new IllegalArgumentException("tracker refresh interval must be positive");
            }
            this.trackerClients = List.copyOf(clients);
            this.trackerRefreshInterval = refreshInterval;
            return this;
        }

        /** Our client's name for peers, such as {@code mim 0.1.0} (default: {@code mim}). */
        public Builder clientName(String value) {
            this.clientName = Objects.requireNonNull(value, "clientName");
            return this;
        }

        /** How long a peer has to answer a metadata request before it is dropped (default 20 s). */
        public Builder metadataRequestTimeout(Duration value) {
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("metadata request timeout must be positive");
            }
            this.metadataRequestTimeout = value;
            return this;
        }

        /**
         * How long a downloading torrent goes without receiving anything before it asks its sources
         * again and redials the addresses that worked (default 30 s, whole seconds); then twice as
         * long each time, up to ten times this.
         */
        public Builder quietBeforeRevive(Duration value) {
            if (value.toSeconds() < 1) {
                throw new IllegalArgumentException("at least a second alone before looking again");
            }
            this.quietBeforeRevive = value;
            return this;
        }

        /** At most this many payload bytes a second received, by all torrents together; 0 (the default) for no limit. */
        public Builder downloadLimit(long bytesPerSecond) {
            this.downloadLimit = nonNegative(bytesPerSecond);
            return this;
        }

        /** At most this many payload bytes a second sent, by all torrents together; 0 (the default) for no limit. */
        public Builder uploadLimit(long bytesPerSecond) {
            this.uploadLimit = nonNegative(bytesPerSecond);
            return this;
        }

        /** When torrents stop seeding (default: never). */
        public Builder seedLimits(SeedLimits value) {
            this.seedLimits = Objects.requireNonNull(value, "seedLimits");
            return this;
        }

        /**
         * Told, on the torrent's loop, each time a torrent finishes its download in this session (not
         * when it is found complete at start). Must return quickly.
         */
        public Builder onFinished(Consumer<Torrent> listener) {
            this.onFinished = Objects.requireNonNull(listener, "onFinished");
            return this;
        }

        private static long nonNegative(long bytesPerSecond) {
            if (bytesPerSecond < 0) {
                throw new IllegalArgumentException("a rate limit cannot be negative");
            }
            return bytesPerSecond;
        }

        /**
         * The folder torrents added through {@link #control()} go in, and which their own folders must
         * lie inside (default: the current folder).
         */
        public Builder outputFolder(Path value) {
            this.outputFolder = Objects.requireNonNull(value, "outputFolder");
            return this;
        }

        /** How {@link #control()} fetches the torrent an http(s) URL names (default: it refuses URLs). */
        public Builder torrentFetcher(TorrentFetcher value) {
            this.torrentFetcher = Objects.requireNonNull(value, "torrentFetcher");
            return this;
        }

        /** @throws MimException.Network if the listening address cannot be bound */
        public Session build() throws MimException.Network {
            Objects.requireNonNull(config, "config");
            Objects.requireNonNull(storage, "storage");
            return new Session(this);
        }
    }
}
