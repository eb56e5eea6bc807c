package mim.core.wire;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * The twenty bytes a peer names itself with in its handshake. Clients usually start it with a
 * readable tag in Azureus style ({@code -LT2080-}, {@code -MM0001-}) and fill the rest at random.
 *
 * <p>Immutable and safe to share between threads.
 */
public final class PeerId extends Id20 {
    private PeerId(byte[] bytes) {
        super(bytes, "peer id");
    }

    /** @throws IllegalArgumentException unless {@code bytes} holds exactly twenty bytes */
    public static PeerId of(byte[] bytes) {
        return new PeerId(bytes);
    }

    /**
     * {@code prefix} (ASCII, at most twenty characters) followed by random printable characters, so
     * the id survives logs and trackers that mangle binary.
     */
    public static PeerId generate(String prefix, Random random) {
        byte[] tag = prefix.getBytes(StandardCharsets.US_ASCII);
        if (tag.length > LENGTH) {
            throw new IllegalArgumentException("peer id prefix longer than " + LENGTH + " bytes: " + prefix);
        }
        String alphabet = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
        byte[] id = new byte[LENGTH];
        System.arraycopy(tag, 0, id, 0, tag.length);
        for (int i = tag.length; i < LENGTH; i++) {
            id[i] = (byte) alphabet.charAt(random.nextInt(alphabet.length()));
        }
        return new PeerId(id);
    }

    static PeerId read(ByteBuf in) {
        return new PeerId(Id20.readBytes(in));
    }

    /** Printable ASCII as is, every other byte as {@code %XX}: readable for the usual ids. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(LENGTH);
        for (byte b : bytes()) {
            if (b >= 0x20 && b < 0x7f && b != '%') {
                s.append((char) b);
            } else {
                s.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return s.toString();
    }
}
