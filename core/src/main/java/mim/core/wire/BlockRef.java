package mim.core.wire;

/**
 * A block: {@code length} bytes at {@code offset} inside piece {@code piece}, as named by
 * request, cancel, reject and piece messages.
 *
 * <p>Its validity without a torrent: no negative field, a positive length, and an end that fits
 * in an int. Whether it lies inside a real piece of a given torrent is checked by the decoder,
 * which knows the torrent's geometry. The blocks we request are {@linkplain #isStandard standard}:
 * {@link #STANDARD_LENGTH} bytes at a multiple of it (the last block of the last piece may be
 * shorter); a peer may request others of us, so the record does not insist on it, and the piece
 * picker refuses a received block that is not standard. Immutable.
 */
public record BlockRef(int piece, int offset, int length) {
    /** The block length every client asks for and serves: 16 KiB. */
    public static final int STANDARD_LENGTH = 16 * 1024;

    /** @throws IllegalArgumentException if a field is negative, the length zero or the end past 2^31 - 1 */
    public BlockRef {
        if (piece < 0 || offset < 0) {
            throw new IllegalArgumentException("negative piece or offset: " + piece + "/" + offset);
        }
        if (length <= 0) {
            throw new IllegalArgumentException("block length must be positive: " + length);
        }
        if (offset > Integer.MAX_VALUE - length) {
            throw new IllegalArgumentException("block end past 2^31: " + offset + " + " + length);
        }
    }

    /** Whether the block starts at a multiple of {@link #STANDARD_LENGTH} and is no longer than it. */
    public boolean isStandard() {
        return offset % STANDARD_LENGTH == 0 && length <= STANDARD_LENGTH;
    }

    /** The block's index inside its piece, counted in standard blocks; meaningful for a standard block. */
    public int index() {
        return offset / STANDARD_LENGTH;
    }

    /** The offset just past the block, within its piece. */
    public int end() {
        return offset + length;
    }

    @Override
    public String toString() {
        return "piece " + piece + " [" + offset + ", +" + length + ")";
    }
}
