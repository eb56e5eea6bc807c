package mim.core.session;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import mim.core.wire.BlockRef;

/**
 * The SHA-1 of each 16 KiB block of a piece, fed the piece's bytes in order in parts of any size:
 * what {@link SmartBan} compares to tell whose blocks were wrong. Not thread safe; one piece each.
 */
final class BlockDigests {
    private final MessageDigest sha1;
    private final byte[][] digests;
    private int block;
    private int filled;

    BlockDigests(int pieceSize) {
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-1", e);
        }
        digests = new byte[(pieceSize + BlockRef.STANDARD_LENGTH - 1) / BlockRef.STANDARD_LENGTH][];
    }

    /** The digests of a piece held whole in {@code piece} (position to limit). */
    static byte[][] of(ByteBuffer piece) {
        BlockDigests d = new BlockDigests(piece.remaining());
        d.update(piece);
        return d.finish();
    }

    /** The next bytes of the piece; consumes {@code part}. */
    void update(ByteBuffer part) {
        while (part.hasRemaining()) {
            int n = Math.min(part.remaining(), BlockRef.STANDARD_LENGTH - filled);
            ByteBuffer slice = part.slice(part.position(), n);
            sha1.update(slice);
            part.position(part.position() + n);
            filled += n;
            if (filled == BlockRef.STANDARD_LENGTH) {
                digests[block++] = sha1.digest();
                filled = 0;
            }
        }
    }

    /** The digests, once every byte of the piece was fed. */
    byte[][] finish() {
        if (filled > 0) {
            digests[block++] = sha1.digest();
            filled = 0;
        }
        if (block != digests.length) {
            throw new IllegalStateException("fed " + block + " of " + digests.length + " blocks");
        }
        return digests;
    }
}
