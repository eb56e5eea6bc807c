package mim.core.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The BEP 3 handshake that opens every connection, 68 bytes: the length 19, the protocol name
 * "BitTorrent protocol", eight {@link Reserved} bytes, the info-hash and the sender's peer id.
 *
 * <p>Immutable. {@link HandshakeDecoder} reads it; {@link #encode} writes it.
 */
public record Handshake(Reserved reserved, InfoHash infoHash, PeerId peerId) {
    static final byte[] PROTOCOL = "BitTorrent protocol".getBytes(StandardCharsets.US_ASCII);
    /** The full handshake's size on the wire. */
    public static final int LENGTH = 1 + PROTOCOL.length + 8 + Id20.LENGTH + Id20.LENGTH;

    public Handshake {
        Objects.requireNonNull(reserved, "reserved");
        Objects.requireNonNull(infoHash, "infoHash");
        Objects.requireNonNull(peerId, "peerId");
    }

    /** The handshake as a new buffer of {@link #LENGTH} bytes, owned by the caller. */
    public ByteBuf encode(ByteBufAllocator alloc) {
        ByteBuf out = alloc.buffer(LENGTH, LENGTH);
        out.writeByte(PROTOCOL.length);
        out.writeBytes(PROTOCOL);
        out.writeLong(reserved.bits());
        infoHash.writeTo(out);
        peerId.writeTo(out);
        return out;
    }

    /** Reads the 48 bytes after the protocol name; the caller has checked there are that many. */
    static Handshake readAfterProtocol(ByteBuf in) {
        Reserved reserved = new Reserved(in.readLong());
        InfoHash infoHash = InfoHash.read(in);
        return new Handshake(reserved, infoHash, PeerId.read(in));
    }
}
