package mim.plugin.dht;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;

/**
 * A 160-bit DHT identifier: a node's id or an info-hash, which share one space (BEP 5). Distance
 * is the XOR of two ids read as an unsigned integer. Immutable: the bytes are copied in and out.
 */
final class NodeId implements Comparable<NodeId> {
    static final int LENGTH = 20;
    static final int BITS = LENGTH * 8;

    private final byte[] bytes;

    private NodeId(byte[] bytes) {
        this.bytes = bytes;
    }

    /** @throws IllegalArgumentException unless {@code bytes} is 20 long */
    static NodeId of(byte[] bytes) {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("an id is 20 bytes, not " + bytes.length);
        }
        return new NodeId(bytes.clone());
    }

    static NodeId ofHex(String hex) {
        return of(HexFormat.of().parseHex(hex));
    }

    static NodeId random(Random random) {
        byte[] b = new byte[LENGTH];
        random.nextBytes(b);
        return new NodeId(b);
    }

    /**
     * A random id that shares its first {@code prefixBits} bits with this one and, when
     * {@code differNext}, differs at the next: an id inside the bucket that holds nodes at exactly
     * that depth (or, without {@code differNext}, at that depth or closer).
     */
    NodeId randomWithPrefix(int prefixBits, boolean differNext, Random random) {
        byte[] b = new byte[LENGTH];
        random.nextBytes(b);
        for (int i = 0; i < prefixBits; i++) {
            setBit(b, i, bit(i));
        }
        if (differNext && prefixBits < BITS) {
            setBit(b, prefixBits, !bit(prefixBits));
        }
        return new NodeId(b);
    }

    byte[] bytes() {
        return bytes.clone();
    }

    boolean bit(int index) {
        return (bytes[index >>> 3] & (0x80 >>> (index & 7))) != 0;
    }

    private static void setBit(byte[] b, int index, boolean value) {
        int mask = 0x80 >>> (index & 7);
        b[index >>> 3] = (byte) (value ? b[index >>> 3] | mask : b[index >>> 3] & ~mask);
    }

    /** How many leading bits this id shares with {@code other}: 160 for equal ids. */
    int commonPrefix(NodeId other) {
        for (int i = 0; i < LENGTH; i++) {
            int x = (bytes[i] ^ other.bytes[i]) & 0xff;
            if (x != 0) {
                return i * 8 + Integer.numberOfLeadingZeros(x) - 24;
            }
        }
        return BITS;
    }

    /**
     * Compares the distances of {@code a} and {@code b} from this id: negative when {@code a} is
     * closer, zero when they are the same id.
     */
    int compareDistance(NodeId a, NodeId b) {
        for (int i = 0; i < LENGTH; i++) {
            int da = (a.bytes[i] ^ bytes[i]) & 0xff;
            int db = (b.bytes[i] ^ bytes[i]) & 0xff;
            if (da != db) {
                return Integer.compare(da, db);
            }
        }
        return 0;
    }

    String hex() {
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public int compareTo(NodeId o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NodeId n && Arrays.equals(bytes, n.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return hex();
    }
}
