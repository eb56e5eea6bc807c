package mim.core.spi;

/**
 * The pieces a torrent has verified, as the peer wire's bitfield says it: piece 0 is the high bit of
 * the first byte, spare bits at the end are 0. Immutable (the array is not shared).
 */
public record Haves(int pieceCount, byte[] bits) {

    public Haves {
        if (pieceCount < 0 || bits.length != (pieceCount + 7) / 8) {
            throw new IllegalArgumentException(bits.length + " bytes for " + pieceCount + " pieces");
        }
        bits = bits.clone();
    }

    @Override
    public byte[] bits() {
        return bits.clone();
    }

    /** Whether piece {@code index} is verified. */
    public boolean has(int index) {
        return (bits[index >> 3] & (0x80 >>> (index & 7))) != 0;
    }
}
