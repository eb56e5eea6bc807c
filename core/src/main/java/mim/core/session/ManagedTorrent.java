package mim.core.session;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import mim.core.MimException;
import mim.core.Reason;
import mim.core.magnet.MagnetLink;
import mim.core.metainfo.FileEntry;
import mim.core.metainfo.InfoHash;
import mim.core.metainfo.Metainfo;
import mim.core.spi.Haves;
import mim.core.spi.Limits;
import mim.core.spi.NoSuchTorrentException;
import mim.core.spi.PeerStats;
import mim.core.spi.TorrentDetails;
import mim.core.spi.TorrentStats;
import mim.core.spi.TorrentSummary;

/**
 * One torrent under the control of {@link ManagedTorrents}: what it was added with, what its runs
 * have done, and its run now, if any. A run is a {@link Torrent}, or first a {@link MetadataFetch}
 * for a magnet link whose metadata is not known yet; a paused torrent has none.
 *
 * <p>States: <b>fetching</b> (a fetch runs) -> <b>running</b> (a torrent runs: checking, downloading,
 * seeding, or stopped by an error) <-> <b>paused</b> (nothing runs; {@link #pause} closed the run,
 * which saved its resume state and told its trackers); a failed run stays until {@link #start}
 * launches another. {@link #remove} ends any state in <b>removed</b>. Choosing other files restarts a
 * running torrent with the new choice (its resume state keeps what was verified).
 *
 * <p>Its own {@link Limits} and the peers a user named outlive its runs: each run is handed them as it
 * starts, and a change reaches the run there is at once.
 *
 * <p>Threading: the fields under the lock are guarded by this object; it is held only briefly and
 * never while calling into the engine, save to hand a run its limits (which takes only the locks of
 * its rate buckets, never held while taking another). The operations ({@link #start}, {@link #pause},
 * {@link #select}, {@link #remove}) run one after another, each starting once the previous one's
 * future completed, so two never interleave; none blocks: each posts work and completes its future
 * on whatever thread finished that work (a torrent's loop, a pool).
 */
final class ManagedTorrent {
    private static final int MAX_ADDED_PEERS = 200;

    private final ManagedTorrents owner;
    private final Session session;
    private final int id;
    private final InfoHash infoHash;
    private final MagnetLink link;
    private final Path folder;
    private final boolean overwrite;
    private final List<InetSocketAddress> initialPeers;
    private final Instant addedAt;
    private final OperationQueue operations = new OperationQueue();

    // ---- guarded by this
    private Metainfo metainfo;
    private byte[] torrentFile;
    private final FileChoice choice;
    private boolean paused;
    private boolean removed;
    private Torrent run;
    private MetadataFetch fetch;
    /** Why the last launch or fetch failed; null if it did not. */
    private String failure;
    /** The status and pieces of the last run that ended; null before one did. */
    private TorrentStatus lastStatus;
    private Haves lastHaves;
    /** Payload moved by the runs that ended (and, for a restored torrent, by earlier processes). */
    private long downloadedBefore;
    private long uploadedBefore;
    /** Runs being closed: their payload counts until {@link #end} adds it to the totals before. */
    private final List<Torrent> ending = new ArrayList<>();
    private Instant completedAt;
    private Limits limits;
    /** Peers a user named ({@link #addPeers}), dialled by every later run too; the latest {@value #MAX_ADDED_PEERS}. */
    private final Set<InetSocketAddress> addedPeers = new LinkedHashSet<>();
    private List<String> labels;
    /** Whether the next run of the torrent hashes all its data again ({@link #verify} while paused). */
    private boolean recheck;

