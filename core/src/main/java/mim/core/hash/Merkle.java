package mim.core.hash;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The SHA-256 merkle trees of BEP 52: a file's 16 KiB blocks are the leaves, the leaf count is
 * padded to a power of two with all-zero leaf hashes, and each node is the SHA-256 of its two
 * children.
 *
 * <p>A file larger than one piece keeps its "piece layer": the nodes covering one piece each. The
 * pieces past the end of the file then stand for subtrees of zero leaves, whose root is
 * {@link #zeroRoot} of the piece's leaf count, not 32 zero bytes.
 *
 * <p>Stateless; the methods take the {@link MessageDigest} to use, which the caller owns.
 */
public final class Merkle {
    /** The size of a leaf block. */
    public static final int BLOCK = 16 * 1024;
    public static final int HASH = 32;

    private Merkle() {}

    /** A SHA-256 digest; every JDK has one. */
    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java has no SHA-256", e);
        }
    }

    /** The smallest power of two at least {@code n} (1 for 0). */
    public static int ceilPow2(int n) {
        return n <= 1 ? 1 : Integer.highestOneBit(n - 1) << 1;
    }

    /**
     * Reduces {@code width} hashes (a power of two) at the start of {@code nodes} to their root, in
     * place, and writes it to {@code out} at {@code outOffset}. {@code nodes} is overwritten.
     */
    public static void reduce(MessageDigest sha256, byte[] nodes, int width, byte[] out, int outOffset) {
        for (int n = width; n > 1; n >>>= 1) {
            for (int i = 0; i < n / 2; i++) {
                sha256.update(nodes, 2 * i * HASH, 2 * HASH);
                digestInto(sha256, nodes, i * HASH);
            }
        }
        System.arraycopy(nodes, 0, out, outOffset, HASH);
    }

    /** The root of a tree of {@code leaves} (a power of two) all-zero leaf hashes. */
    public static byte[] zeroRoot(MessageDigest sha256, int leaves) {
        byte[] node = new byte[HASH];
        for (int n = leaves; n > 1; n >>>= 1) {
            sha256.update(node);
            sha256.update(node);
            node = sha256.digest();
        }
        return node;
    }

    /**
     * The root of a file's tree from its piece layer: {@code pieces} hashes of subtrees of
     * {@code leavesPerPiece} leaves each, padded with zero subtrees to a power of two.
     */
    public static byte[] rootOfLayer(MessageDigest sha256, byte[] layer, int pieces, int leavesPerPiece) {
        int width = ceilPow2(pieces);
        byte[] nodes = new byte[width * HASH];
        System.arraycopy(layer, 0, nodes, 0, pieces * HASH);
        byte[] pad = zeroRoot(sha256, leavesPerPiece);
        for (int i = pieces; i < width; i++) {
            System.arraycopy(pad, 0, nodes, i * HASH, HASH);
        }
        byte[] root = new byte[HASH];
        reduce(sha256, nodes, width, root, 0);
        return root;
    }

    static void digestInto(MessageDigest digest, byte[] out, int offset) {
        try {
            digest.digest(out, offset, HASH);
        } catch (java.security.DigestException e) {
            throw new IllegalStateException(e);
        }
    }
}
