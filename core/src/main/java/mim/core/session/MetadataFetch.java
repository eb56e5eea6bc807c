package mim.core.session;

import io.netty.channel.EventLoop;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import mim.core.MimException;
import mim.core.Reason;
import mim.core.metadata.MetadataAssembler;
import mim.core.metadata.MetadataMessage;
import mim.core.metainfo.InfoHash;
import mim.core.metainfo.InvalidTorrentException;
import mim.core.metainfo.Metainfo;
import mim.core.wire.CloseReason;
import mim.core.wire.ExtensionHandshake;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gets a magnet link's info dictionary from peers (BEP 9), saves it as a .torrent beside the
 * download, then starts the torrent. The handle {@link Session#addMagnet} returns.
 *
 * <p>States: <b>fetching</b> (peer sources running, connections asking for metadata pieces) ->
 * <b>saving</b> (the info dictionary hashed to the link's v1 info-hash; connections and lookups
 * closed; the .torrent being written) -> <b>done</b> (the torrent started, or for a metadata-only
 * fetch, nothing more). {@link #close} (the session closing) ends any state in <b>stopped</b>;
 * a torrent mim cannot read or a save that fails ends it in <b>failed</b>. A link whose torrent
 * was saved by an earlier run skips fetching: it starts in saving's place, from the file.
 *
 * <p>Peers: those the user gave, the link's {@code x.pe}, and the session's peer sources started for
 * the link's info-hash and trackers (one tier per {@code tr}, as libtorrent reads magnets; never
 * private); incoming connections for the info-hash come here too. Each connection is a
 * {@link FetchPeer}; {@link FetchDialer} decides whom to dial. The session's wire extensions run
 * here as on a torrent ({@link WireExtensions}): a link with few peers depends on peer exchange to
 * find more, and the peers they name are dialled like any source's. A peer without metadata is
 * kept while it speaks one of them, since it may still name peers that have it; one that speaks
 * none is closed at its extension handshake. A peer whose pieces fail the hash is
 * banned (by address) and dropped; one that announces more than the size limit, or leaves a
 * request unanswered for the request timeout, is dropped. A piece a peer sits on for a few
 * seconds ({@link MetadataAssembler#STALL_NANOS}) is asked of another peer too, on the next
 * second's tick at the latest, so a silent peer costs seconds, not the timeout. The torrent starts with every address
 * the fetch knew as its first peers: they are dialled again (keeping the connections would save
 * that round trip; later).
 *
 * <p>Threading: owned by one event loop; other threads may call only the public methods and
 * {@link #close}.
 */
public final class MetadataFetch {
    private static final Logger log = LoggerFactory.getLogger(MetadataFetch.class);

    public enum State { FETCHING, SAVING, DONE, STOPPED, FAILED }

    private final Session session;
    private final MagnetParams params;
    private final InfoHash infoHash;
    private final EventLoop loop;
    private final long requestTimeoutNanos;
    private final MetadataAssembler<FetchPeer> assembler;
    private final Set<FetchPeer> peers = new LinkedHashSet<>();
    private final Set<InetAddress> banned = new HashSet<>();
    private final FetchDialer dialer;
    private final WireExtensions extensions;
    private final CompletableFuture<Metainfo> metadata = new CompletableFuture<>();
    private final CompletableFuture<Torrent> torrent = new CompletableFuture<>();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private volatile State state = State.FETCHING;
    private volatile FetchStatus status;
    private ScheduledFuture<?> ticker;

    MetadataFetch(Session session, MagnetParams params, InfoHash v1, EventLoop loop, long requestTimeoutNanos) {
        this.session = session;
        this.params = params;
        this.infoHash = v1;
        this.loop = loop;
        this.requestTimeoutNanos = requestTimeoutNanos;
        this.assembler = new MetadataAssembler<>(v1, MetadataMessage.MAX_METADATA_SIZE, requestTimeoutNanos);
        this.dialer = new FetchDialer(this, session);
        this.extensions = new WireExtensions(session);
        this.status = snapshot();
    }

    /** Where a fetched torrent is kept: beside the resume state, {@code FOLDER/.mim/<info-hash>.torrent}. */
    public static Path savedTorrentPath(Path folder, InfoHash infoHash) {
        return ResumeFile.pathFor(folder, infoHash.hex()).resolveSibling(infoHash.hex() + ".torrent");
    }

    /** The v1 info-hash the metadata is verified against. */
    public InfoHash infoHash() {
        return infoHash;
    }

    /** Completes with the verified torrent once saved; fails if the fetch failed or was stopped. */
    public CompletableFuture<Metainfo> metadata() {
        return metadata;
    }

    /**
     * Completes with the started torrent; fails if the fetch or the start failed or the session
     * closed first, and is cancelled for a metadata-only fetch.
     */
    public CompletableFuture<Torrent> torrent() {
        return torrent;
    }

    public State state() {
        return state;
    }

    /** The latest status, refreshed every second. */
    public FetchStatus status() {
        return status;
    }

    /** Adds peers to ask, as a user's {@code --peer} would. */
    public void addPeers(Collection<InetSocketAddress> addresses) {
        List<InetSocketAddress> copy = List.copyOf(addresses);
        loop.execute(() -> dialer.add(copy));
    }

    // ---- lifecycle (the session's)

    /** Starts fetching, or, when an earlier run saved this torrent, starts from that. */
    void start() {
        session.storagePool().execute(() -> {
            Optional<Metainfo> saved = loadSaved();
            try {
                loop.execute(() -> begin(saved));
            } catch (RejectedExecutionException e) {
                // The session closed while we read: the fetch was stopped and has nothing to do.
            }
        });
    }

    private void begin(Optional<Metainfo> saved) {
        if (state != State.FETCHING) {
            return;
        }
        if (saved.isPresent()) {
            log.info("{}: metadata from {}", infoHash.hex(), savedTorrentPath(params.folder(), infoHash));
            state = State.SAVING;
            handOver(saved.get());
            return;
        }
        ticker = loop.scheduleAtFixedRate(this::tick, Session.firstTickDelayNanos(), TimeUnit.SECONDS.toNanos(1),
                TimeUnit.NANOSECONDS);
        dialer.start(params.link(), List.copyOf(firstPeers()));
    }

    /** The peers named with the fetch and in its link, each once (a caller may pass the link's too). */
    private Set<InetSocketAddress> firstPeers() {
        Set<InetSocketAddress> first = new LinkedHashSet<>(params.peers());
        params.link().peers().forEach(p -> first.add(new InetSocketAddress(p.host(), p.port())));
        return first;
    }

    /** Stops: closes connections and lookups; nothing is saved or started after this. */
    CompletableFuture<Void> close() {
        loop.execute(() -> {
            if (state == State.FETCHING || state == State.SAVING) {
                boolean saving = state == State.SAVING;
                finish(State.STOPPED, new MimException("stopped before the metadata arrived"), true);
                if (saving) {
                    return; // The save in flight completes closed when it returns.
                }
            }
            closed.complete(null);
        });
        return closed;
    }

    // ---- for the connections (on the loop)

    EventLoop loop() {
        return loop;
    }

    Session session() {
        return session;
    }

    WireExtensions extensions() {
        return extensions;
    }

    boolean isFetching() {
        return state == State.FETCHING;
    }

    boolean isBanned(InetAddress ip) {
        return ip != null && banned.contains(ip);
    }

    int connected() {
        return peers.size();
    }

    /** A peer finished its handshake: null to accept it, or why not. */
    String peerUp(FetchPeer peer) {
        if (state != State.FETCHING) {
            return "metadata fetch over";
        }
        if (peer.remote().peerId().equals(session.config().wire().peerId())) {
            dialer.forget(peer.address());
            return "connected to ourselves";
        }
        if (isBanned(peer.ip())) {
            return "banned";
        }
        for (FetchPeer other : peers) {
            if (other.remote().peerId().equals(peer.remote().peerId())) {
                return "already connected to this peer";
            }
        }
        if (!peer.isOutgoing() && peers.size() >= session.config().peersPerTorrent()) {
            return "too many peers";
        }
        peers.add(peer);
        dialer.established(peer.address(), peer.isOutgoing());
        return null;
    }

    /**
     * The peer sent an extension handshake (it may send more): whether and how much metadata it
     * offers, and whether it is worth keeping without.
     */
    void peerHandshake(FetchPeer peer) {
        if (!peer.isOutgoing() && peer.ip() != null) {
            peer.extensions().listenPort().ifPresent(p -> dialer.remember(new InetSocketAddress(peer.ip(), p)));
        }
        var size = peer.extensions().metadataSize();
        if (peer.extensions().idOf(ExtensionHandshake.UT_METADATA).isEmpty() || size.isEmpty()) {
            assembler.peerGone(peer); // It may have offered metadata in an earlier handshake.
            if (!extensions.enabledBy(peer)) {
                peer.close("has no metadata to give");
            }
        } else if (!assembler.peerAnnounced(peer, size.getAsLong())) {
            peer.close("announces " + size.getAsLong() + " bytes of metadata, more than the "
                    + MetadataMessage.MAX_METADATA_SIZE + " we accept");
        } else {
            requestFrom(peer, System.nanoTime());
        }
    }

    void metadataReceived(FetchPeer peer, MetadataMessage m) {
        if (state != State.FETCHING) {
            return;
        }
        long now = System.nanoTime();
        if (m instanceof MetadataMessage.Reject r) {
            assembler.rejected(peer, r.piece());
        } else if (m instanceof MetadataMessage.Data d) {
            MetadataAssembler.Outcome<FetchPeer> outcome = assembler.received(peer, d);
            if (outcome instanceof MetadataAssembler.Outcome.Complete<FetchPeer> done) {
                verified(done.info());
                return;
            } else if (outcome instanceof MetadataAssembler.Outcome.Refused<FetchPeer> refused) {
                peer.close(refused.reason());
            } else if (outcome instanceof MetadataAssembler.Outcome.HashMismatch<FetchPeer> bad) {
                for (FetchPeer culprit : bad.contributors()) {
                    if (culprit.ip() != null) {
                        banned.add(culprit.ip());
                    }
                    culprit.close("sent metadata that does not match the info-hash");
                }
                log.info("{}: metadata failed its hash; banned {}", infoHash.hex(), bad.contributors());
            }
        }
        for (FetchPeer p : peers) {
            requestFrom(p, now);
        }
    }

    void peerDown(FetchPeer peer, boolean wasEstablished, CloseReason reason) {
        log.debug("{}: {}", infoHash.hex(), reason);
        if (wasEstablished && peers.remove(peer)) {
            extensions.peerGone(peer);
            assembler.peerGone(peer);
            long now = System.nanoTime();
            for (FetchPeer p : peers) {
                requestFrom(p, now);
            }
        }
        dialer.closed(peer.address(), peer.isOutgoing(), wasEstablished, reason);
    }

    private void requestFrom(FetchPeer peer, long now) {
        if (!peer.isEstablished()) {
            return;
        }
        for (OptionalInt piece = assembler.nextRequest(peer, now); piece.isPresent();
                piece = assembler.nextRequest(peer, now)) {
            peer.request(piece.getAsInt(), now);
        }
    }

    private void tick() {
        long now = System.nanoTime();
        for (FetchPeer p : new ArrayList<>(peers)) {
            if (p.asked.values().stream().anyMatch(since -> now - since >= requestTimeoutNanos)) {
                p.close("did not answer a metadata request in " + TimeUnit.NANOSECONDS.toMillis(requestTimeoutNanos) + " ms");
            } else {
                // A piece another peer sits on may be asked of this one now (the assembler's stall rule).
                requestFrom(p, now);
            }
        }
        dialer.connectMore();
        extensions.tick();
        status = snapshot();
    }

    // ---- the end

    private void verified(byte[] info) {
        List<List<String>> tiers = FetchDialer.tiers(params.link());
        Metainfo m;
        try {
            m = Metainfo.fromInfo(info, tiers, params.link().webSeeds());
        } catch (InvalidTorrentException e) {
            finish(State.FAILED, new MimException.BadInput(infoHash.hex() + ": the metadata peers sent is not a torrent "
                    + "mim can read: " + e.getMessage()), true);
            return;
        }
        Optional<InfoHash> v2 = params.link().infoHashV2();
        if (v2.isPresent() && m.hasV2() && !m.infoHashV2().equals(v2.get())) {
            finish(State.FAILED, new MimException.BadInput(infoHash.hex() + ": the metadata's v2 info-hash "
                    + m.infoHashV2().hex() + " is not the link's " + v2.get().hex()), true);
            return;
        }
        log.info("{}: metadata complete ({} bytes), {}", infoHash.hex(), info.length, m.name());
        state = State.SAVING;
        // The torrent that takes over announces itself; a fetch for the metadata alone says it stopped.
        closeConnections("metadata complete", params.metadataOnly());
        Path path = savedTorrentPath(params.folder(), infoHash);
        byte[] bytes = Metainfo.torrentFile(info, tiers, params.link().webSeeds());
        session.storagePool().execute(() -> {
            IOException failure = null;
            try {
                AtomicFiles.write(path, bytes);
            } catch (IOException e) {
                failure = e;
            }
            IOException f = failure;
            loop.execute(() -> saved(m, path, f));
        });
    }

    private void saved(Metainfo m, Path path, IOException failure) {
        if (state != State.SAVING) {
            closed.complete(null); // Stopped while saving: nothing starts.
        } else if (failure != null) {
            finish(State.FAILED, new MimException.Storage("cannot save " + path + ": " + Reason.of(failure), failure),
                    false);
        } else {
            handOver(m);
        }
    }

    /** Completes the metadata and starts the torrent with every peer the fetch knew and the bans it made. */
    private void handOver(Metainfo m) {
        Set<InetSocketAddress> known = firstPeers();
        known.addAll(dialer.knownAddresses());
        known.removeIf(a -> isBanned(a.getAddress()));
        List<InetSocketAddress> first = List.copyOf(known);
        state = State.DONE;
        status = snapshot();
        session.fetchDone(this);
        metadata.complete(m);
        if (params.metadataOnly()) {
            torrent.cancel(false);
            return;
        }
        try {
            torrent.complete(session.add(new TorrentParams(m, params.folder(), params.selection().apply(m),
                    params.overwrite(), first, banned)));
        } catch (MimException | RuntimeException e) {
            torrent.completeExceptionally(e);
        }
    }

    private void finish(State end, MimException why, boolean sayStopped) {
        state = end;
        closeConnections(end == State.STOPPED ? "session closing" : why.getMessage(), sayStopped);
        session.fetchDone(this);
        status = snapshot();
        if (end == State.FAILED) {
            log.warn("{}", why.getMessage());
        }
        metadata.completeExceptionally(why);
        torrent.completeExceptionally(why);
    }

    private void closeConnections(String why, boolean sayStopped) {
        if (ticker != null) {
            ticker.cancel(false);
        }
        dialer.stop(sayStopped);
        extensions.stop();
        for (FetchPeer p : new ArrayList<>(peers)) {
            p.close(why);
        }
    }

    private Optional<Metainfo> loadSaved() {
        Path path = savedTorrentPath(params.folder(), infoHash);
        try {
            if (!Files.isRegularFile(path)) {
                return Optional.empty();
            }
            Metainfo m = Metainfo.parse(Files.readAllBytes(path));
            return m.hasV1() && m.infoHashV1().equals(infoHash) ? Optional.of(m) : Optional.empty();
        } catch (IOException | InvalidTorrentException e) {
            log.info("{}: ignoring {}: {}", infoHash.hex(), path, e.getMessage());
            return Optional.empty();
        }
    }

    private FetchStatus snapshot() {
        int total = assembler.targetSize() == 0 ? 0 : (assembler.targetSize() + MetadataMessage.PIECE_SIZE - 1)
                / MetadataMessage.PIECE_SIZE;
        return new FetchStatus(state, peers.size(), assembler.piecesHave(), total, dialer.statuses());
    }

    @Override
    public String toString() {
        return "metadata fetch " + infoHash.hex();
    }
}
