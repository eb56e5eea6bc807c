package mim.core.wire;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import mim.core.metainfo.InfoHash;
import mim.core.wire.mse.MessageStreamEncryption;

/**
 * The first handler of an incoming connection when encryption is not disabled: tells a plain
 * BitTorrent handshake (it opens with 19 and "BitTorrent protocol") from an MSE one (a random
 * public key, which differs from those 20 bytes at once, bar a one-in-2^160 chance) on the first
 * bytes, then leaves: for a plain handshake it removes itself (refusing it if encryption is
 * required), for MSE it replaces itself with the responder. What it read goes on to its successor.
 * One per channel; not sharable.
 */
final class EncryptionSniffer extends ByteToMessageDecoder {
    static final String MSE = "mse";

    private final WireConfig config;
    private final Function<InfoHash, Optional<TorrentBinding>> lookup;
    private final Supplier<? extends Iterable<InfoHash>> served;

    EncryptionSniffer(WireConfig config, Function<InfoHash, Optional<TorrentBinding>> lookup,
                      Supplier<? extends Iterable<InfoHash>> served) {
        this.config = config;
        this.lookup = lookup;
        this.served = served;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws ProtocolViolation {
        int start = in.readerIndex();
        int prefix = 1 + Handshake.PROTOCOL.length;
        int available = Math.min(in.readableBytes(), prefix);
        for (int i = 0; i < available; i++) {
            int expected = i == 0 ? Handshake.PROTOCOL.length : Handshake.PROTOCOL[i - 1];
            if (in.getByte(start + i) != (byte) expected) {
                ctx.pipeline().replace(this, MSE, MessageStreamEncryption.responder(config, lookup, served));
                return;
            }
        }
        if (available < prefix) {
            return;
        }
        if (config.encryption() == EncryptionPolicy.REQUIRE) {
            throw new ProtocolViolation.HandshakeRefused("sent a plain BitTorrent handshake, but encryption is required");
        }
        ctx.pipeline().remove(this);
    }
}
