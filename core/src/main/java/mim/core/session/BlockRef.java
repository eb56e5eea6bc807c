package mim.core.session;

/**
 * A block of a piece: {@code length} bytes at {@code offset} inside piece {@code piece}, the unit of
 * a request, a reject, a cancel and a received {@code piece} message.
 *
 * <p>Blocks are {@link #SIZE} bytes and start at multiples of it; the last block of the last piece
 * may be shorter. The record checks only what it can alone (non-negative, non-empty, aligned, at most
 * {@link #SIZE}); whether the block lies inside its piece is the picker's check, which knows the
 * torrent's geometry. Immutable.
 *
 * @throws IllegalArgumentException from the constructor for a negative, empty, misaligned or
 *     oversized block
 */
public record BlockRef(int piece, int offset, int length) {
    /** 16 KiB: the block size every client requests and expects (BEP 3). */
    public static final int SIZE = 16 * 1024;

    public BlockRef {
        if (piece < 0 || offset < 0 || offset % SIZE != 0 || length <= 0 || length > SIZE) {
            throw new IllegalArgumentException("bad block " + piece + ":" + offset + "+" + length);
        }
    }

    /** The block's index inside its piece. */
    public int index() {
        return offset / SIZE;
    }

    @Override
    public String toString() {
        return piece + ":" + offset + "+" + length;
    }
}
