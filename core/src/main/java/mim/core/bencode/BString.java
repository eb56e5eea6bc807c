package mim.core.bencode;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A bencoded byte string. Its bytes are often text (names, URLs) but need not be (piece hashes), so
 * the value is bytes and {@link #text()} is a view for the callers that expect text.
 *
 * <p>Immutable: the bytes are copied in and out. Ordered as raw unsigned bytes, the order bencoding
 * requires of dictionary keys.
 */
public final class BString implements BValue, Comparable<BString> {
    private final byte[] bytes;

    private BString(byte[] bytes) {
        this.bytes = bytes;
    }

    public static BString of(byte[] bytes) {
        return new BString(bytes.clone());
    }

    public static BString of(String text) {
        return new BString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** A copy of {@code length} bytes of {@code source} from {@code offset}. */
    static BString copyOf(byte[] source, int offset, int length) {
        return new BString(Arrays.copyOfRange(source, offset, offset + length));
    }

    /** A copy of the bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    public int length() {
        return bytes.length;
    }

    public byte byteAt(int index) {
        return bytes[index];
    }

    /** The bytes read as UTF-8; malformed sequences become U+FFFD. */
    public String text() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** True when the bytes are exactly {@code text} in UTF-8. */
    public boolean is(String text) {
        return Arrays.equals(bytes, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes the bytes into {@code out} at {@code offset}; for encoders that avoid a copy. */
    void copyTo(byte[] out, int offset) {
        System.arraycopy(bytes, 0, out, offset, bytes.length);
    }

    @Override
    public int compareTo(BString o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BString s && Arrays.equals(bytes, s.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** The text when it is printable, else a hex dump; for messages and debugging. */
    @Override
    public String toString() {
        for (byte b : bytes) {
            if (b < 0x20 || b == 0x7f) {
                StringBuilder hex = new StringBuilder("0x");
                for (byte x : bytes) {
                    hex.append(Character.forDigit((x >> 4) & 0xf, 16)).append(Character.forDigit(x & 0xf, 16));
                }
                return hex.toString();
            }
        }
        return text();
    }
}
