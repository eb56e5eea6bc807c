package mim.core.session;

import io.netty.buffer.ByteBuf;
import io.netty.util.ReferenceCountUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mim.core.spi.PeerStats;
import mim.core.wire.BlockRef;
import mim.core.wire.CloseReason;
import mim.core.wire.Handshake;
import mim.core.wire.Message;
import mim.core.wire.PeerConnection;
import mim.core.wire.PeerHandler;
import mim.core.wire.ProtocolViolation;

/**
 * One connection of a torrent, from its handshake to its end: the four choke and interest flags,
 * our requests to it (through the torrent's picker and this peer's {@link RequestQueue}), and its
 * requests to us (read from storage and sent while we unchoke it).
 *
 * <p>States: connecting -> established ({@link #onHandshake} accepted by the torrent) -> closed.
 * A bitfield, have-all or have-none is accepted only before any other message (BEP 3, BEP 6),
 * extension-protocol messages, keep-alives and port messages apart.
 *
 * <p>Threading: all state is the torrent's loop's. A connection we open runs on that loop; one a
 * peer opened to us may run on another loop of the group, so every {@link PeerHandler} call first
 * moves itself to the torrent's loop (in order: one producer, one FIFO queue). Ownership: a received
 * piece's buffer passes to the torrent's write path or is released here.
 */
final class Peer implements PeerHandler, ExtensionPeer {
    /**
     * Requests of ours a peer may queue; past it we refuse (Fast) or drop them. Announced as {@code reqq},
     * which libtorrent takes as the most it keeps outstanding with us once its link is fast. Measured on
     * loopback, a libtorrent leecher took from us, against from a libtorrent seed: at 256, 1.3-1.5x the
     * time; at 500, 1.1-1.2x; at 1000, 0.93x. Four at once took 0.96x as long at 1000 but 1.17x at 2000
     * (libtorrent's own figure), with 30 MiB more memory: their windows together outgrew the read cache.
     * A queued request is a few dozen bytes; the blocks are read {@value #MAX_READS_IN_FLIGHT} at a time.
     */
    static final int MAX_QUEUED_UPLOADS = 1000;
    /** Blocks read for one peer at a time; enough to keep a fast link busy, no more. */
    private static final int MAX_READS_IN_FLIGHT = 8;
    /** Blocks of pieces we are not downloading a peer may send (late arrivals) before it is dropped. */
    private static final int MAX_UNREQUESTED = 32;

    private final Torrent torrent;
    /** Known from the start for a connection we open; from the socket at the handshake otherwise. */
    private InetSocketAddress address;
    private final boolean outgoing;
    final RequestQueue requests = new RequestQueue();
    final RateMeter uploadRate = new RateMeter();
    private final PeerExtensions extensions = new PeerExtensions();
    private final ArrayDeque<BlockRef> uploads = new ArrayDeque<>();
    private PeerConnection connection;
    private Handshake remote;
    private long connectedAtNanos;
    private boolean established;
    private boolean closed;
    private boolean sawFirstMessage;
    boolean amChoking = true;
    boolean amInterested;
    boolean peerChoking = true;
    boolean peerInterested;
    private boolean seed;
    private int readsInFlight;
    /** Reading is off: for the torrent's write budget, for the session's download limit. */
    private boolean budgetHeld;
    private boolean rateHeld;
    /** Whether the connection's reads are kept small for a download limit (see {@code PeerReads}). */
    private boolean readsLimited;
    /** Sending is paused for the session's upload limit. */
    private boolean uploadHeld;
    private int unrequested;
    /** Payload bytes received from and sent to this peer on this connection. */
    private long downloadedBytes;
    private long uploadedBytes;

    Peer(Torrent torrent, InetSocketAddress address, boolean outgoing) {
        this.torrent = torrent;
        this.address = address;
        this.outgoing = outgoing;
    }

    @Override
    public InetSocketAddress address() {
        return address;
    }

    @Override
    public PeerExtensions extensions() {
        return extensions;
    }

