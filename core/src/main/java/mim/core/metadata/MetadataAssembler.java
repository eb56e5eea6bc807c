package mim.core.metadata;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import mim.core.metainfo.InfoHash;

/**
 * Fetches a torrent's info dictionary from peers (BEP 9), for a torrent added by magnet link.
 *
 * <p>States: <em>waiting</em> (no peer announced a usable {@code metadata_size}) → <em>fetching</em>
 * a target size in {@value MetadataMessage#PIECE_SIZE}-byte pieces → <em>complete</em> when every
 * piece arrived and the bytes hash to the info-hash (SHA-1 for a v1 hash, SHA-256 for a v2 one).
 * On a hash mismatch the pieces are discarded, the peers that sent them are reported (the caller
 * bans them) and forgotten, and fetching starts again at the size most remaining peers announced.
 * When no remaining peer announced the target size but others announced another, the target moves
 * to theirs: a size nobody vouches for any more cannot be finished.
 *
 * <p>Pieces nobody was asked for go first, one peer each. Once every missing piece is asked for, a
 * peer with no request open is asked for the piece with the fewest askers, up to
 * {@value #MAX_ASKERS} at once: metadata is a few pieces of 16 KiB, so a duplicate costs little,
 * and a piece never waits on one slow or silent peer while another sits idle. When every missing
 * piece has that many, an idle peer may still take one whose newest request is
 * {@link #STALL_NANOS} old.
 * The first answer wins; later ones are ignored. The request timeout is for giving up on a peer:
 * a request that old no longer counts, and the piece goes to the next peer asking as if it had
 * never been asked.
 *
 * <p>The caller feeds in what peers say ({@link #peerAnnounced}, {@link #received},
 * {@link #rejected}, {@link #peerGone}) and asks whom to request what ({@link #nextRequest}).
 * Times are {@link System#nanoTime()} readings passed in, so tests choose them. {@code P} is the
 * caller's peer handle, compared with {@code equals}.
 *
 * <p>Not thread-safe: owned by the torrent's event loop. Never throws for what peers send; the
 * {@link Outcome} says what happened.
 */
public final class MetadataAssembler<P> {
    /** A peer asked for a piece this long ago without answering loses it to the next peer asking. */
    public static final long DEFAULT_REQUEST_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(20);
    /**
     * How long a piece waits on one peer before another may be asked for it as well: a few round
     * trips of a slow peer, far below the request timeout, after which a silent peer is dropped.
     */
    public static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(3);
    /**
     * Requests one peer has open at once. One: rtorrent answers only one of two requests that
     * arrive together, and leaves the other to time out; more pieces come from more peers.
     */
    public static final int MAX_REQUESTS_PER_PEER = 1;
    /** Peers asked for one piece at once, when idle peers double up on pieces others have open. */
    public static final int MAX_ASKERS = 3;

    /** What a data message did. */
    public sealed interface Outcome<P> {
        /** Stored; more pieces are missing. */
        record Accepted<P>() implements Outcome<P> {}

        /** Not requested from this peer (late, duplicate, or after completion); dropped without blame. */
        record Ignored<P>() implements Outcome<P> {}

        /** The peer contradicted itself (a {@code total_size} other than the target): a protocol violation. */
        record Refused<P>(String reason) implements Outcome<P> {}

        /** The info dictionary, verified against the info-hash. */
        record Complete<P>(byte[] info) implements Outcome<P> {
            @Override
            public byte[] info() {
                return info.clone();
            }
        }

        /** The pieces did not hash to the info-hash; these peers sent them. Fetching starts over. */
        record HashMismatch<P>(Set<P> contributors) implements Outcome<P> {}
    }

    private final InfoHash infoHash;
    private final int maxSize;
    private final long requestTimeoutNanos;
    /** Every peer that announced a size we would accept, in the order they did. */
    private final Map<P, Integer> announced = new LinkedHashMap<>();
    /** Each requested piece's open requests: peer to when it was asked. */
    private final Map<Integer, Map<P, Long>> pending = new HashMap<>();
    private final Map<Integer, P> senders = new HashMap<>();
    private int size;
    private byte[] buffer;
    private BitSet have;
    private byte[] complete;

