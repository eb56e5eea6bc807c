package mim.core.session;

import io.netty.channel.EventLoop;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import mim.core.MimException;
import mim.core.Reason;
import mim.core.metainfo.FileEntry;
import mim.core.metainfo.FileLayout;
import mim.core.metainfo.InfoHash;
import mim.core.metainfo.Metainfo;
import mim.core.spi.FileState;
import mim.core.spi.Haves;
import mim.core.spi.Limits;
import mim.core.spi.PeerStats;
import mim.core.spi.StorageOptions;
import mim.core.spi.TorrentStorage;
import mim.core.wire.BlockRef;
import mim.core.wire.CloseReason;
import mim.core.wire.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One torrent of a {@link Session}: its pieces, its peers and its files.
 *
 * <p>States: <b>checking</b> (opening the storage, reading the resume state, hashing what is on disk
 * and not vouched for; once the storage is open, peers that connect are served the pieces verified
 * so far, and told of each piece as hashing verifies it) -> <b>downloading</b> (wanted pieces
 * missing) -> <b>seeding</b> (every wanted piece verified; also straight from checking) ->
 * <b>stopped</b> ({@link #close}). Any state may end in <b>error</b> (the storage failed: a full
 * disk, a file we may not overwrite), which stops the torrent and keeps what was verified.
 *
 * <p>Threading: every field is owned by one event loop ({@link #loop}), chosen at creation; peer
 * events, timers and the results of pool work all run there. Blocking work goes to the session's
 * storage pool (writes, reads, resume state) and hashing pool. Other threads see only
 * {@link #status()}, {@link #completion()} and {@link #close()}, and ask the loop through
 * {@link #peerStats()}, {@link #haves()} and {@link #read}.
 *
 * <p>Streams ({@link #read}, {@link #closeStream}): a read waits until its piece is verified, and the
 * pieces ahead of every open stream are picked first, also in a seeding torrent and in files not
 * selected, which go to disk from a stream's first read on ({@link TorrentStreams}).
 *
 * <p>Memory: blocks received and not yet written are counted; past the session's write budget every
 * peer's reading is switched off until half of it has drained.
 */
public final class Torrent {
    private static final Logger log = LoggerFactory.getLogger(Torrent.class);

    public enum State { CHECKING, DOWNLOADING, SEEDING, STOPPED, ERROR }

    private final Session session;
    private final TorrentParams params;
    private final Metainfo metainfo;
    private final FileLayout layout;
    private final EventLoop loop;
    private final TransferStats stats = new TransferStats();
    private final PiecePicker<Peer> picker;
    private final UploadSlots slots;
    private final BanList bans = new BanList();
    private final SmartBan smartBan = new SmartBan();
    private final PeerDiscovery discovery;
    private final Bitfield servable;
    private final FileProgress fileProgress;
    private final Set<Peer> peers = new LinkedHashSet<>();
    private final TorrentStreams streams;
    private final DataPath data;
    private final TorrentExtensions extensions;
    private final CompletableFuture<Void> completion = new CompletableFuture<>();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final long wantedBytes;
    private volatile State state = State.CHECKING;
    private volatile TorrentStatus status;
    private volatile MimException error;
    private PieceStore store;
    /**
     * The read-only store the check read files in the way with, replaced by one that may write once they
     * proved ours; kept open to the end of the run, since reads for peers served during the check may
     * still be on it. Null otherwise.
     */
    private PieceStore checkedStore;
    /** The storage is open and the check runs: peers may connect and are served what is verified. */
    private volatile boolean servingWhileChecking;
    private ScheduledFuture<?> ticker;
    private int ticks;
    /** Seconds spent downloading with nothing received, and after how many to look again (see {@link #reviveWhenStarved}). */
    private int starvedSeconds;
    private int reviveAfter;
    private long receivedAtLastTick;
    /** When the torrent started seeding ({@link System#nanoTime}), for the seed time. */
    private long seedingSince;
    /** Its own rates, each under the session's. */
    private final RateLimit downloadLimit;
    private final RateLimit uploadLimit;
    /** Its own seed limits, and what earlier runs moved, which its seed ratio counts too. */
    private volatile SeedLimits seedLimits = SeedLimits.NONE;
    private volatile long downloadedBefore;
    private volatile long uploadedBefore;
    /** Told, on the loop, of every connection that ends: its address (null if unknown) and why. */
    private volatile BiConsumer<InetSocketAddress, CloseReason> closeWatcher = (address, reason) -> { };

    Torrent(Session session, TorrentParams params, EventLoop loop) {
        this.session = session;
        this.params = params;
        params.banned().forEach(a -> bans.ban(a, "corrupt metadata"));
        this.metainfo = params.metainfo();
        this.layout = metainfo.layout();
        this.loop = loop;
        this.downloadLimit = new RateLimit(session.downloadLimit());
        this.uploadLimit = new RateLimit(session.uploadLimit());
        Random random = new Random();
        this.picker = new PiecePicker<>(layout, random, stats);
        this.slots = new UploadSlots(random);
        this.servable = new Bitfield(layout.pieceCount());
        this.fileProgress = new FileProgress(layout);
        this.streams = new TorrentStreams(this, picker, fileProgress, servable);
        Bitfield wanted = WantedPieces.forFiles(layout, selection());
        picker.setWanted(wanted);
        this.wantedBytes = stats.left();
        this.discovery = new PeerDiscovery(this, session);
        this.data = new DataPath(this, session);
        this.extensions = new TorrentExtensions(session, metainfo.rawInfo());
        this.status = snapshot();
    }

    // ---- what other threads may call

    public InfoHash infoHash() {
        return metainfo.infoHash();
    }

    public Metainfo metainfo() {
        return metainfo;
    }

    public State state() {
        return state;
    }

    /** The latest status, refreshed every second. */
    public TorrentStatus status() {
        return status;
    }

    /**
     * Completes when every wanted piece is verified (at once for a torrent complete on disk), or
     * fails with the {@link MimException} that stopped the torrent.
     */
    public CompletableFuture<Void> completion() {
        return completion;
    }

    /** Stops the torrent: tells the peer sources, closes the peers, saves the resume state. */
    public CompletableFuture<Void> close() {
        loop.execute(this::stop);
        return closed;
    }

    /** Whether file {@code index} of the torrent is among those to download. */
    public boolean isSelected(int index) {
        return params.isSelected(index);
    }

    /** Its connections now, as user interfaces show them; asked of the torrent's loop. */
    public CompletableFuture<List<PeerStats>> peerStats() {
        return onLoop(() -> {
            long now = System.nanoTime();
            List<PeerStats> out = new ArrayList<>(peers.size());
            for (Peer p : peers) {
                out.add(p.stats(now));
            }
            return out;
        });
    }

    /** The pieces verified so far; asked of the torrent's loop. */
    public CompletableFuture<Haves> haves() {
        return onLoop(() -> new Haves(layout.pieceCount(), picker.have().toWire()));
    }

    private <T> CompletableFuture<T> onLoop(Supplier<T> question) {
        CompletableFuture<T> answer = new CompletableFuture<>();
        try {
            loop.execute(() -> answer.complete(question.get()));
        } catch (RejectedExecutionException e) {
            answer.completeExceptionally(new MimException(metainfo.name() + ": the session is closing"));
        }
        return answer;
    }

    /**
     * Reads the stream's file from {@code offset} (within the file): up to {@code max} bytes, never
     * past the end of the piece or of the file. Completes once the piece is verified and read from
     * disk; the pieces just ahead of the stream are fetched first meanwhile. Fails with a
     * {@link MimException} if the torrent stops first (paused, removed, failed) or its storage cannot
     * be read.
     *
     * @throws IndexOutOfBoundsException for an offset outside the file
     */
    CompletableFuture<ByteBuffer> read(ManagedStream stream, long offset, int max) {
        FileEntry f = layout.files().get(stream.file());
        if (offset < 0 || offset >= f.length() || max <= 0) {
            throw new IndexOutOfBoundsException("offset " + offset + " of a file of " + f.length() + " bytes");
        }
        CompletableFuture<ByteBuffer> answer = new CompletableFuture<>();
        try {
            loop.execute(() -> streams.read(stream, offset, max, answer));
        } catch (RejectedExecutionException e) {
            answer.completeExceptionally(stoppedError());
        }
        return answer;
    }

    /** The stream is closed: its pieces are no longer fetched first. */
    void closeStream(ManagedStream stream) {
        try {
            loop.execute(() -> streams.closed(stream));
        } catch (RejectedExecutionException e) {
            // The session is closing: nothing is fetched any more.
        }
    }

    /**
     * Sets the torrent's own limits, which apply at once, and what earlier runs of it moved: its seed
     * ratio counts those bytes too. A seed limit it does not set is the session's.
     */
    public void setLimits(Limits own, long downloadedBefore, long uploadedBefore) {
        downloadLimit.setRate(Session.orZero(own.downloadBytesPerSecond()));
        uploadLimit.setRate(Session.orZero(own.uploadBytesPerSecond()));
        this.downloadedBefore = downloadedBefore;
        this.uploadedBefore = uploadedBefore;
        this.seedLimits = new SeedLimits(own.seedRatio(), own.seedTime());
    }

    /** Adds peers to try, as a user's {@code --peer} or a source found them. */
    public void addPeers(String source, Collection<InetSocketAddress> addresses) {
        loop.execute(() -> discovery.add(addresses));
    }

    /** Why a stream's read fails: the torrent stopped, or never started. */
    MimException stoppedError() {
        return new MimException(metainfo.name() + ": the torrent is " + (state == State.ERROR ? "in error" : "stopped"));
    }

    // ---- start

    void start() {
        session.storagePool().execute(() -> {
            try {
                Optional<ResumeFile> resume = ResumeFile.load(resumePath(), metainfo.infoHash().bytes(),
                        layout.pieceCount(), layout.files().size());
                StorageOptions options = StorageOptions.readWrite().withSelectedFiles(params.selectedFiles())
                        .withOverwrite(params.overwrite() || resume.isPresent());
                FilesInTheWay inTheWay = null;
                TorrentStorage storage;
                if (options.overwrite()) {
                    storage = open(options);
                } else {
                    // Files nothing vouches for are checked read-only before anything is written.
                    storage = open(StorageOptions.readOnlyAccess().withSelectedFiles(params.selectedFiles()));
                    inTheWay = FilesInTheWay.find(layout, params.folder(), storage.onDisk(), params::isSelected);
                    if (inTheWay.isEmpty()) {
                        storage.close();
                        storage = open(options);
                        inTheWay = null;
                    }
                }
                store = new PieceStore(metainfo, storage, selectedFlags());
                FilesInTheWay toDecide = inTheWay;
                loop.execute(this::serveWhileChecking);
                StartupCheck.run(store, layout, storage.onDisk(), params.recheck() ? Optional.empty() : resume,
                        session.hashPool(),
                        session.config().hashThreads(),
                        piece -> loop.execute(() -> hashedAtStart(piece)),
                        result -> loop.execute(() -> {
                            if (toDecide == null) {
                                checked(result);
                            } else {
                                decide(toDecide, result, options);
                            }
                        }),
                        (task, e) -> loop.execute(() -> fail(e)));
            } catch (MimException e) {
                loop.execute(() -> fail(e));
            } catch (RuntimeException e) {
                loop.execute(() -> fail(new MimException.Storage(Reason.of(e), e)));
            }
        });
    }

    private TorrentStorage open(StorageOptions options) throws MimException.Storage {
        return session.storageBackend().open(layout, params.folder(), options);
    }

    /**
     * Files were in the way and the check read them: complete, they are the torrent's and it goes on
     * with a storage that may write (it never will: every wanted piece is there); otherwise it fails.
     */
    private void decide(FilesInTheWay inTheWay, StartupCheck.Result result, StorageOptions options) {
        if (state != State.CHECKING) {
            return;
        }
        Bitfield wanted = WantedPieces.forFiles(layout, selection());
        if (!inTheWay.complete(wanted, result.verified())) {
            fail(inTheWay.refusal(wanted, result.verified()));
            return;
        }
        session.storagePool().execute(() -> {
            try {
                PieceStore writable = new PieceStore(metainfo, open(options.withOverwrite(true)), selectedFlags());
                loop.execute(() -> {
                    checkedStore = store;
                    store = writable;
                    if (state == State.CHECKING) {
                        checked(result);
                    } else {
                        // Stopped meanwhile: shutDown closed the store it saw, the read-only one.
                        closeQuietly(writable);
                    }
                });
            } catch (MimException e) {
                loop.execute(() -> fail(e));
            }
        });
    }

    private void closeQuietly(PieceStore s) {
        session.storagePool().execute(() -> {
            try {
                s.storage().close();
            } catch (MimException e) {
                // Nothing was written through it.
            }
        });
    }

    /** The storage is open: from now on peers may connect, and are served what the check verifies. */
    private void serveWhileChecking() {
        if (state == State.CHECKING) {
            servingWhileChecking = true;
        }
    }

    /** The check hashed a piece good: it is servable, and the peers connected meanwhile hear of it. */
    private void hashedAtStart(int piece) {
        if (state == State.CHECKING) {
            announceServable(piece);
        }
    }

    /** Marks a piece servable and tells every peer, once. */
    private void announceServable(int piece) {
        if (!servable.get(piece)) {
            servable.set(piece);
            for (Peer p : peers) {
                p.send(new Message.Have(piece));
            }
        }
    }

    private void checked(StartupCheck.Result result) {
        if (state != State.CHECKING) {
            return;
        }
        Bitfield verified = result.verified();
        for (int p = verified.nextSetBit(0); p >= 0; p = verified.nextSetBit(p + 1)) {
            picker.markHave(p);
            fileProgress.pieceVerified(p);
            if (result.hashedOnDisk().get(p) || store.isServable(p)) {
                announceServable(p);
            }
        }
        boolean done = picker.isFinished();
        state = done ? State.SEEDING : State.DOWNLOADING;
        servingWhileChecking = false;
        // The peers that came during the check may now be wanted, or be seeds a seed has no use for.
        for (Peer p : new ArrayList<>(peers)) {
            if (refusesSeed(p)) {
                p.close("both sides are seeds");
            } else {
                p.updateInterest();
                p.fillRequests();
            }
        }
        seedingSince = System.nanoTime();
        log.info("{}: {} of {} pieces verified at start, {}", metainfo.name(), verified.cardinality(),
                layout.pieceCount(), state);
        status = snapshot();
        // Saved at once: it claims the files as ours, so a run killed before the first timer resumes.
        data.saveResume(() -> {
            if (done) {
                completion.complete(null);
            }
        });
        ticker = loop.scheduleAtFixedRate(this::tick, Session.firstTickDelayNanos(), TimeUnit.SECONDS.toNanos(1),
                TimeUnit.NANOSECONDS);
        discovery.start(params.peers());
        streams.checkOver();
    }

    // ---- peers (called by Peer and PeerDiscovery, on the loop)

    EventLoop loop() {
        return loop;
    }

    Session session() {
        return session;
    }

    /** The bucket this torrent's received blocks take from: its own, under the session's. */
    RateLimit downloadLimit() {
        return downloadLimit;
    }

    /** The bucket this torrent's sent blocks take from: its own, under the session's. */
    RateLimit uploadLimit() {
        return uploadLimit;
    }

    PiecePicker<Peer> picker() {
        return picker;
    }

    int pieceCount() {
        return layout.pieceCount();
    }

    /** Piece buffers the torrent keeps for pieces to come. For tests. */
    int keptPieceBuffers() {
        return data.keptPieceBuffers();
    }

    /** Whether pieces are wanted: a download, or a seed whose streams need a piece it lacks. */
    boolean isDownloading() {
        return state == State.DOWNLOADING || state == State.SEEDING && picker.hasUrgentMissing();
    }

    boolean isActive() {
        return state == State.DOWNLOADING || state == State.SEEDING;
    }

    /** Whether peers may connect: it runs, or it checks and serves what it verified so far. */
    boolean acceptsPeers() {
        return isActive() || state == State.CHECKING && servingWhileChecking;
    }

    /** Whether it only sends: a seed, or a torrent checking its files (it asks for nothing meanwhile). */
    private boolean uploadsOnly() {
        return state == State.SEEDING || state == State.CHECKING;
    }

    boolean isServable(int piece) {
        return servable.get(piece);
    }

    BanList bans() {
        return bans;
    }

    TorrentExtensions extensions() {
        return extensions;
    }

    Set<Peer> peers() {
        return peers;
    }

    /** A peer finished its handshake: null to accept it, or why it is refused. */
    String peerUp(Peer peer) {
        if (!acceptsPeers()) {
            return "torrent not active";
        }
        if (peer.remote().peerId().equals(session.config().wire().peerId())) {
            discovery.forget(peer.address());
            return "connected to ourselves";
        }
        if (peer.ip() != null && bans.isBanned(peer.ip())) {
            return "banned";
        }
        for (Peer other : peers) {
            if (other.remote().peerId().equals(peer.remote().peerId())) {
                return "already connected to this peer";
            }
        }
        if (!peer.isOutgoing() && peers.size() >= session.config().peersPerTorrent()) {
            return "too many peers";
        }
        peers.add(peer);
        discovery.established(peer.address(), peer.isOutgoing());
        picker.peerConnected(peer, peer.fast());
        if (data.readingPaused()) {
            peer.setAutoRead(false);
        }
        // The count of peers shows at once, not at the next tick: a user interface listing this
        // peer's connection should not see the torrent say it has none.
        status = snapshot();
        return null;
    }

    /** Sends our pieces as the first message: have-all or have-none where they say it all. */
    void sendOurPieces(Peer peer) {
        if (peer.fast() && servable.isComplete()) {
            peer.send(Message.HAVE_ALL);
        } else if (peer.fast() && servable.isEmpty()) {
            peer.send(Message.HAVE_NONE);
        } else {
            peer.send(new Message.Bitfield(layout.pieceCount(), servable.toWire()));
        }
    }

    /** Replaces the watcher of ended connections; set it before giving the torrent peers. */
    void watchCloses(BiConsumer<InetSocketAddress, CloseReason> watcher) {
        closeWatcher = watcher;
    }

    void peerDown(Peer peer, boolean wasEstablished, CloseReason reason) {
        log.debug("{}: {}", metainfo.name(), reason);
        closeWatcher.accept(peer.address(), reason);
        if (wasEstablished && peers.remove(peer)) {
            extensions.peerGone(peer);
            picker.peerGone(peer);
            slots.peerGone(peer);
            for (Peer other : peers) {
                other.fillRequests();
            }
            status = snapshot();
        }
        discovery.closed(peer.address(), peer.isOutgoing(), wasEstablished, reason);
    }

    /** Whether to drop a peer that turned out to be a seed: we are one too, so neither needs the other. */
    boolean refusesSeed(Peer peer) {
        return peer.isSeed() && state == State.SEEDING && servable.isComplete();
    }

    /** A peer is established and has our pieces and extension handshake: it may have a spare slot. */
    void peerJoined() {
        slots.peerJoined(peers, uploadsOnly());
    }

    void peerInterestChanged(Peer peer) {
        slots.interestChanged(peer, peers, uploadsOnly());
    }

    void uploaded(int bytes) {
        stats.addUploaded(bytes);
    }

    void writeBlock(Peer from, Message.Piece piece, boolean completesPiece) {
        data.write(from, piece, completesPiece);
    }

    void readBlock(Peer to, BlockRef block) {
        data.read(to, block);
    }

    PieceStore store() {
        return store;
    }

    /** The read-only store the check used when files were in the way, or null; see {@link #decide}. */
    PieceStore checkedStore() {
        return checkedStore;
    }

    // ---- pieces (called by DataPath on the loop)

    /** Whether a piece's block digests are wanted when it verifies: it failed before, with several senders. */
    boolean isSuspect(int piece) {
        return smartBan.isSuspect(piece);
    }

    void pieceHashed(int piece, PieceStore.Hashed hashed) {
        if (hashed.good()) {
            pieceVerified(piece, hashed.blockDigests());
        } else if (streams.failedByUs(piece)) {
            // Nobody sent a wrong byte (see TorrentStreams#failedByUs): it is asked again, no one blamed.
            picker.hashFailed(piece);
            for (Peer p : peers) {
                p.fillRequests();
            }
        } else {
            pieceFailed(piece, hashed.blockDigests());
        }
    }

    private void pieceVerified(int piece, byte[][] blockDigests) {
        picker.hashPassed(piece);
        if (blockDigests != null) {
            dropBanned(banAll(smartBan.passed(piece, blockDigests)), "piece " + piece
                    + " verified: their blocks of it differed");
        }
        if (streams.verified(piece)) {
            fileProgress.pieceVerified(piece);
            if (store.isServable(piece)) {
                servable.set(piece);
                for (Peer p : peers) {
                    p.send(new Message.Have(piece));
                }
            }
        }
        if (state == State.DOWNLOADING && picker.isFinished()) {
            finished();
        }
    }

    private void pieceFailed(int piece, byte[][] blockDigests) {
        List<InetAddress> senders = addresses(picker.hashFailed(piece));
        Set<InetAddress> alone = bans.blame(senders.stream().filter(a -> a != null).toList());
        Set<InetAddress> liars = blockDigests == null ? Set.of() : smartBan.failed(piece, senders, blockDigests);
        log.info("{}: piece {} failed its hash; sent by {}", metainfo.name(), piece, String.join(", ",
                new LinkedHashSet<>(senders).stream().filter(a -> a != null).map(InetAddress::getHostAddress).toList()));
        dropBanned(alone, "piece " + piece + " failed its hash, sent by it alone");
        dropBanned(banAll(liars), "piece " + piece + " failed again: they sent other bytes for a block than before");
        for (Peer p : peers) {
            p.fillRequests();
        }
    }

    /** Bans the addresses for corrupt data; returns those not banned before. */
    private Set<InetAddress> banAll(Set<InetAddress> addresses) {
        Set<InetAddress> fresh = new LinkedHashSet<>();
        for (InetAddress a : addresses) {
            if (bans.ban(a, BanList.CORRUPT_DATA)) {
                fresh.add(a);
            }
        }
        return fresh;
    }

    /** Says why the addresses were just banned and drops their peers. */
    private void dropBanned(Set<InetAddress> banned, String why) {
        if (banned.isEmpty()) {
            return;
        }
        log.info("{}: banned {} for corrupt data: {}", metainfo.name(),
                String.join(", ", banned.stream().map(InetAddress::getHostAddress).toList()), why);
        for (Peer p : new ArrayList<>(peers)) {
            if (banned.contains(p.ip())) {
                p.close("sent corrupt data");
            }
        }
    }

    private static List<InetAddress> addresses(List<Peer> senders) {
        List<InetAddress> out = new ArrayList<>(senders.size());
        for (Peer p : senders) {
            out.add(p == null ? null : p.ip());
        }
        return out;
    }

    private void finished() {
        state = State.SEEDING;
        seedingSince = System.nanoTime();
        session.finished(this);
        data.downloadFinished();
        log.info("{}: download complete", metainfo.name());
        discovery.completed();
        for (Peer p : new ArrayList<>(peers)) {
            p.updateInterest();
            if (refusesSeed(p)) {
                p.close("both sides are seeds");
            }
        }
        status = snapshot();
        data.saveResume(() -> completion.complete(null));
    }

    /** The storage failed: stop, keep what was verified, say why. */
    void fail(MimException e) {
        if (state == State.ERROR || state == State.STOPPED) {
            return;
        }
        // Not logged above debug: whoever awaits the torrent (the CLI's one error line) reports it.
        log.debug("{}: {}", metainfo.name(), e.getMessage());
        error = e;
        boolean opened = state != State.CHECKING;
        state = State.ERROR;
        shutDown(opened, () -> completion.completeExceptionally(e));
    }

    private void stop() {
        if (state == State.STOPPED || state == State.ERROR) {
            closed.complete(null);
            return;
        }
        boolean opened = state != State.CHECKING;
        state = State.STOPPED;
        shutDown(opened, () -> {
        });
    }

    private void shutDown(boolean saveState, Runnable then) {
        if (ticker != null) {
            ticker.cancel(false);
        }
        streams.stopped(stoppedError());
        discovery.stop();
        for (Peer p : new ArrayList<>(peers)) {
            p.close("torrent stopped");
        }
        status = snapshot();
        Runnable finish = () -> {
            then.run();
            status = snapshot();
            closed.complete(null);
        };
        if (saveState && store != null) {
            data.whenDrained(() -> data.saveResume(() -> data.closeStorage(finish)));
        } else if (store != null) {
            data.closeStorage(finish);
        } else {
            finish.run();
        }
    }

    // ---- timers

    private void tick() {
        long now = System.nanoTime();
        ticks++;
        for (Peer p : new ArrayList<>(peers)) {
            if (p.requests.tick(now)) {
                for (BlockRef b : picker.releaseRequests(p)) {
                    p.cancel(b);
                }
            }
        }
        for (Peer p : peers) {
            p.fillRequests();
        }
        if (ticks % 10 == 0) {
            slots.rechoke(peers, state == State.SEEDING);
        }
        if (ticks % Math.max(1, session.config().resumeInterval().toSeconds()) == 0) {
            data.saveResumeIfChanged();
        }
        reviveWhenStarved();
        if (state == State.SEEDING && stopWhenSeededEnough()) {
            return;
        }
        discovery.connectMore();
        extensions.tick();
        status = snapshot();
    }

    /** Stops the torrent once its seed limits (each, if it sets none, the session's) are reached; whether it did. */
    private boolean stopWhenSeededEnough() {
        String why = seedLimits.or(session.seedLimits()).reached(uploadedBefore + stats.uploaded(),
                downloadedBefore + stats.downloaded(), wantedBytes, Duration.ofNanos(System.nanoTime() - seedingSince));
        if (why == null) {
            return false;
        }
        log.info("{}: stops seeding: {}", metainfo.name(), why);
        stop();
        return true;
    }

    /** Where the torrent's content lies: its file, or its top folder. */
    public Path contentPath() {
        return params.folder().resolve(metainfo.name());
    }

    /**
     * A download that has received nothing for a while ({@link Session.Builder#quietBeforeRevive}),
     * with no peer or only peers that send nothing, asks its sources again and redials the
     * addresses that worked before; again after twice as long each time, up to ten times the first
     * wait, until data flows again.
     */
    private void reviveWhenStarved() {
        int first = session.quietBeforeReviveSeconds();
        long received = stats.downloaded();
        if (state != State.DOWNLOADING || received != receivedAtLastTick) {
            receivedAtLastTick = received;
            starvedSeconds = 0;
            reviveAfter = first;
            return;
        }
        if (++starvedSeconds >= Math.max(first, reviveAfter)) {
            log.info("{}: nothing received for {} s from {} peers: asking the sources again and redialling",
                    metainfo.name(), starvedSeconds, peers.size());
            starvedSeconds = 0;
            reviveAfter = Math.min(2 * Math.max(first, reviveAfter), 10 * first);
            discovery.revive();
        }
    }

    // ---- status

    private TorrentStatus snapshot() {
        long now = System.nanoTime();
        long down = 0;
        long up = 0;
        for (Peer p : peers) {
            down += p.requests.rate(now);
            up += p.uploadRate.rate(now);
        }
        MimException e = error;
        String noUsablePeers = state == State.DOWNLOADING && peers.isEmpty() ? discovery.noUsablePeers(bans::reason) : null;
        return new TorrentStatus(metainfo.infoHash().hex(), metainfo.name(), state, wantedBytes,
                wantedBytes - stats.left(), stats.downloaded(), stats.uploaded(), down, up, peers.size(),
                e == null ? null : e.getMessage(), discovery.statuses(), fileProgress.snapshot(), bans.countsByReason(),
                noUsablePeers);
    }

    mim.core.spi.TransferStats transferStats() {
        return stats.snapshot();
    }

    // ---- helpers

    /** Seconds the torrent's timer has ticked (the choker's regular round is every tenth); for tests. */
    int ticks() {
        return ticks;
    }

    /** Its peer discovery, for tests to ask (on the loop) how connections to an address went. */
    PeerDiscovery discovery() {
        return discovery;
    }

    Path resumePath() {
        return ResumeFile.pathFor(params.folder(), metainfo.infoHash().hex());
    }

    private Set<Integer> selection() {
        Set<Integer> all = new HashSet<>();
        for (int f = 0; f < layout.files().size(); f++) {
            if (params.isSelected(f)) {
                all.add(f);
            }
        }
        return all;
    }

    private boolean[] selectedFlags() {
        boolean[] flags = new boolean[layout.files().size()];
        for (int f = 0; f < flags.length; f++) {
            flags[f] = params.isSelected(f);
        }
        return flags;
    }

    @Override
    public String toString() {
        return "torrent " + metainfo.name() + " (" + metainfo.infoHash().hex() + ")";
    }
}
