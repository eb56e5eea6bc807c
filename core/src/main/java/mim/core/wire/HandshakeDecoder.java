package mim.core.wire;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import mim.core.metainfo.InfoHash;

/**
 * Reads exactly one BEP 3 handshake, then replaces itself in the pipeline with a {@link
 * MessageDecoder}, which frames and decodes the messages. Bytes that arrived behind the handshake in
 * the same read go straight on to it.
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
    /** The pipeline name of the handler that takes this one's place. */
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
        ctx.pipeline().replace(this, MESSAGES, new MessageDecoder(config, binding.layout(), fast, extensions));
        // Fired before the leftover bytes, which ByteToMessageDecoder hands to MESSAGES on removal.
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