    /**
     * @param maxSize the largest info dictionary we accept, at most {@link MetadataMessage#MAX_METADATA_SIZE}
     * @throws IllegalArgumentException for a size limit or timeout out of range
     */
    public MetadataAssembler(InfoHash infoHash, int maxSize, long requestTimeoutNanos) {
        this.infoHash = Objects.requireNonNull(infoHash, "infoHash");
        if (maxSize <= 0 || maxSize > MetadataMessage.MAX_METADATA_SIZE) {
            throw new IllegalArgumentException("metadata size limit " + maxSize + " not in 1.."
                    + MetadataMessage.MAX_METADATA_SIZE);
        }
        if (requestTimeoutNanos <= 0) {
            throw new IllegalArgumentException("request timeout must be positive");
        }
        this.maxSize = maxSize;
        this.requestTimeoutNanos = requestTimeoutNanos;
    }

    /** With the default limit of {@value MetadataMessage#MAX_METADATA_SIZE} bytes and timeout. */
    public MetadataAssembler(InfoHash infoHash) {
        this(infoHash, MetadataMessage.MAX_METADATA_SIZE, DEFAULT_REQUEST_TIMEOUT_NANOS);
    }

    /**
     * A peer's extension handshake announced {@code metadata_size}. Returns false, and the peer is
     * never asked, when the size is not positive or above the limit.
     */
    public boolean peerAnnounced(P peer, long metadataSize) {
        if (metadataSize <= 0 || metadataSize > maxSize) {
            return false;
        }
        announced.put(peer, (int) metadataSize);
        if (complete == null && size == 0) {
            start((int) metadataSize);
        } else {
            retargetIfOrphaned();
        }
        return true;
    }

    /**
     * The piece to request from {@code peer} now, if any: a missing piece nobody was asked for, or
     * whose requests timed out; failing that, one not asked of this peer: the one with the fewest
     * askers (fewer than {@value #MAX_ASKERS}) when the peer has no request open, otherwise or
     * failing that one whose newest request is {@link #STALL_NANOS} old. Empty when done, when the
     * peer announced another size, or when it has {@value #MAX_REQUESTS_PER_PEER} requests open.
     */
    public OptionalInt nextRequest(P peer, long now) {
        Integer peerSize = announced.get(peer);
        if (complete != null || peerSize == null || peerSize != size) {
            return OptionalInt.empty();
        }
        long open = pending.values().stream()
                .filter(asked -> asked.containsKey(peer) && now - asked.get(peer) < requestTimeoutNanos).count();
        if (open >= MAX_REQUESTS_PER_PEER) {
            return OptionalInt.empty();
        }
        int count = MetadataMessage.pieceCount(size);
        int shared = -1;
        int stalled = -1;
        for (int piece = have.nextClearBit(0); piece < count; piece = have.nextClearBit(piece + 1)) {
            Map<P, Long> asked = pending.get(piece);
            long newest = asked == null ? 0 : newest(asked.values());
            if (asked == null || now - newest >= requestTimeoutNanos) {
                // Timed-out requests are forgotten: their answers, should they come, are ignored.
                Map<P, Long> fresh = new HashMap<>();
                fresh.put(peer, now);
                pending.put(piece, fresh);
                return OptionalInt.of(piece);
            }
            if (asked.containsKey(peer)) {
                continue;
            }
            if (asked.size() < MAX_ASKERS && (shared < 0 || asked.size() < pending.get(shared).size())) {
                shared = piece;
            }
            if (stalled < 0 && now - newest >= STALL_NANOS) {
                stalled = piece;
            }
        }
        int piece = open == 0 && shared >= 0 ? shared : stalled;
        if (piece < 0) {
            return OptionalInt.empty();
        }
        pending.get(piece).put(peer, now);
        return OptionalInt.of(piece);
    }

