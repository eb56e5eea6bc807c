package mim.core.wire.mse;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Supplier;
import mim.core.MimException;
import mim.core.metainfo.InfoHash;
import mim.core.wire.HandshakeDecoder;
import mim.core.wire.ProtocolViolation;
import mim.core.wire.TorrentBinding;
import mim.core.wire.WireConfig;

/**
 * Side B of an MSE handshake, for a connection a peer opened to us:
 * <pre>
 * 1 A→B  Ya, PadA                                          KEY: read Ya, then send 2
 * 2 B→A  Yb, PadB
 * 3 A→B  HASH('req1', S), HASH('req2', SKEY) xor HASH('req3', S),
 *        ENCRYPT(VC, crypto_provide, len(PadC), PadC, len(IA)), ENCRYPT(IA)
 *                                                          SYNC: find HASH('req1', S) within PadA's 512 bytes
 *                                                          SKEY: which torrent; PROVIDE, PAD_C, IA
 * 4 B→A  ENCRYPT(VC, crypto_select, len(PadD), PadD)       then finish
 * </pre>
 * SKEY is found by comparing HASH('req2', info-hash) for each torrent we serve. The BitTorrent
 * handshake that follows (in IA or after) must then name that same torrent: the handshake decoder
 * above is replaced by one whose lookup accepts only it. Not sharable.
 */
final class MseResponder extends MseHandshake {
    private enum Step { KEY, SYNC, SKEY, PROVIDE, PAD_C, IA }

    private final Function<InfoHash, Optional<TorrentBinding>> lookup;
    private final Supplier<? extends Iterable<InfoHash>> served;
    private Step step = Step.KEY;
    private byte[] s;
    private byte[] req1;
    private int syncFrom;
    private byte[] skey;
    private Rc4 encrypt;
    private Rc4 decrypt;
    private int selected;
    private int padC;
    private int iaLength;

    MseResponder(WireConfig config, Function<InfoHash, Optional<TorrentBinding>> lookup,
                 Supplier<? extends Iterable<InfoHash>> served, Random random) {
        super(config, random);
        this.lookup = lookup;
        this.served = served;
    }

    @Override
    void begin(ChannelHandlerContext ctx) {
        // B speaks once it has A's key.
    }

    @Override
    void advance(ChannelHandlerContext ctx, ByteBuf in) throws MimException.Network {
        while (true) {
            switch (step) {
                case KEY -> {
                    if (in.readableBytes() < DiffieHellman.KEY_LENGTH) {
                        return;
                    }
                    byte[] theirs = new byte[DiffieHellman.KEY_LENGTH];
                    in.readBytes(theirs);
                    DiffieHellman keys = DiffieHellman.generate(random);
                    s = keys.sharedSecret(theirs);
                    req1 = MseKeys.req1(s);
                    int pad = random.nextInt(MAX_PAD + 1);
                    ByteBuf out = ctx.alloc().buffer(DiffieHellman.KEY_LENGTH + pad);
                    out.writeBytes(keys.publicKey());
                    writePad(out, pad);
                    ctx.writeAndFlush(out, ctx.voidPromise());
                    syncFrom = in.readerIndex();
                    step = Step.SYNC;
                }
                case SYNC -> {
                    int at = indexOf(in, syncFrom, syncFrom + MAX_PAD, req1);
                    if (at < 0) {
                        if (in.writerIndex() - syncFrom >= MAX_PAD + req1.length) {
                            throw new EncryptionFailed("sent no synchronisation hash within " + MAX_PAD
                                    + " bytes of padding");
                        }
                        return;
                    }
                    in.readerIndex(at + req1.length);
                    step = Step.SKEY;
                }
                case SKEY -> {
                    if (in.readableBytes() < MseKeys.HASH_LENGTH) {
                        return;
                    }
                    byte[] obfuscated = new byte[MseKeys.HASH_LENGTH];
                    in.readBytes(obfuscated);
                    skey = find(MseKeys.obfuscate(obfuscated, s));
                    decrypt = MseKeys.initiatorStream(s, skey);
                    encrypt = MseKeys.receiverStream(s, skey);
                    step = Step.PROVIDE;
                }
                case PROVIDE -> {
                    if (in.readableBytes() < VC_LENGTH + 6) {
                        return;
                    }
                    decrypt.apply(in, in.readerIndex(), VC_LENGTH + 6);
                    if (in.readLong() != 0) {
                        throw new EncryptionFailed("sent a wrong verification constant");
                    }
                    int offered = in.readInt();
                    padC = in.readUnsignedShort();
                    if (padC > MAX_PAD) {
                        throw new EncryptionFailed("sent " + padC + " bytes of padding, more than " + MAX_PAD);
                    }
                    selected = select(config.encryption(), offered);
                    step = Step.PAD_C;
                }
                case PAD_C -> {
                    if (in.readableBytes() < padC + 2) {
                        return;
                    }
                    decrypt.apply(in, in.readerIndex(), padC + 2);
                    in.skipBytes(padC);
                    iaLength = in.readUnsignedShort();
                    step = Step.IA;
                }
                case IA -> {
                    if (in.readableBytes() < iaLength) {
                        return;
                    }
                    // IA is encrypted whatever method is selected.
                    decrypt.apply(in, in.readerIndex(), iaLength);
                    ByteBuf ia = iaLength == 0 ? null : in.readRetainedSlice(iaLength);
                    bindHandshakeTo(ctx);
                    sendSelection(ctx);
                    boolean rc4 = selected == RC4;
                    finish(ctx, rc4 ? encrypt : null, rc4 ? decrypt : null, ia);
                    return;
                }
            }
        }
    }

    /** The 20 bytes of the served torrent whose HASH('req2', ·) is {@code req2}. */
    private byte[] find(byte[] req2) throws ProtocolViolation {
        for (InfoHash candidate : served.get()) {
            byte[] wire = candidate.truncated();
            if (Arrays.equals(MseKeys.req2(wire), req2)) {
                return wire;
            }
        }
        throw new ProtocolViolation.HandshakeRefused("asked, encrypted, for a torrent we do not serve");
    }

    private void bindHandshakeTo(ChannelHandlerContext ctx) {
        ChannelHandlerContext handshake = ctx.pipeline().context(HandshakeDecoder.class);
        if (handshake != null) {
            byte[] agreed = skey;
            ctx.pipeline().replace(handshake.name(), handshake.name(), HandshakeDecoder.incoming(config,
                    infoHash -> Arrays.equals(infoHash.truncated(), agreed) ? lookup.apply(infoHash) : Optional.empty()));
        }
    }

    private void sendSelection(ChannelHandlerContext ctx) {
        ByteBuf out = ctx.alloc().buffer(VC_LENGTH + 6);
        out.writeZero(VC_LENGTH);
        out.writeInt(selected);
        out.writeShort(0);
        encrypt.apply(out, 0, out.writerIndex());
        ctx.writeAndFlush(out, ctx.voidPromise());
    }
}