    /**
     * @param record what to start from (a new torrent's record has no totals)
     * @param metainfo the torrent, or null for a magnet link whose metadata is not known
     * @param link the magnet link, or null for a torrent added from its file
     * @param regex {@link TorrentRecord#selectionRegex} compiled, or null
     */
    ManagedTorrent(ManagedTorrents owner, Session session, TorrentRecord record, Metainfo metainfo, MagnetLink link,
                   Pattern regex, List<InetSocketAddress> initialPeers) {
        this.owner = owner;
        this.session = session;
        this.id = record.id();
        this.infoHash = metainfo != null ? metainfo.infoHash() : link.infoHashV1().orElseThrow();
        this.link = link;
        this.folder = record.folder();
        this.overwrite = record.overwrite();
        this.initialPeers = List.copyOf(initialPeers);
        this.addedAt = record.addedAt();
        this.metainfo = metainfo;
        this.torrentFile = record.torrentFile();
        this.choice = new FileChoice(record.selection(), metainfo, regex, link == null ? List.of() : link.selectedFiles());
        this.paused = record.paused();
        this.completedAt = record.completedAt();
        this.downloadedBefore = record.downloadedBytes();
        this.uploadedBefore = record.uploadedBytes();
        this.limits = record.limits();
        this.labels = record.labels();
    }

    int id() {
        return id;
    }

    String infoHashHex() {
        return infoHash.hex();
    }

    // ---- operations, one at a time

    /** Launches a run, unless one runs already; a paused torrent is paused no longer. */
    CompletableFuture<Void> start() {
        return operations.run(() -> {
            synchronized (this) {
                checkPresent();
                if (!paused && runsWell()) {
                    return done();
                }
                paused = false;
            }
            owner.changed();
            return stopRun().thenRun(this::launch);
        });
    }

    CompletableFuture<Void> pause() {
        return operations.run(() -> {
            synchronized (this) {
                checkPresent();
                if (paused) {
                    return done();
                }
                paused = true;
            }
            owner.changed();
            return stopRun();
        });
    }

    /**
     * Chooses the files to download; a run that has its torrent restarts with them.
     *
     * @throws MimException.BadInput (failing the future) for no file, or an index the torrent does not have
     */
    CompletableFuture<Void> select(Set<Integer> files) {
        return operations.run(() -> {
            boolean restart;
            synchronized (this) {
                checkPresent();
                Set<Integer> before = choice.chosen();
                try {
                    // An explicit choice replaces whatever rules the torrent was added with.
                    if (!choice.replace(files, metainfo)) {
                        return done();
                    }
                } catch (MimException.BadInput e) {
                    throw new CompletionException(e);
                }
                if (before != null && !before.containsAll(choice.chosen())) {
                    completedAt = null;
                }
                // A fetch reads the choice when its metadata arrives; a paused torrent when it starts.
                restart = run != null && !paused;
            }
            owner.changed();
            return restart ? stopRun().thenRun(this::launch) : done();
        });
    }

    /** Gives the torrent these labels (checked and sorted). */
    CompletableFuture<Void> label(List<String> checked) {
        return operations.run(() -> {
            synchronized (this) {
                checkPresent();
                labels = checked;
            }
            owner.changed();
            return done();
        });
    }

    /**
     * Hashes the torrent's data again: a running torrent's run is replaced by one that trusts no resume
     * state; a paused one's next run does that. Nothing to do before the metadata is known.
     */
    CompletableFuture<Void> verify() {
        return operations.run(() -> {
            boolean now;
            synchronized (this) {
                checkPresent();
                if (metainfo == null) {
                    return done();
                }
                recheck = true;
                now = !paused;
            }
            return now ? stopRun().thenRun(this::launch) : done();
        });
    }

    /** Stops any run and leaves the session; with {@code deleteFiles}, deletes what the torrent has on disk. */
    CompletableFuture<Void> remove(boolean deleteFiles) {
        return operations.run(() -> {
            synchronized (this) {
                checkPresent();
                removed = true;
            }
            CompletableFuture<Void> stopped = stopRun();
            if (deleteFiles) {
                stopped = stopped.thenRunAsync(this::deleteFiles, owner.pool());
            }
            return stopped.whenComplete((v, e) -> owner.removed(this));
        });
    }

    /** Begins the run the torrent is ready for: a fetch while its metadata is unknown, else the torrent. */
    void launch() {
        Metainfo m;
        boolean hashAll;
        synchronized (this) {
            if (paused || removed) {
                return;
            }
            failure = null;
            m = metainfo;
            hashAll = recheck && m != null;
            if (hashAll) {
                recheck = false;
            }
        }
        try {
            if (m == null) {
                MetadataFetch f = session.addMagnet(new MagnetParams(link, folder, this::chosenFor, overwrite,
                        peersToDial(), false));
                synchronized (this) {
                    fetch = f;
                }
                // Registered once the fetch is ours: a fetch that finds a saved .torrent completes at once.
                f.metadata().thenAccept(this::metadataKnown);
                f.torrent().whenComplete((t, e) -> adopt(f, t, e));
            } else {
                Torrent t = session.add(new TorrentParams(m, folder, currentSelection(), overwrite, peersToDial(),
                        Set.of(), hashAll));
                synchronized (this) {
                    run = t;
                }
                watch(t);
            }
        } catch (MimException e) {
            synchronized (this) {
                failure = e.getMessage();
            }
        }
        owner.changed();
    }

