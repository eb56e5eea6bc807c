package mim.core.wire;

import static mim.core.wire.Message.*;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.util.List;

/**
 * Writes a {@link Message} as its length-prefixed wire form. A piece goes out as a small header
 * buffer followed by the block's own buffer (retained, never copied); the message's reference is
 * released once encoded, so writing a Piece hands its data to the channel.
 *
 * <p>Checks nothing the message types do not already guarantee: what we send is ours to get right.
 * Stateless, but made per channel like the rest of the pipeline.
 */
public final class MessageEncoder extends MessageToMessageEncoder<Message> {
    private static final int BLOCK_MESSAGE_LENGTH = 4 + 1 + 12;

    public MessageEncoder() {
        super(Message.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Message msg, List<Object> out) {
        ByteBufAllocator alloc = ctx.alloc();
        if (msg instanceof KeepAlive) {
            out.add(alloc.buffer(4, 4).writeInt(0));
        } else if (msg instanceof Choke) {
            out.add(header(alloc, CHOKE_ID, 0));
        } else if (msg instanceof Unchoke) {
            out.add(header(alloc, UNCHOKE_ID, 0));
        } else if (msg instanceof Interested) {
            out.add(header(alloc, INTERESTED_ID, 0));
        } else if (msg instanceof NotInterested) {
            out.add(header(alloc, NOT_INTERESTED_ID, 0));
        } else if (msg instanceof Have m) {
            out.add(header(alloc, HAVE_ID, 4).writeInt(m.piece()));
        } else if (msg instanceof Bitfield m) {
            ByteBuf buf = header(alloc, BITFIELD_ID, m.byteLength());
            m.writeTo(buf);
            out.add(buf);
        } else if (msg instanceof Request m) {
            out.add(block(alloc, REQUEST_ID, m.block()));
        } else if (msg instanceof Piece m) {
            ByteBuf head = header(alloc, PIECE_ID, 8 + m.data().readableBytes(), 8);
            out.add(head.writeInt(m.piece()).writeInt(m.offset()));
            out.add(m.data().retain());
        } else if (msg instanceof Cancel m) {
            out.add(block(alloc, CANCEL_ID, m.block()));
        } else if (msg instanceof Port m) {
            out.add(header(alloc, PORT_ID, 2).writeShort(m.port()));
        } else if (msg instanceof Suggest m) {
            out.add(header(alloc, SUGGEST_ID, 4).writeInt(m.piece()));
        } else if (msg instanceof HaveAll) {
            out.add(header(alloc, HAVE_ALL_ID, 0));
        } else if (msg instanceof HaveNone) {
            out.add(header(alloc, HAVE_NONE_ID, 0));
        } else if (msg instanceof Reject m) {
            out.add(block(alloc, REJECT_ID, m.block()));
        } else if (msg instanceof AllowedFast m) {
            out.add(header(alloc, ALLOWED_FAST_ID, 4).writeInt(m.piece()));
        } else if (msg instanceof Extended m) {
            ByteBuf buf = header(alloc, EXTENDED_ID, 1 + m.payloadLength()).writeByte(m.id());
            m.writePayloadTo(buf);
            out.add(buf);
        } else {
            throw new AssertionError("unhandled message type " + msg.getClass());
        }
    }

    /** A buffer holding the length and id, with room for the whole payload. */
    private static ByteBuf header(ByteBufAllocator alloc, int id, int payload) {
        return header(alloc, id, payload, payload);
    }

    /** A buffer holding the length and id, with room for {@code room} bytes of the payload. */
    private static ByteBuf header(ByteBufAllocator alloc, int id, int payload, int room) {
        int capacity = 4 + 1 + room;
        return alloc.buffer(capacity, capacity).writeInt(1 + payload).writeByte(id);
    }

    /**
     * Requests for {@code blocks} in one buffer, as their messages would go one after another: one
     * write for a batch of requests instead of one for each.
     */
    public static ByteBuf requests(ByteBufAllocator alloc, List<BlockRef> blocks) {
        int capacity = blocks.size() * BLOCK_MESSAGE_LENGTH;
        ByteBuf buf = alloc.buffer(capacity, capacity);
        for (BlockRef block : blocks) {
            writeBlock(buf, REQUEST_ID, block);
        }
        return buf;
    }

    private static ByteBuf block(ByteBufAllocator alloc, int id, BlockRef block) {
        return writeBlock(alloc.buffer(BLOCK_MESSAGE_LENGTH, BLOCK_MESSAGE_LENGTH), id, block);
    }

    /** A request, cancel or reject: length, id, piece, offset, length. */
    private static ByteBuf writeBlock(ByteBuf buf, int id, BlockRef block) {
        return buf.writeInt(1 + 12).writeByte(id).writeInt(block.piece()).writeInt(block.offset()).writeInt(block.length());
    }
}
