package mim.core.wire;

import io.netty.buffer.ByteBuf;

/**
 * A torrent's v1 identity on the wire: the SHA-1 of its bencoded {@code info} dictionary, always
 * twenty bytes (a v2 torrent's truncated SHA-256 has the same shape here).
 *
 * <p>Immutable and safe to share between threads.
 */
public final class InfoHash extends Id20 {
    private InfoHash(byte[] bytes) {
        super(bytes, "info-hash");
    }

    /** @throws IllegalArgumentException unless {@code bytes} holds exactly twenty bytes */
    public static InfoHash of(byte[] bytes) {
        return new InfoHash(bytes);
    }

    /** @throws IllegalArgumentException unless {@code hex} is forty hexadecimal digits */
    public static InfoHash fromHex(String hex) {
        return new InfoHash(parseHex(hex, "info-hash"));
    }

    static InfoHash read(ByteBuf in) {
        return new InfoHash(Id20.readBytes(in));
    }

    @Override
    public String toString() {
        return hex();
    }
}
