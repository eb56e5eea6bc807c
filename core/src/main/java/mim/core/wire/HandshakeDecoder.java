package mim.core.wire;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import mim.core.metainfo.FileLayout;
import mim.core.metainfo.InfoHash;
import mim.core.metainfo.Metainfo;

/**
 * Reads exactly one BEP 3 handshake, then replaces itself in the pipeline with the message
 * framing: a {@link LengthFieldBasedFrameDecoder} (4-byte big-endian length, stripped, failing as
 * soon as a length exceeds the torrent's limit) followed by a {@link MessageDecoder}. Bytes that
 * arrived behind the handshake in the same read go straight on to the framing.
 *
 * <p>Outgoing (we connected): sends our handshake when the channel becomes active and accepts the
 * peer's only if it names the info-hash we asked for. Incoming: looks the info-hash up among the
 * torrents we serve (the lookup gets the 20 bytes received, as a v1-shaped {@link InfoHash}; a v2
 * torrent is found by its truncated hash) and answers with our handshake. Either way, once accepted it passes a
 * {@link HandshakeDone} up the pipeline.
 *
 * <p>Refuses, with {@link ProtocolViolation.HandshakeRefused}, a wrong protocol name as soon as
 * its first wrong byte arrives (an encrypted or non-BitTorrent peer need not fill 68 bytes first)
 * and an info-hash we do not serve or did not ask for. One instance per channel; not sharable.
 */
public final class HandshakeDecoder extends ByteToMessageDecoder {
    /** The pipeline names of the handlers that take this one's place. */
    public static final String FRAMES = "frames";
    public static final String MESSAGES = "messages";

    private final WireConfig config;
    /** Incoming: the torrents we serve. Null for outgoing. */
    private final Function<InfoHash, Optional<TorrentBinding>> lookup;
    /** Outgoing: the torrent we asked for. Null for incoming. */
    private final TorrentBinding expected;
    private boolean sent;

    private HandshakeDecoder(WireConfig config, Function<InfoHash, Optional<TorrentBinding>> lookup,
                             TorrentBinding expected) {
        this.config = config;
        this.lookup = lookup;
        this.expected = expected;
    }

    /**
     * For a connection a peer opened to us. {@code lookup} is called on the channel's event loop
     * with the info-hash the peer asks for; empty refuses the connection.
     */
    public static HandshakeDecoder incoming(WireConfig config, Function<InfoHash, Optional<TorrentBinding>> lookup) {
        return new HandshakeDecoder(config, lookup, null);
    }

    /** For a connection we open to talk about {@code binding}'s torrent. */
    public static HandshakeDecoder outgoing(WireConfig config, TorrentBinding binding) {
        return new HandshakeDecoder(config, null, binding);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (expected != null && ctx.channel().isActive()) {
            sendOurs(ctx, expected.infoHash());
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        if (expected != null) {
            sendOurs(ctx, expected.infoHash());
        }
        super.channelActive(ctx);
    }

    private void sendOurs(ChannelHandlerContext ctx, InfoHash infoHash) {
        if (!sent) {
            sent = true;
            Handshake ours = new Handshake(config.reserved(), infoHash, config.peerId());
            ctx.writeAndFlush(ours.encode(ctx.alloc()), ctx.voidPromise());
        }
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws ProtocolViolation {
        if (!ctx.channel().isActive()) {
            // The base class decodes what is left once more when the connection ends, after a refusal
            // too. No peer is there to answer, and a binding would never hear of the close: the
            // lookup's peer slot would be lost.
            in.skipBytes(in.readableBytes());
            return;
        }
        checkProtocolName(in);
        if (in.readableBytes() < Handshake.LENGTH) {
            return;
        }
        in.skipBytes(1 + Handshake.PROTOCOL.length);
        Handshake remote = Handshake.readAfterProtocol(in);
        TorrentBinding binding = bind(remote);
        sendOurs(ctx, binding.infoHash());

        boolean fast = config.reserved().fast() && remote.reserved().fast();
        boolean extensions = config.reserved().extensionProtocol() && remote.reserved().extensionProtocol();
        // Without a geometry, a bitfield may be as long as the largest torrent's.
        int maxFrame = config.maxFrameLength(binding.knownLayout().map(FileLayout::pieceCount).orElse(Metainfo.MAX_PIECES));
        // failFast: refuse an oversized length on sight instead of reading the frame to discard it.
        LengthFieldBasedFrameDecoder frames = new LengthFieldBasedFrameDecoder(maxFrame, 0, 4, 0, 4, true);
        // A frame that spans two reads is a view over both buffers, not a copy into a third: the usual
        // cumulator copies every read that follows a partial frame (nearly all of them, with 16 KiB
        // blocks in 64 KiB reads), and since a block's slice keeps the old buffer alive, into a buffer
        // it allocates anew; 8 MiB less peak memory in a 1 GiB download, the same CPU.
        frames.setCumulator(ByteToMessageDecoder.COMPOSITE_CUMULATOR);
        ctx.pipeline().replace(this, FRAMES, frames);
        ctx.pipeline().addAfter(FRAMES, MESSAGES, new MessageDecoder(config, binding.layout(), fast, extensions));
        // Fired before the leftover bytes, which ByteToMessageDecoder hands to FRAMES on removal.
        out.add(new HandshakeDone(remote, binding, fast, extensions));
    }

    /** Refuses as soon as a received byte of the length or the name differs from BEP 3's. */
    private static void checkProtocolName(ByteBuf in) throws ProtocolViolation {
        int start = in.readerIndex();
        int available = Math.min(in.readableBytes(), 1 + Handshake.PROTOCOL.length);
        if (available == 0) {
            return;
        }
        int nameLength = in.getUnsignedByte(start);
        if (nameLength != Handshake.PROTOCOL.length) {
            throw new ProtocolViolation.HandshakeRefused(
                    "not a BitTorrent handshake: protocol name length " + nameLength + ", expected 19");
        }
        for (int i = 1; i < available; i++) {
            if (in.getByte(start + i) != Handshake.PROTOCOL[i - 1]) {
                throw new ProtocolViolation.HandshakeRefused("not a BitTorrent handshake: protocol name differs at byte " + i);
            }
        }
    }

    private TorrentBinding bind(Handshake remote) throws ProtocolViolation {
        String asked = remote.infoHash().hex();
        if (expected != null) {
            if (!remote.names(expected.infoHash())) {
                throw new ProtocolViolation.HandshakeRefused(
                        "answered with info-hash " + asked + ", we asked for " + expected.infoHash().hex());
            }
            return expected;
        }
        Optional<TorrentBinding> found = lookup.apply(remote.infoHash());
        if (found.isEmpty() || !remote.names(found.get().infoHash())) {
            throw new ProtocolViolation.HandshakeRefused("asked for info-hash " + asked + ", which we do not serve");
        }
        return found.get();
    }
}