    /** A data message from {@code peer}. */
    public Outcome<P> received(P peer, MetadataMessage.Data data) {
        if (complete != null) {
            return new Outcome.Ignored<>();
        }
        if (data.totalSize() != announced.getOrDefault(peer, data.totalSize()) || data.totalSize() != size) {
            forget(data.piece(), peer);
            return new Outcome.Refused<>("ut_metadata total_size " + data.totalSize() + " differs from the "
                    + (size == 0 ? "unknown" : Integer.toString(size)) + " bytes being fetched");
        }
        Map<P, Long> asked = pending.get(data.piece());
        if (asked == null || !asked.containsKey(peer)) {
            return new Outcome.Ignored<>();
        }
        pending.remove(data.piece());
        System.arraycopy(data.bytes(), 0, buffer, data.piece() * MetadataMessage.PIECE_SIZE,
                MetadataMessage.pieceLength(size, data.piece()));
        have.set(data.piece());
        senders.put(data.piece(), peer);
        if (have.cardinality() < MetadataMessage.pieceCount(size)) {
            return new Outcome.Accepted<>();
        }
        InfoHash actual = infoHash.version() == InfoHash.Version.V1 ? InfoHash.v1Of(buffer) : InfoHash.v2Of(buffer);
        if (actual.equals(infoHash)) {
            complete = buffer;
            buffer = null;
            pending.clear();
            return new Outcome.Complete<>(complete);
        }
        Set<P> culprits = new LinkedHashSet<>(senders.values());
        culprits.forEach(announced::remove);
        size = 0;
        retargetIfOrphaned();
        return new Outcome.HashMismatch<>(Set.copyOf(culprits));
    }

    /** {@code peer} will not send {@code piece}: it is not asked again. */
    public void rejected(P peer, int piece) {
        forget(piece, peer);
        peerGone(peer);
    }

    /** {@code peer} disconnected or stopped serving metadata: its requests go back to the pool. */
    public void peerGone(P peer) {
        announced.remove(peer);
        for (int piece : new ArrayList<>(pending.keySet())) {
            forget(piece, peer);
        }
        retargetIfOrphaned();
    }

    /** The latest of some {@link System#nanoTime()} readings, compared by difference as they may wrap. */
    private static long newest(Collection<Long> times) {
        long newest = times.iterator().next();
        for (long t : times) {
            newest = t - newest > 0 ? t : newest;
        }
        return newest;
    }

    private void forget(int piece, P peer) {
        Map<P, Long> asked = pending.get(piece);
        if (asked != null && asked.remove(peer) != null && asked.isEmpty()) {
            pending.remove(piece);
        }
    }

    public boolean isComplete() {
        return complete != null;
    }

    /** The verified info dictionary, once complete. */
    public Optional<byte[]> info() {
        return complete == null ? Optional.empty() : Optional.of(complete.clone());
    }

    /** The size being fetched, or 0 while waiting. */
    public int targetSize() {
        return complete != null ? complete.length : size;
    }

    /** Pieces received of the target; 0 while waiting. */
    public int piecesHave() {
        return complete != null ? MetadataMessage.pieceCount(complete.length) : have == null ? 0 : have.cardinality();
    }

    private void start(int newSize) {
        size = newSize;
        buffer = new byte[newSize];
        have = new BitSet(MetadataMessage.pieceCount(newSize));
        pending.clear();
        senders.clear();
    }

    /** Moves to the most announced size when nobody left vouches for the current one. */
    private void retargetIfOrphaned() {
        if (complete != null || (size != 0 && announced.containsValue(size))) {
            return;
        }
        Map<Integer, Integer> votes = new HashMap<>();
        int best = 0;
        for (int s : new ArrayList<>(announced.values())) {
            int v = votes.merge(s, 1, Integer::sum);
            if (best == 0 || v > votes.get(best)) {
                best = s;
            }
        }
        if (best != 0) {
            start(best);
        } else if (size == 0) {
            buffer = null;
            have = null;
            pending.clear();
            senders.clear();
        }
    }

    @Override
    public String toString() {
        return "MetadataAssembler[" + infoHash + ", " + piecesHave() + "/"
                + (size == 0 ? "?" : MetadataMessage.pieceCount(size)) + " pieces" + (complete != null ? ", complete]" : "]");
    }
}