    /**
     * Stops the run there is: a fetch first (and the torrent it may have started meanwhile), then the
     * torrent, whose end counts into the totals. Completes once everything stopped.
     */
    private CompletableFuture<Void> stopRun() {
        Torrent r;
        MetadataFetch f;
        synchronized (this) {
            r = run;
            f = fetch;
            run = null;
            fetch = null;
            if (r != null) {
                ending.add(r);
            }
        }
        CompletableFuture<Void> stopped = done();
        if (f != null) {
            // Once closed, a fetch's torrent future is settled: it started a torrent, or never will.
            stopped = f.close().thenCompose(v -> f.torrent().handle((t, e) -> t))
                    .thenCompose(t -> t == null ? done() : end(t));
        }
        if (r != null) {
            stopped = stopped.thenCompose(v -> end(r));
        }
        return stopped;
    }

    /** Closes a run's torrent and keeps what it did: its totals, status and pieces. */
    private CompletableFuture<Void> end(Torrent t) {
        return t.close().thenCompose(v -> t.haves()).handle((haves, e) -> {
            session.forget(t);
            TorrentStatus s = t.status();
            synchronized (this) {
                lastStatus = s;
                lastHaves = haves;
                downloadedBefore += s.downloadedBytes();
                uploadedBefore += s.uploadedBytes();
                ending.remove(t);
            }
            return null;
        });
    }

    /** A fetch is over: its torrent is the run now, unless the fetch was stopped meanwhile. */
    private void adopt(MetadataFetch f, Torrent t, Throwable e) {
        synchronized (this) {
            if (fetch != f) {
                return; // stopRun took the fetch; it closes whatever torrent it started.
            }
            if (t != null) {
                run = t;
                fetch = null;
            } else {
                failure = Reason.of(OperationQueue.unwrapped(e));
            }
        }
        if (t != null) {
            watch(t);
        }
        owner.changed();
    }

    private void watch(Torrent t) {
        synchronized (this) {
            // Under the lock, so that a change of limits racing with a new run cannot leave it the old ones.
            t.setLimits(limits, downloadedBefore, uploadedBefore);
        }
        t.completion().whenComplete((v, e) -> {
            boolean first = false;
            if (e == null) {
                synchronized (this) {
                    if (completedAt == null) {
                        completedAt = Instant.now();
                        first = true;
                    }
                }
            }
            owner.changed();
            if (first) {
                owner.completed(this);
            }
        });
    }

    private void metadataKnown(Metainfo m) {
        synchronized (this) {
            if (metainfo != null) {
                return;
            }
            metainfo = m;
            torrentFile = Metainfo.torrentFile(m.rawInfo(), m.trackerTiers(), m.webSeeds());
            choice.resolve(m);
        }
        owner.changed();
    }

    /** Replaces the torrent's own limits; its run, if any, follows at once. */
    CompletableFuture<Void> setLimits(Limits value) {
        synchronized (this) {
            if (removed) {
                return CompletableFuture.failedFuture(new NoSuchTorrentException(id));
            }
            limits = value;
            if (run != null) {
                run.setLimits(value, downloadedBefore, uploadedBefore);
            }
        }
        owner.changed();
        return done();
    }

    synchronized Limits limits() {
        return limits;
    }

    /** Peers to dial now, if it runs or fetches, and in every later run. */
    CompletableFuture<Void> addPeers(List<InetSocketAddress> peers) {
        Torrent r;
        MetadataFetch f;
        synchronized (this) {
            if (removed) {
                return CompletableFuture.failedFuture(new NoSuchTorrentException(id));
            }
            for (InetSocketAddress a : peers) {
                addedPeers.remove(a);
                addedPeers.add(a);
            }
            Iterator<InetSocketAddress> oldest = addedPeers.iterator();
            for (int excess = addedPeers.size() - MAX_ADDED_PEERS; excess > 0; excess--) {
                oldest.next();
                oldest.remove();
            }
            r = run;
            f = fetch;
        }
        if (r != null) {
            r.addPeers("api", peers);
        } else if (f != null) {
            f.addPeers(peers);
        }
        return done();
    }