    /**
     * Folds in one of the peer's extension handshakes; the number of requests it said it queues caps
     * ours.
     *
     * @throws ProtocolViolation if it does not decode
     */
    void extensionHandshake(Message.Extended message) throws ProtocolViolation {
        extensions.handshake(message);
        extensions.requestQueue().ifPresent(requests::peerQueues);
    }

    InetAddress ip() {
        return address == null ? null : address.getAddress();
    }

    @Override
    public boolean isOutgoing() {
        return outgoing;
    }

    Handshake remote() {
        return remote;
    }

    long connectedAtNanos() {
        return connectedAtNanos;
    }

    @Override
    public boolean isEstablished() {
        return established && !closed;
    }

    /** Whether it has every piece (have-all, or a complete bitfield or set of haves). */
    @Override
    public boolean isSeed() {
        return seed;
    }

    boolean fast() {
        return connection != null && connection.fastEnabled();
    }

    @Override
    public boolean isEncrypted() {
        return connection != null && connection.isEncrypted();
    }

    /** Whether both sides announced the extension protocol (BEP 10). */
    boolean extensionProtocol() {
        return connection != null && connection.extensionProtocolEnabled();
    }

    // ---- PeerHandler: every call moves to the torrent's loop first

    @Override
    public void onHandshake(PeerConnection conn, Handshake handshake) {
        if (!torrent.loop().inEventLoop()) {
            torrent.loop().execute(() -> onHandshake(conn, handshake));
            return;
        }
        this.connection = conn;
        this.remote = handshake;
        if (address == null && conn.remoteAddress() instanceof InetSocketAddress a) {
            address = a;
        }
        this.connectedAtNanos = System.nanoTime();
        String refusal = torrent.peerUp(this);
        if (refusal != null) {
            conn.close(refusal);
            return;
        }
        established = true;
        torrent.sendOurPieces(this);
        torrent.extensions().peerJoined(this);
        torrent.peerJoined();
    }

    @Override
    public void onMessage(Message message) {
        if (!torrent.loop().inEventLoop()) {
            try {
                torrent.loop().execute(() -> onMessage(message));
            } catch (RuntimeException e) {
                ReferenceCountUtil.release(message);
            }
            return;
        }
        if (!isEstablished()) {
            ReferenceCountUtil.release(message);
            return;
        }
        try {
            handle(message);
        } catch (Bitfield.Malformed e) {
            close("sent a bad bitfield: " + e.getMessage());
        }
    }

    @Override
    public void onWritabilityChanged(boolean writable) {
        if (!torrent.loop().inEventLoop()) {
            torrent.loop().execute(() -> onWritabilityChanged(writable));
            return;
        }
        if (writable) {
            pumpUploads();
        }
    }

    @Override
    public void onClosed(CloseReason reason) {
        if (!torrent.loop().inEventLoop()) {
            torrent.loop().execute(() -> onClosed(reason));
            return;
        }
        boolean wasEstablished = established;
        closed = true;
        uploads.clear();
        torrent.peerDown(this, wasEstablished, reason);
    }

    // ---- messages

    private void handle(Message message) throws Bitfield.Malformed {
        boolean first = !sawFirstMessage;
        // libtorrent sends its extension handshake before its bitfield: such messages do not count.
        sawFirstMessage |= !(message instanceof Message.Extended || message instanceof Message.KeepAlive
                || message instanceof Message.Port);
        PiecePicker<Peer> picker = torrent.picker();
        if (message instanceof Message.Piece piece) {
            received(piece);
        } else if (message instanceof Message.Request r) {
            requested(r.block());
        } else if (message instanceof Message.Have h) {
            seed = picker.peerHave(this, h.piece());
            afterAvailability();
        } else if (message instanceof Message.Bitfield b) {
            // BEP 3 wants it first, but aria2 sends have-none and haves before it: like libtorrent, a
            // later bitfield replaces what the peer said before.
            Bitfield pieces = Bitfield.fromWire(b.bits(), torrent.pieceCount());
            seed = pieces.isComplete();
            picker.peerBitfield(this, pieces);
            afterAvailability();
        } else if (message instanceof Message.HaveAll) {
            if (firstOnly(first, "have-all")) {
                seed = true;
                picker.peerHaveAll(this);
                afterAvailability();
            }
        } else if (message instanceof Message.HaveNone) {
            firstOnly(first, "have-none");
        } else if (message instanceof Message.Choke) {
            peerChoking = true;
            requests.dropped(picker.peerChoked(this).size());
        } else if (message instanceof Message.Unchoke) {
            peerChoking = false;
            picker.peerUnchoked(this);
            fillRequests();
        } else if (message instanceof Message.Interested || message instanceof Message.NotInterested) {
            peerInterested = message instanceof Message.Interested;
            torrent.peerInterestChanged(this);
        } else if (message instanceof Message.Cancel c) {
            uploads.remove(c.block());
        } else if (message instanceof Message.Reject r) {
            if (picker.peerRejected(this, r.block())) {
                requests.dropped(1);
                fillRequests();
            }
        } else if (message instanceof Message.AllowedFast a) {
            picker.peerAllowedFast(this, a.piece());
            fillRequests();
        } else if (message instanceof Message.Suggest s) {
            picker.peerSuggested(this, s.piece());
        } else if (message instanceof Message.Extended e) {
            torrent.extensions().received(this, e);
        }
        // Keep-alive and port messages need nothing from us yet.
    }

