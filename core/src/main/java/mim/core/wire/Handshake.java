package mim.core.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import mim.core.metainfo.InfoHash;

/**
 * The BEP 3 handshake that opens every connection, 68 bytes: the length 19, the protocol name
 * "BitTorrent protocol", eight {@link Reserved} bytes, the info-hash and the sender's peer id.
 *
 * <p>The wire has room for 20 bytes of info-hash: a v1 hash, or BEP 52's truncated v2 hash. A
 * handshake we build may hold either kind and sends {@link InfoHash#truncated()}; one we read
 * holds the 20 bytes received, as a v1-shaped {@link InfoHash}, and {@link #names} matches it
 * against a torrent's hash of either kind.
 *
 * <p>Immutable. {@link HandshakeDecoder} reads it; {@link #encode} writes it.
 */
public record Handshake(Reserved reserved, InfoHash infoHash, PeerId peerId) {
    static final byte[] PROTOCOL = "BitTorrent protocol".getBytes(StandardCharsets.US_ASCII);
    /** The full handshake's size on the wire. */
    public static final int LENGTH = 1 + PROTOCOL.length + 8 + InfoHash.V1_LENGTH + PeerId.LENGTH;

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
        out.writeBytes(infoHash.truncated());
        peerId.writeTo(out);
        return out;
    }

    /** Reads the 48 bytes after the protocol name; the caller has checked there are that many. */
    static Handshake readAfterProtocol(ByteBuf in) {
        Reserved reserved = new Reserved(in.readLong());
        byte[] infoHash = new byte[InfoHash.V1_LENGTH];
        in.readBytes(infoHash);
        return new Handshake(reserved, InfoHash.v1(infoHash), PeerId.read(in));
    }

    /** Whether this handshake's info-hash is {@code torrent}'s as the wire carries it (v1, or v2 truncated). */
    public boolean names(InfoHash torrent) {
        return java.util.Arrays.equals(infoHash.truncated(), torrent.truncated());
    }
}
