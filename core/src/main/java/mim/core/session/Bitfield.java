package mim.core.session;

import java.util.Arrays;
import mim.core.MimException;

/**
 * A set of piece indices over a fixed piece count: which pieces we have, or a peer has, or we want.
 *
 * <p>The cardinality is kept as bits change, so {@link #cardinality()} and {@link #isComplete()} are
 * O(1); {@link #nextSetBit} and {@link #nextClearBit} skip 64 pieces a step. The wire form (BEP 3's
 * {@code bitfield} message) is big-endian in bit order: piece 0 is the high bit of the first byte,
 * and the spare bits of the last byte are zero.
 *
 * <p>Not thread safe: owned by the torrent's event loop, like every type in this package. Index
 * arguments out of {@code [0, size)} throw {@link IndexOutOfBoundsException}; a malformed wire form
 * throws {@link Malformed}.
 */
public final class Bitfield {
    private final int size;
    /** Piece i is bit (i % 64) of word i / 64; bits past {@code size} are always zero. */
    private final long[] words;
    private int cardinality;

    /** An empty bitfield for {@code size} pieces. */
    public Bitfield(int size) {
        if (size < 0) {
            throw new IllegalArgumentException("negative piece count " + size);
        }
        this.size = size;
        this.words = new long[(size + 63) >>> 6];
    }

    /** A bitfield with every one of {@code size} pieces set. */
    public static Bitfield full(int size) {
        Bitfield b = new Bitfield(size);
        b.setAll();
        return b;
    }

    /**
     * Reads the wire form of a bitfield for {@code size} pieces.
     *
     * @throws Malformed if {@code bytes} is not exactly {@code ceil(size / 8)} long, or a spare bit
     *     past the last piece is set
     */
    public static Bitfield fromWire(byte[] bytes, int size) throws Malformed {
        Bitfield b = new Bitfield(size);
        int expected = (size + 7) >>> 3;
        if (bytes.length != expected) {
            throw new Malformed("bitfield of " + bytes.length + " bytes, expected " + expected
                    + " for " + size + " pieces");
        }
        int spare = expected * 8 - size;
        if (spare > 0 && (bytes[expected - 1] & ((1 << spare) - 1)) != 0) {
            throw new Malformed("bitfield has spare bits set past piece " + (size - 1));
        }
        for (int i = 0; i < expected; i++) {
            // reverse so that the byte's high bit (the lowest piece) lands on the lowest bit
            long b8 = Integer.reverse(bytes[i] & 0xFF) >>> 24;
            b.words[i >>> 3] |= b8 << ((i & 7) * 8);
        }
        for (long w : b.words) {
            b.cardinality += Long.bitCount(w);
        }
        return b;
    }

    /** The wire form: {@code ceil(size / 8)} bytes, spare bits zero. */
    public byte[] toWire() {
        byte[] out = new byte[(size + 7) >>> 3];
        for (int i = 0; i < out.length; i++) {
            int b8 = (int) (words[i >>> 3] >>> ((i & 7) * 8)) & 0xFF;
            out[i] = (byte) (Integer.reverse(b8) >>> 24);
        }
        return out;
    }

    public int size() {
        return size;
    }

    public boolean get(int piece) {
        check(piece);
        return (words[piece >>> 6] & (1L << piece)) != 0;
    }

    /** Sets the piece; returns whether it was clear before. */
    public boolean set(int piece) {
        check(piece);
        long mask = 1L << piece;
        long w = words[piece >>> 6];
        if ((w & mask) != 0) {
            return false;
        }
        words[piece >>> 6] = w | mask;
        cardinality++;
        return true;
    }

    /** Clears the piece; returns whether it was set before. */
    public boolean clear(int piece) {
        check(piece);
        long mask = 1L << piece;
        long w = words[piece >>> 6];
        if ((w & mask) == 0) {
            return false;
        }
        words[piece >>> 6] = w & ~mask;
        cardinality--;
        return true;
    }

    public void setAll() {
        Arrays.fill(words, -1L);
        if ((size & 63) != 0) {
            words[words.length - 1] = (1L << size) - 1;
        }
        cardinality = size;
    }

    public void clearAll() {
        Arrays.fill(words, 0L);
        cardinality = 0;
    }

    /** The number of pieces set. */
    public int cardinality() {
        return cardinality;
    }

    /** Whether every piece is set (true for a bitfield of zero pieces). */
    public boolean isComplete() {
        return cardinality == size;
    }

    public boolean isEmpty() {
        return cardinality == 0;
    }

    /** The first set piece at or after {@code from}, or -1 if none; {@code from} may be {@code size}. */
    public int nextSetBit(int from) {
        checkFrom(from);
        int wi = from >>> 6;
        if (wi >= words.length) {
            return -1;
        }
        long w = words[wi] & (-1L << from);
        while (true) {
            if (w != 0) {
                return (wi << 6) + Long.numberOfTrailingZeros(w);
            }
            if (++wi == words.length) {
                return -1;
            }
            w = words[wi];
        }
    }

    /** The first clear piece at or after {@code from}, or -1 if none; {@code from} may be {@code size}. */
    public int nextClearBit(int from) {
        checkFrom(from);
        int wi = from >>> 6;
        if (wi >= words.length) {
            return -1;
        }
        long w = ~words[wi] & (-1L << from);
        while (true) {
            if (w != 0) {
                int i = (wi << 6) + Long.numberOfTrailingZeros(w);
                return i < size ? i : -1;
            }
            if (++wi == words.length) {
                return -1;
            }
            w = ~words[wi];
        }
    }

    /** Whether some piece is set here and in {@code a} but not in {@code b}: "has something we want". */
    public boolean intersectsAndNot(Bitfield a, Bitfield b) {
        checkSameSize(a);
        checkSameSize(b);
        for (int i = 0; i < words.length; i++) {
            if ((words[i] & a.words[i] & ~b.words[i]) != 0) {
                return true;
            }
        }
        return false;
    }

    public Bitfield copy() {
        Bitfield b = new Bitfield(size);
        System.arraycopy(words, 0, b.words, 0, words.length);
        b.cardinality = cardinality;
        return b;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bitfield b && b.size == size && Arrays.equals(b.words, words);
    }

    @Override
    public int hashCode() {
        return 31 * size + Arrays.hashCode(words);
    }

    @Override
    public String toString() {
        return "Bitfield[" + cardinality + "/" + size + "]";
    }

    private void check(int piece) {
        if (piece < 0 || piece >= size) {
            throw new IndexOutOfBoundsException("piece " + piece + " of " + size);
        }
    }

    private void checkFrom(int from) {
        if (from < 0 || from > size) {
            throw new IndexOutOfBoundsException("piece " + from + " of " + size);
        }
    }

    private void checkSameSize(Bitfield other) {
        if (other.size != size) {
            throw new IllegalArgumentException("bitfields of " + size + " and " + other.size + " pieces");
        }
    }

    /** A peer sent a bitfield of the wrong length or with spare bits set: a protocol violation. */
    public static final class Malformed extends MimException.Network {
        private static final long serialVersionUID = 1L;

        public Malformed(String message) {
            super(message);
        }
    }
}
