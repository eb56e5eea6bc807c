package mim.core.hash;

import java.util.Arrays;
import java.util.BitSet;

/**
 * What {@link PieceHasher} computed for a torrent's pieces: the SHA-1 of each piece (v1), and with
 * v2 the SHA-256 merkle root of each piece's 16 KiB blocks (see {@link PieceHasher} for how those
 * are padded), plus which pieces could not be read in full.
 *
 * <p>Immutable once the hasher returns it; the arrays are not exposed.
 */
public final class PieceHashes {
    static final int SHA1_LENGTH = 20;
    static final int SHA256_LENGTH = 32;

    private final int pieceCount;
    private final byte[] sha1;
    private final byte[] roots;
    private final BitSet unavailable;

    PieceHashes(int pieceCount, byte[] sha1, byte[] roots, BitSet unavailable) {
        this.pieceCount = pieceCount;
        this.sha1 = sha1;
        this.roots = roots;
        this.unavailable = unavailable;
    }

    public int pieceCount() {
        return pieceCount;
    }

    /** The v1 {@code pieces} string: every piece's SHA-1, concatenated. */
    public byte[] concatenatedSha1() {
        return sha1.clone();
    }

    /** Whether piece {@code piece}'s SHA-1 equals the 20 bytes of {@code expected} at {@code offset}. */
    public boolean sha1Matches(int piece, byte[] expected, int offset) {
        int at = piece * SHA1_LENGTH;
        return !unavailable.get(piece)
                && Arrays.equals(sha1, at, at + SHA1_LENGTH, expected, offset, offset + SHA1_LENGTH);
    }

    /** Whether v2 roots were computed. */
    public boolean hasRoots() {
        return roots != null;
    }

    /** The merkle root of piece {@code piece}'s blocks (32 bytes); only when {@link #hasRoots()}. */
    public byte[] root(int piece) {
        if (roots == null) {
            throw new IllegalStateException("no v2 hashes were computed");
        }
        int at = piece * SHA256_LENGTH;
        return Arrays.copyOfRange(roots, at, at + SHA256_LENGTH);
    }

    /** The pieces some of whose bytes did not exist (missing or short files). */
    public BitSet unavailable() {
        return (BitSet) unavailable.clone();
    }
}