    /** The peers a user named: at the add, through the API since, and a magnet link's own ({@code x.pe}). */
    private synchronized List<InetSocketAddress> peersToDial() {
        Set<InetSocketAddress> out = new LinkedHashSet<>(initialPeers);
        out.addAll(addedPeers);
        if (link != null) {
            link.peers().forEach(p -> out.add(new InetSocketAddress(p.host(), p.port())));
        }
        return List.copyOf(out);
    }

    /** The files chosen for {@code m}: a magnet link's rules applied once, on its metadata. */
    private synchronized Set<Integer> chosenFor(Metainfo m) {
        return choice.resolve(m);
    }

    private synchronized Set<Integer> currentSelection() {
        return choice.chosen();
    }

    /** Deletes the torrent's files, then the resume state and saved metadata the engine kept beside them. */
    private void deleteFiles() {
        Metainfo m;
        synchronized (this) {
            m = metainfo;
        }
        try {
            if (m != null) {
                session.storageBackend().delete(m.layout(), folder);
            }
            StateFiles.delete(folder, infoHash);
        } catch (MimException e) {
            throw new CompletionException(e);
        }
    }

    private void checkPresent() {
        if (removed) {
            throw new CompletionException(new NoSuchTorrentException(id));
        }
    }

    /** Whether a run is going as it should: a fetch still fetching, or a torrent not stopped by an error. */
    private boolean runsWell() {
        if (run != null) {
            return run.state() != Torrent.State.ERROR && run.state() != Torrent.State.STOPPED;
        }
        return fetch != null && failure == null;
    }

    private static CompletableFuture<Void> done() {
        return CompletableFuture.completedFuture(null);
    }

    // ---- streams

    /**
     * A stream over file {@code file}, read through whatever run the torrent has at each read.
     *
     * @throws MimException.BadInput before the metadata is known, or for a file it does not have
     */
    synchronized ManagedStream stream(int file) throws MimException {
        if (removed) {
            throw new NoSuchTorrentException(id);
        }
        if (metainfo == null) {
            throw new MimException.BadInput("torrent " + id + ": its metadata is not known yet");
        }
        if (file < 0 || file >= metainfo.files().size()) {
            throw new MimException.BadInput("torrent " + id + " has no file " + file);
        }
        return new ManagedStream(this, file, metainfo.files().get(file).length());
    }

    /** The torrent that runs now, or null while paused, fetching its metadata, failed to launch or removed. */
    synchronized Torrent running() {
        return paused || removed ? null : run;
    }

    // ---- what user interfaces see

    synchronized TorrentSummary summary() {
        String name = metainfo != null ? metainfo.name() : link.name().orElse(null);
        String state = state(run == null ? null : run.status());
        return new TorrentSummary(id, infoHash.hex(), name, folder.toString(), state,
                metainfo == null ? 0 : metainfo.pieceCount(), addedAt, completedAt, labels);
    }

    synchronized TorrentDetails details() {
        List<TorrentDetails.File> files = new ArrayList<>();
        if (metainfo != null) {
            List<FileEntry> entries = metainfo.files();
            for (int i = 0; i < entries.size(); i++) {
                FileEntry f = entries.get(i);
                boolean included = !f.pad() && choice.includes(i);
                files.add(new TorrentDetails.File(f.displayPath(), f.path(), f.length(), included, f.pad()));
            }
        }
        return new TorrentDetails(summary(), files);
    }

