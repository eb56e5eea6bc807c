package mim.core.metadata;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * Answers BEP 9 requests for a torrent's info dictionary: a data message when we have it and the
 * peer is within its rate, a reject otherwise (we do not have it yet, the piece is past the end,
 * or the peer asks too fast).
 *
 * <p>The rate bound is a token bucket per peer: {@code burst} pieces at once, refilled at
 * {@code piecesPerSecond}. The default lets a peer fetch a 1 MiB info dictionary (64 pieces) at
 * once and then 16 pieces a second, so no peer can make us resend metadata as a bandwidth sink.
 *
 * <p>Not thread-safe: owned by the torrent's event loop. Times are {@link System#nanoTime()}
 * readings passed in. The caller forgets a peer with {@link #peerGone}, which bounds the state to
 * the peers connected. Throws nothing for what peers send.
 */
public final class MetadataServer<P> {
    public static final int DEFAULT_BURST = 64;
    public static final int DEFAULT_PIECES_PER_SECOND = 16;

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final byte[] info;
    private final int burst;
    private final int piecesPerSecond;
    private final Map<P, Bucket> buckets = new HashMap<>();

    private static final class Bucket {
        double tokens;
        long at;

        Bucket(double tokens, long at) {
            this.tokens = tokens;
            this.at = at;
        }
    }

    /**
     * @param info the raw info dictionary, or null when we do not have it yet
     * @throws IllegalArgumentException for an info dictionary larger than
     *     {@link MetadataMessage#MAX_METADATA_SIZE} or a bound that is not positive
     */
    public MetadataServer(byte[] info, int burst, int piecesPerSecond) {
        if (info != null && (info.length == 0 || info.length > MetadataMessage.MAX_METADATA_SIZE)) {
            throw new IllegalArgumentException("an info dictionary of " + info.length + " bytes cannot be served");
        }
        if (burst <= 0 || piecesPerSecond <= 0) {
            throw new IllegalArgumentException("rate bounds must be positive");
        }
        this.info = info == null ? null : info.clone();
        this.burst = burst;
        this.piecesPerSecond = piecesPerSecond;
    }

    /** Serving {@code info} at the default rate. */
    public static <P> MetadataServer<P> serving(byte[] info) {
        return new MetadataServer<>(info, DEFAULT_BURST, DEFAULT_PIECES_PER_SECOND);
    }

    /** Rejecting every request: a torrent still fetching its own metadata. */
    public static <P> MetadataServer<P> without() {
        return new MetadataServer<>(null, DEFAULT_BURST, DEFAULT_PIECES_PER_SECOND);
    }

    /** The size to announce as {@code metadata_size} in our extension handshake, when we have it. */
    public OptionalInt metadataSize() {
        return info == null ? OptionalInt.empty() : OptionalInt.of(info.length);
    }

    /** What to answer {@code peer}'s request with at time {@code now}. */
    public MetadataMessage answer(P peer, MetadataMessage.Request request, long now) {
        int piece = request.piece();
        if (info == null || piece >= MetadataMessage.pieceCount(info.length) || !take(peer, now)) {
            return new MetadataMessage.Reject(piece);
        }
        int from = piece * MetadataMessage.PIECE_SIZE;
        return new MetadataMessage.Data(piece, info.length,
                Arrays.copyOfRange(info, from, from + MetadataMessage.pieceLength(info.length, piece)));
    }

    /** Forgets {@code peer}'s rate state. */
    public void peerGone(P peer) {
        buckets.remove(peer);
    }

    private boolean take(P peer, long now) {
        Bucket b = buckets.computeIfAbsent(peer, p -> new Bucket(burst, now));
        long elapsed = now - b.at;
        if (elapsed > 0) {
            b.tokens = Math.min(burst, b.tokens + (double) elapsed * piecesPerSecond / SECOND);
            b.at = now;
        }
        if (b.tokens < 1) {
            return false;
        }
        b.tokens -= 1;
        return true;
    }
}
