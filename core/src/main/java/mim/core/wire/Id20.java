package mim.core.wire;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Twenty bytes that name something: the shared shape of {@link InfoHash} and {@link PeerId}.
 *
 * <p>Immutable: the bytes are copied in and out. Two ids are equal when they are of the same
 * class and hold the same bytes.
 */
abstract class Id20 {
    static final int LENGTH = 20;

    private final byte[] bytes;

    Id20(byte[] bytes, String what) {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException(what + " must be " + LENGTH + " bytes, not " + bytes.length);
        }
        this.bytes = bytes.clone();
    }

    /** A copy of the twenty bytes. */
    public final byte[] bytes() {
        return bytes.clone();
    }

    /** Lowercase hexadecimal, 40 characters. */
    public final String hex() {
        return HexFormat.of().formatHex(bytes);
    }

    final void writeTo(ByteBuf out) {
        out.writeBytes(bytes);
    }

    static byte[] readBytes(ByteBuf in) {
        byte[] b = new byte[LENGTH];
        in.readBytes(b);
        return b;
    }

    static byte[] parseHex(String hex, String what) {
        if (hex.length() != 2 * LENGTH) {
            throw new IllegalArgumentException(what + " must be 40 hex digits: " + hex);
        }
        return HexFormat.of().parseHex(hex);
    }

    @Override
    public final boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && Arrays.equals(bytes, ((Id20) o).bytes);
    }

    @Override
    public final int hashCode() {
        return Arrays.hashCode(bytes);
    }
}
