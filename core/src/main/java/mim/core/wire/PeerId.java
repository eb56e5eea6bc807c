package mim.core.wire;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

/**
 * The twenty bytes a peer names itself with in its handshake. Clients usually start it with a
 * readable tag in Azureus style ({@code -LT2080-}, {@code -MM0001-}) and fill the rest at random.
 *
 * <p>Immutable and safe to share between threads; the bytes are copied in and out.
 */
public final class PeerId {
    public static final int LENGTH = 20;

    private final byte[] bytes;

    private PeerId(byte[] bytes) {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("a peer id has " + LENGTH + " bytes, not " + bytes.length);
        }
        this.bytes = bytes.clone();
    }

    /** @throws IllegalArgumentException unless {@code bytes} holds exactly twenty bytes */
    public static PeerId of(byte[] bytes) {
        return new PeerId(bytes);
    }

    /**
     * {@code prefix} (ASCII, at most twenty characters) followed by random letters and digits, so
     * the id survives logs and trackers that mangle binary.
     */
    public static PeerId generate(String prefix, Random random) {
        byte[] tag = prefix.getBytes(StandardCharsets.US_ASCII);
        if (tag.length > LENGTH) {
            throw new IllegalArgumentException("peer id prefix longer than " + LENGTH + " bytes: " + prefix);
        }
        String alphabet = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
        byte[] id = Arrays.copyOf(tag, LENGTH);
        for (int i = tag.length; i < LENGTH; i++) {
            id[i] = (byte) alphabet.charAt(random.nextInt(alphabet.length()));
        }
        return new PeerId(id);
    }

    /** A copy of the twenty bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /**
     * What the id says of the client that made it: the tag of an Azureus-style id ({@code -LT2090-}
     * reads {@code LT2090}), else its readable start (such as {@code M7-2-2--} for Mainline's
     * style); {@code unknown} when it starts with a byte that is not printable.
     */
    public String clientTag() {
        if (bytes[0] == '-' && bytes[7] == '-' && printable(1, 7)) {
            return new String(bytes, 1, 6, StandardCharsets.US_ASCII);
        }
        int end = 0;
        while (end < 8 && printable(end, end + 1)) {
            end++;
        }
        return end == 0 ? "unknown" : new String(bytes, 0, end, StandardCharsets.US_ASCII);
    }

    private boolean printable(int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] <= 0x20 || bytes[i] >= 0x7f) {
                return false;
            }
        }
        return true;
    }

    void writeTo(ByteBuf out) {
        out.writeBytes(bytes);
    }

    static PeerId read(ByteBuf in) {
        byte[] b = new byte[LENGTH];
        in.readBytes(b);
        return new PeerId(b);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PeerId p && Arrays.equals(bytes, p.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** Printable ASCII as is, every other byte as {@code %XX}: readable for the usual ids. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(LENGTH);
        for (byte b : bytes) {
            if (b >= 0x20 && b < 0x7f && b != '%') {
                s.append((char) b);
            } else {
                s.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return s.toString();
    }
}