    synchronized TorrentStats stats() {
        TorrentStatus current = run == null ? null : run.status();
        String state = state(current);
        Torrent latest = latestRun();
        TorrentStatus shown = latest != null ? latest.status() : lastStatus;
        long downloaded = downloadedSoFar(current);
        long uploaded = uploadedSoFar(current);
        boolean finished = shown != null && shown.state() != Torrent.State.CHECKING
                ? shown.haveBytes() >= shown.totalBytes() : completedAt != null;
        String error = !state.equals("error") ? null : current != null ? current.error() : failure;
        int peers = current != null ? current.peers() : fetch != null ? fetch.status().peers() : 0;
        List<String> sources = current != null ? current.sources() : fetch != null ? fetch.status().sources() : List.of();
        if (shown == null && metainfo != null) {
            // Never run in this process (added paused, or paused before a restart): its size is known,
            // what it verified is not until it checks.
            return new TorrentStats(state, completedAt != null, error, chosenBytes(), 0, downloaded, uploaded, 0, 0,
                    peers, Collections.nCopies(metainfo.files().size(), 0L), Map.of(), sources);
        }
        return new TorrentStats(state, finished, error, shown == null ? 0 : shown.totalBytes(),
                shown == null ? 0 : shown.haveBytes(), downloaded, uploaded,
                current == null ? 0 : current.downloadRate(), current == null ? 0 : current.uploadRate(), peers,
                shown == null ? List.of() : shown.fileVerifiedBytes(), shown == null ? Map.of() : shown.banned(),
                sources);
    }

    /**
     * Payload received over all runs: those that ended, those being closed and the current one.
     *
     * @param current the current run's status, or null for no run
     */
    private long downloadedSoFar(TorrentStatus current) {
        return downloadedBefore + unended(current).mapToLong(TorrentStatus::downloadedBytes).sum();
    }

    /** Payload sent over all runs, likewise. */
    private long uploadedSoFar(TorrentStatus current) {
        return uploadedBefore + unended(current).mapToLong(TorrentStatus::uploadedBytes).sum();
    }

    /** The current run, else the last of those being closed (what it verified still stands), else null. */
    private Torrent latestRun() {
        return run != null ? run : ending.isEmpty() ? null : ending.get(ending.size() - 1);
    }

    /** The status of every run not yet added to the totals before. */
    private Stream<TorrentStatus> unended(TorrentStatus current) {
        return Stream.concat(ending.stream().map(Torrent::status), Stream.ofNullable(current));
    }

    /** The bytes of the pieces of the files chosen. */
    private long chosenBytes() {
        Set<Integer> chosen = choice.chosen();
        if (chosen == null) {
            chosen = IntStream.range(0, metainfo.files().size()).boxed().collect(Collectors.toSet());
        }
        return WantedPieces.bytes(metainfo.layout(), chosen);
    }

    /**
     * One of {@link TorrentStats#STATES}.
     *
     * @param current the run's status, shown with the state: the run's own state turns stopped a
     *                moment before its last figures are taken
     */
    private String state(TorrentStatus current) {
        if (paused) {
            return "paused";
        }
        if (current != null) {
            return current.state().name().toLowerCase(Locale.ROOT);
        }
        if (failure != null) {
            return "error";
        }
        return fetch != null ? "fetching_metadata" : "stopped";
    }

    CompletableFuture<List<PeerStats>> peers() {
        Torrent r;
        synchronized (this) {
            r = run;
        }
        return r == null ? CompletableFuture.completedFuture(List.of()) : r.peerStats();
    }

    CompletableFuture<Haves> haves() {
        Torrent r;
        Haves last;
        int pieces;
        synchronized (this) {
            r = latestRun();
            last = lastHaves;
            pieces = metainfo == null ? 0 : metainfo.pieceCount();
        }
        if (r != null) {
            return r.haves();
        }
        return CompletableFuture.completedFuture(last != null ? last : new Haves(pieces, new byte[(pieces + 7) / 8]));
    }

    synchronized Optional<byte[]> metadata() {
        return Optional.ofNullable(torrentFile).map(byte[]::clone);
    }

    /** What to keep to add it again as it is now. */
    synchronized TorrentRecord record() {
        TorrentStatus current = run == null ? null : run.status();
        return new TorrentRecord(id, infoHash.hex(), torrentFile, link == null ? null : link.toString(), folder,
                choice.chosen(), choice.pendingRegex(), overwrite, paused, addedAt,
                completedAt, downloadedSoFar(current), uploadedSoFar(current), limits, labels);
    }

    @Override
    public String toString() {
        return "torrent " + id + " (" + infoHash.hex() + ")";
    }
}
