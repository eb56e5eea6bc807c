package mim.core.wire;

/**
 * The eight reserved bytes of the handshake, where each side announces the extensions it speaks.
 * Held as one big-endian long: byte 0 of the wire is the top byte.
 *
 * <p>Immutable.
 */
public record Reserved(long bits) {
    /** BEP 10 extension protocol: byte 5, 0x10. */
    public static final long EXTENSION_PROTOCOL = 0x10L << 16;
    /** BEP 6 Fast extension: byte 7, 0x04. */
    public static final long FAST = 0x04L;
    /** BEP 5 DHT (the peer accepts a port message): byte 7, 0x01. */
    public static final long DHT = 0x01L;

    public static final Reserved NONE = new Reserved(0);

    /** These bits plus {@code mask}. */
    public Reserved with(long mask) {
        return new Reserved(bits | mask);
    }

    /** Whether every bit of {@code mask} is set. */
    public boolean has(long mask) {
        return (bits & mask) == mask;
    }

    public boolean fast() {
        return has(FAST);
    }

    public boolean extensionProtocol() {
        return has(EXTENSION_PROTOCOL);
    }

    public boolean dht() {
        return has(DHT);
    }

    @Override
    public String toString() {
        return String.format("%016x", bits);
    }
}