    /** Whether an availability message came first, as BEP 3 and 6 require; closes if not. */
    private boolean firstOnly(boolean first, String what) {
        if (!first) {
            close("sent " + what + " after other messages");
        }
        return first;
    }

    private void afterAvailability() {
        if (torrent.refusesSeed(this)) {
            close("both sides are seeds");
            return;
        }
        updateInterest();
        fillRequests();
    }

    private void received(Message.Piece piece) {
        BlockRef block = piece.block();
        BlockArrival<Peer> arrival = torrent.picker().blockReceived(this, block);
        switch (arrival.kind()) {
            case INVALID -> {
                piece.release();
                close("sent a block that is not one we ask for: " + block);
                return;
            }
            case UNREQUESTED -> {
                piece.release();
                if (++unrequested > MAX_UNREQUESTED) {
                    close("sends blocks nobody asked for");
                }
                return;
            }
            default -> {
            }
        }
        requests.received(block.length(), System.nanoTime());
        RateLimit limit = torrent.downloadLimit();
        boolean limited = limit.isLimited();
        if (limited != readsLimited) {
            readsLimited = limited;
            connection.limitReads(limited);
        }
        holdOffReading(limit.take(block.length()));
        downloadedBytes += block.length();
        for (BlockArrival.Cancel<Peer> cancel : arrival.cancels()) {
            cancel.peer().cancel(cancel.block());
        }
        if (arrival.keep()) {
            torrent.writeBlock(this, piece, arrival.kind() == BlockArrival.Kind.PIECE_COMPLETE);
        } else {
            piece.release();
        }
        fillRequests();
    }

    /** Sends as many requests as the queue has room for, in batches (see {@link RequestQueue#sendable}). */
    void fillRequests() {
        if (!isEstablished() || !amInterested || !torrent.isDownloading()) {
            return;
        }
        int room = requests.sendable();
        if (room == 0) {
            return;
        }
        List<BlockRef> picked = torrent.picker().pick(this, room);
        if (picked.isEmpty()) {
            return;
        }
        connection.writeRequests(picked);
        connection.flush();
        requests.requested(picked.size(), System.nanoTime());
    }

    /** The picker took a request of ours back (endgame, snub): tell the peer. */
    void cancel(BlockRef block) {
        requests.dropped(1);
        if (isEstablished()) {
            connection.send(new Message.Cancel(block));
        }
    }

    /** Sends interested or not interested when our interest changed. */
    void updateInterest() {
        if (!isEstablished()) {
            return;
        }
        boolean want = torrent.isDownloading() && torrent.picker().isInteresting(this);
        if (want != amInterested) {
            amInterested = want;
            connection.send(want ? Message.INTERESTED : Message.NOT_INTERESTED);
        }
    }

    // ---- serving

    private void requested(BlockRef block) {
        boolean allowed = !amChoking && torrent.isServable(block.piece());
        if (!allowed || uploads.size() >= MAX_QUEUED_UPLOADS) {
            if (fast()) {
                connection.send(new Message.Reject(block));
            }
            return;
        }
        uploads.add(block);
        pumpUploads();
    }

