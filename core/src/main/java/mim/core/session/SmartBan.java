package mim.core.session;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds out who lied in a piece that several peers shared and that failed its hash. Each failure
 * is remembered as an attempt: for every block, who sent it and a SHA-1 of what they sent. When the
 * piece later verifies, its good blocks are known: a sender whose block differs from the good one
 * is a liar, whichever peers it shared the piece with, and the others are cleared. A sender that
 * sent one block twice with different bytes is a liar at once, since an honest peer always sends
 * the same bytes for a block.
 *
 * <p>Memory: an attempt holds a 20-byte digest and an address a block, and lives until its piece
 * verifies or the torrent ends; at most {@value #MAX_ATTEMPTS_PER_PIECE} attempts are kept a piece
 * (the oldest go first), so a piece that keeps failing costs a bounded amount.
 *
 * <p>Not thread safe: owned by the torrent's event loop.
 */
final class SmartBan {
    static final int MAX_ATTEMPTS_PER_PIECE = 8;

    /** One failed attempt at a piece: per block, its sender (null if unknown) and their bytes' digest. */
    private record Attempt(InetAddress[] senders, byte[][] digests) {}

    private final Map<Integer, List<Attempt>> attempts = new HashMap<>();

    /** Whether the piece failed before and its blocks are to be compared when it verifies. */
    boolean isSuspect(int piece) {
        return attempts.containsKey(piece);
    }

    /**
     * Remembers a failed attempt.
     *
     * @param senders the sender of each block, in block order (null where unknown)
     * @param digests the SHA-1 of each block as received, in block order
     * @return the senders that sent a block with other bytes than they sent in an earlier attempt
     */
    Set<InetAddress> failed(int piece, List<InetAddress> senders, byte[][] digests) {
        if (senders.size() != digests.length) {
            throw new IllegalArgumentException(senders.size() + " senders for " + digests.length + " blocks");
        }
        List<Attempt> earlier = attempts.computeIfAbsent(piece, p -> new ArrayList<>());
        Set<InetAddress> liars = new LinkedHashSet<>();
        for (Attempt before : earlier) {
            for (int b = 0; b < digests.length; b++) {
                InetAddress now = senders.get(b);
                if (now != null && now.equals(before.senders[b]) && !Arrays.equals(digests[b], before.digests[b])) {
                    liars.add(now);
                }
            }
        }
        if (earlier.size() == MAX_ATTEMPTS_PER_PIECE) {
            earlier.remove(0);
        }
        earlier.add(new Attempt(senders.toArray(InetAddress[]::new), digests));
        return liars;
    }

    /**
     * The piece verified, its blocks hashing to {@code digests}: judges every attempt remembered for
     * it and forgets them.
     *
     * @return the senders of blocks that differ from the verified ones
     */
    Set<InetAddress> passed(int piece, byte[][] digests) {
        List<Attempt> earlier = attempts.remove(piece);
        if (earlier == null) {
            return Set.of();
        }
        Set<InetAddress> liars = new LinkedHashSet<>();
        for (Attempt a : earlier) {
            for (int b = 0; b < digests.length; b++) {
                if (a.senders[b] != null && !Arrays.equals(digests[b], a.digests[b])) {
                    liars.add(a.senders[b]);
                }
            }
        }
        return liars;
    }

    /** Pieces with failed attempts remembered. For tests. */
    int suspects() {
        return attempts.size();
    }
}
