package mim.core.wire.mse;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import mim.core.wire.Handshake;
import mim.core.wire.WireConfig;

/**
 * Side A of an MSE handshake, for a connection we opened about a torrent we know:
 * <pre>
 * 1 A→B  Ya, PadA                                          (begin)
 * 2 B→A  Yb, PadB                                          KEY: read Yb, then send 3
 * 3 A→B  HASH('req1', S), HASH('req2', SKEY) xor HASH('req3', S),
 *        ENCRYPT(VC, crypto_provide, len(PadC), PadC, len(IA)), ENCRYPT(IA)
 * 4 B→A  ENCRYPT(VC, crypto_select, len(PadD), PadD)       SYNC: find ENCRYPT(VC) within PadB's 512 bytes
 *                                                          SELECT, PAD_D: read the rest, then finish
 * </pre>
 * The initial payload IA is the BitTorrent handshake the layer above wrote when the channel became
 * active, so the peer can answer it without waiting for another round trip. Not sharable.
 */
final class MseInitiator extends MseHandshake {
    private enum Step { KEY, SYNC, SELECT, PAD_D }

    private final byte[] skey;
    private DiffieHellman keys;
    private Step step = Step.KEY;
    private Rc4 encrypt;
    private Rc4 decrypt;
    /** The receiver's VC as it appears on the wire: the first 8 bytes of its key stream. */
    private byte[] encryptedVc;
    private int syncFrom;
    private int selected;
    private int padD;

    MseInitiator(WireConfig config, byte[] skey, Random random) {
        super(config, random);
        this.skey = skey.clone();
    }

    @Override
    void begin(ChannelHandlerContext ctx) {
        keys = DiffieHellman.generate(random);
        int pad = random.nextInt(MAX_PAD + 1);
        ByteBuf out = ctx.alloc().buffer(DiffieHellman.KEY_LENGTH + pad);
        out.writeBytes(keys.publicKey());
        writePad(out, pad);
        ctx.writeAndFlush(out, ctx.voidPromise());
    }

    @Override
    void advance(ChannelHandlerContext ctx, ByteBuf in) throws EncryptionFailed {
        while (true) {
            switch (step) {
                case KEY -> {
                    if (in.readableBytes() < DiffieHellman.KEY_LENGTH) {
                        return;
                    }
                    byte[] theirs = new byte[DiffieHellman.KEY_LENGTH];
                    in.readBytes(theirs);
                    byte[] s = keys.sharedSecret(theirs);
                    encrypt = MseKeys.initiatorStream(s, skey);
                    decrypt = MseKeys.receiverStream(s, skey);
                    encryptedVc = new byte[VC_LENGTH];
                    decrypt.apply(encryptedVc, 0, VC_LENGTH);
                    sendRequest(ctx, s);
                    syncFrom = in.readerIndex();
                    step = Step.SYNC;
                }
                case SYNC -> {
                    int at = indexOf(in, syncFrom, syncFrom + MAX_PAD, encryptedVc);
                    if (at < 0) {
                        if (in.writerIndex() - syncFrom >= MAX_PAD + VC_LENGTH) {
                            throw new EncryptionFailed("sent no encrypted verification constant within "
                                    + MAX_PAD + " bytes of padding");
                        }
                        return;
                    }
                    in.readerIndex(at + VC_LENGTH);
                    step = Step.SELECT;
                }
                case SELECT -> {
                    if (in.readableBytes() < 6) {
                        return;
                    }
                    decrypt.apply(in, in.readerIndex(), 6);
                    selected = in.readInt();
                    padD = in.readUnsignedShort();
                    int offered = provided(config.encryption());
                    if (Integer.bitCount(selected) != 1 || (selected & offered) == 0) {
                        throw new EncryptionFailed(String.format("selected crypto method 0x%x, we offered 0x%x",
                                selected, offered));
                    }
                    if (padD > MAX_PAD) {
                        throw new EncryptionFailed("sent " + padD + " bytes of padding, more than " + MAX_PAD);
                    }
                    step = Step.PAD_D;
                }
                case PAD_D -> {
                    if (in.readableBytes() < padD) {
                        return;
                    }
                    decrypt.apply(in, in.readerIndex(), padD);
                    in.skipBytes(padD);
                    boolean rc4 = selected == RC4;
                    finish(ctx, rc4 ? encrypt : null, rc4 ? decrypt : null, null);
                    return;
                }
            }
        }
    }

    /** Step 3, carrying the BitTorrent handshake written above as the initial payload. */
    private void sendRequest(ChannelHandlerContext ctx, byte[] s) {
        List<ChannelPromise> promises = new ArrayList<>();
        ByteBuf ia = takeHeld(ctx.alloc(), Handshake.LENGTH, promises);
        try {
            ByteBuf out = ctx.alloc().buffer(2 * MseKeys.HASH_LENGTH + VC_LENGTH + 8 + ia.readableBytes());
            out.writeBytes(MseKeys.req1(s));
            out.writeBytes(MseKeys.obfuscate(MseKeys.req2(skey), s));
            int sealed = out.writerIndex();
            out.writeZero(VC_LENGTH);
            out.writeInt(provided(config.encryption()));
            out.writeShort(0);
            out.writeShort(ia.readableBytes());
            out.writeBytes(ia);
            encrypt.apply(out, sealed, out.writerIndex() - sealed);
            ChannelFuture written = ctx.writeAndFlush(out);
            completeWith(written, promises);
        } finally {
            ia.release();
        }
    }
}