    private void pumpUploads() {
        while (isEstablished() && !uploadHeld && readsInFlight < MAX_READS_IN_FLIGHT && connection.isWritable()
                && !uploads.isEmpty()) {
            BlockRef next = uploads.poll();
            readsInFlight++;
            torrent.readBlock(this, next);
            holdOffUploads(torrent.uploadLimit().take(next.length()));
        }
    }

    /** Over an upload limit: the next block waits until the debt is paid, looking again at least every tenth of a second. */
    private void holdOffUploads(long nanos) {
        if (nanos <= 0) {
            return;
        }
        uploadHeld = true;
        torrent.loop().schedule(() -> {
            uploadHeld = false;
            long debt = torrent.uploadLimit().debt();
            if (debt > 0) {
                holdOffUploads(debt);
            } else {
                pumpUploads();
            }
        }, Math.min(nanos, RateLimit.MAX_HOLD_NANOS), TimeUnit.NANOSECONDS);
    }

    /** A block read for this peer: send it, unless the peer is gone or we choked it meanwhile. */
    void blockRead(BlockRef block, ByteBuf data) {
        readsInFlight--;
        if (!isEstablished() || amChoking) {
            data.release();
            return;
        }
        connection.send(new Message.Piece(block.piece(), block.offset(), data));
        uploadRate.add(block.length(), System.nanoTime());
        uploadedBytes += block.length();
        torrent.uploaded(block.length());
        pumpUploads();
    }

    /** A block read failed (the torrent stops): the request is dropped. */
    void blockReadFailed() {
        readsInFlight--;
    }

    void choke() {
        if (amChoking || !isEstablished()) {
            return;
        }
        amChoking = true;
        connection.send(Message.CHOKE);
        if (fast()) {
            for (BlockRef b : uploads) {
                connection.write(new Message.Reject(b));
            }
            connection.flush();
        }
        uploads.clear();
    }

    void unchoke() {
        if (!amChoking || !isEstablished()) {
            return;
        }
        amChoking = false;
        connection.send(Message.UNCHOKE);
    }

    @Override
    public void send(Message message) {
        if (isEstablished()) {
            connection.send(message);
        }
    }

    /** The torrent's write budget is used up (or has room again): stop (or go on) reading. */
    void setAutoRead(boolean on) {
        budgetHeld = !on;
        applyAutoRead();
    }

    /** Past a download limit (the torrent's or the session's): stop reading until the debt is paid. */
    private void holdOffReading(long nanos) {
        if (nanos <= 0 || rateHeld) {
            return;
        }
        rateHeld = true;
        applyAutoRead();
        // Looks again at least every tenth of a second: a limit raised or lifted meanwhile applies at once.
        torrent.loop().schedule(() -> {
            rateHeld = false;
            long debt = torrent.downloadLimit().debt();
            if (debt > 0) {
                holdOffReading(debt);
            } else {
                applyAutoRead();
            }
        }, Math.min(nanos, RateLimit.MAX_HOLD_NANOS), TimeUnit.NANOSECONDS);
    }

    private void applyAutoRead() {
        if (connection != null) {
            connection.setAutoRead(!budgetHeld && !rateHeld);
        }
    }

    @Override
    public void close(String why) {
        if (connection != null && !closed) {
            connection.close(why);
        }
    }

    /** This connection as a user interface shows it; for an established peer. */
    PeerStats stats(long nowNanos) {
        boolean down = !peerChoking && amInterested;
        boolean up = !amChoking && peerInterested;
        String state = down && up ? "exchanging" : down ? "downloading" : up ? "uploading" : "idle";
        String host = address.getAddress().getHostAddress();
        String shown = (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
        return new PeerStats(shown, extensions.client().orElseGet(() -> remote.peerId().clientTag()), isEncrypted(),
                outgoing, state, seed, downloadedBytes, uploadedBytes, requests.rate(nowNanos), uploadRate.rate(nowNanos));
    }

    @Override
    public String toString() {
        return "peer " + address;
    }
}
