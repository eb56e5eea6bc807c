package mim.core.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.util.HexFormat;
import java.util.List;
import mim.core.metainfo.InfoHash;
import mim.core.metainfo.FileEntry;
import mim.core.metainfo.FileLayout;

/** Shared test data: a small torrent's geometry, ids, and byte helpers. */
final class Fixtures {
    /** Ten pieces of 32 KiB, the last one 1000 bytes. */
    static final FileLayout LAYOUT = layout(32 * 1024, 9 * 32 * 1024 + 1000);
    static final InfoHash INFO_HASH = InfoHash.fromHex("0123456789abcdef0123456789abcdef01234567");
    static final PeerId OUR_ID = PeerId.of(ascii("-MM0001-ourpeer00000"));
    static final PeerId THEIR_ID = PeerId.of(ascii("-XX0001-theirpeer000"));
    static final WireConfig CONFIG = WireConfig.defaults(OUR_ID);

    private Fixtures() {
    }

    static FileLayout layout(long pieceLength, long total) {
        return new FileLayout(pieceLength, List.of(FileEntry.of(List.of("data.bin"), total, 0)));
    }

    static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    static ByteBuf buf(byte[] bytes) {
        return Unpooled.wrappedBuffer(bytes);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** Everything written to the channel so far, as bytes; the buffers are released. */
    static byte[] drainOutbound(EmbeddedChannel ch) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ByteBuf b; (b = ch.readOutbound()) != null; ) {
            byte[] bytes = new byte[b.readableBytes()];
            b.readBytes(bytes);
            b.release();
            out.writeBytes(bytes);
        }
        return out.toByteArray();
    }

    /** A handshake's 68 bytes. */
    static byte[] handshake(Reserved reserved, InfoHash infoHash, PeerId id) {
        ByteBuf b = new Handshake(reserved, infoHash, id).encode(io.netty.buffer.UnpooledByteBufAllocator.DEFAULT);
        try {
            byte[] bytes = new byte[b.readableBytes()];
            b.readBytes(bytes);
            return bytes;
        } finally {
            b.release();
        }
    }
}
