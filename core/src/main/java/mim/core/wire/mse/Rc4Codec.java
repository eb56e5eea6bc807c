package mim.core.wire.mse;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;

/**
 * What an MSE handshake that selected RC4 leaves in the pipeline: every byte read is decrypted,
 * every byte written encrypted, each direction with its own stream continuing where the handshake
 * left it.
 *
 * <p>Inbound buffers are decrypted in place (they come from the socket and belong to this
 * pipeline); outbound ones may be shared (a piece's data), so they are encrypted into a new buffer
 * and released. One per channel, on its event loop.
 */
final class Rc4Codec extends ChannelDuplexHandler {
    private final Rc4 encrypt;
    private final Rc4 decrypt;

    Rc4Codec(Rc4 encrypt, Rc4 decrypt) {
        this.encrypt = encrypt;
        this.decrypt = decrypt;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf buf) {
            decrypt.apply(buf, buf.readerIndex(), buf.readableBytes());
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof ByteBuf plain)) {
            // Nothing but buffers is written under the message encoder; anything else would go out in clear.
            ReferenceCountUtil.release(msg);
            promise.setFailure(new IllegalArgumentException("cannot encrypt " + msg.getClass().getName()));
            return;
        }
        ByteBuf sealed;
        try {
            sealed = ctx.alloc().buffer(plain.readableBytes());
            encrypt.transformInto(plain, sealed);
        } finally {
            plain.release();
        }
        ctx.write(sealed, promise);
    }
}
