package mim.core.wire;

import static mim.core.wire.Message.*;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import mim.core.metainfo.FileLayout;
import mim.core.metainfo.Metainfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cuts the byte stream after the handshake into frames (a 4-byte big-endian length, then that many
 * bytes; a length past the torrent's limit fails at once, before its frame arrives) and turns each
 * into a {@link Message}, checked against the torrent: fixed-size messages have exactly their size,
 * piece indexes exist, blocks lie inside their piece and are no longer than {@link
 * WireConfig#maxBlockLength}, a bitfield has the torrent's size and no spare bit set, and Fast or
 * extended messages come only when both sides announced that extension. Anything else throws
 * {@link ProtocolViolation}, so the connection is dropped.
 *
 * <p>Without a layout (a connection fetching a magnet link's metadata), piece indexes are only
 * checked to be below {@link Metainfo#MAX_PIECES}, a bitfield of any length the frame limit lets
 * through is taken as whole bytes of pieces, and requests, pieces, cancels and rejects are refused:
 * we asked for no block and have none to give. Unknown message ids are skipped, as BEP 3 asks, to leave room for new extensions.
 *
 * <p>Framing and decoding are one handler, so that a message goes up the pipeline in one step: a
 * frame is a view of the received bytes, neither retained nor copied, and a {@link Message.Piece}'s
 * data a retained slice of them. Received bytes are cumulated as a composite buffer: a frame that
 * spans two reads is a view over both, where the usual cumulator copies every read that follows a
 * partial frame (nearly all of them, with 16 KiB blocks in 64 KiB reads) into a buffer it allocates
 * anew, since a block's slice keeps the old one alive; 8 MiB less peak memory in a 1 GiB download.
 * One instance per channel (it belongs to one torrent); not sharable.
 */
public final class MessageDecoder extends LengthFieldBasedFrameDecoder {
    private static final Logger log = LoggerFactory.getLogger(MessageDecoder.class);

    /** Null while the torrent's metadata is unknown. */
    private final FileLayout layout;
    private final int maxBlockLength;
    private final int maxExtendedPayload;
    private final boolean fast;
    private final boolean extensionProtocol;

    /**
     * @param layout            the torrent's geometry, or null when it is not known yet (a bitfield
     *                          may then be as long as the largest torrent's)
     * @param fast              whether both sides announced the Fast extension
     * @param extensionProtocol whether both sides announced the extension protocol
     */
    public MessageDecoder(WireConfig config, FileLayout layout, boolean fast, boolean extensionProtocol) {
        // failFast: refuse an oversized length on sight instead of reading the frame to discard it.
        super(config.maxFrameLength(layout == null ? Metainfo.MAX_PIECES : layout.pieceCount()), 0, 4, 0, 4, true);
        setCumulator(COMPOSITE_CUMULATOR);
        this.layout = layout;
        this.maxBlockLength = config.maxBlockLength();
        this.maxExtendedPayload = config.maxExtendedPayload();
        this.fast = fast;
        this.extensionProtocol = extensionProtocol;
    }

    /** The frame as a view of the received bytes, valid during {@link #decode} only. */
    @Override
    protected ByteBuf extractFrame(ChannelHandlerContext ctx, ByteBuf buffer, int index, int length) {
        return buffer.slice(index, length);
    }

    /** The next message, or null while its frame is incomplete or when its id is unknown (skipped). */
    @Override
    protected Object decode(ChannelHandlerContext ctx, ByteBuf in) throws Exception {
        ByteBuf frame = (ByteBuf) super.decode(ctx, in);
        return frame == null ? null : message(frame);
    }

    private Message message(ByteBuf frame) throws ProtocolViolation {
        if (!frame.isReadable()) {
            return KEEP_ALIVE;
        }
        int id = frame.readUnsignedByte();
        int size = frame.readableBytes();
        return switch (id) {
            case CHOKE_ID -> empty(id, size, CHOKE);
            case UNCHOKE_ID -> empty(id, size, UNCHOKE);
            case INTERESTED_ID -> empty(id, size, INTERESTED);
            case NOT_INTERESTED_ID -> empty(id, size, NOT_INTERESTED);
            case HAVE_ID -> new Have(piece(frame, id, size));
            case BITFIELD_ID -> bitfield(frame);
            case REQUEST_ID -> new Request(block(frame, id, size));
            case PIECE_ID -> piece(frame);
            case CANCEL_ID -> new Cancel(block(frame, id, size));
            case PORT_ID -> {
                requireSize(id, size, 2);
                yield new Port(frame.readUnsignedShort());
            }
            case SUGGEST_ID -> new Suggest(piece(frame, requireFast(id), size));
            case HAVE_ALL_ID -> empty(requireFast(id), size, HAVE_ALL);
            case HAVE_NONE_ID -> empty(requireFast(id), size, HAVE_NONE);
            case REJECT_ID -> new Reject(block(frame, requireFast(id), size));
            case ALLOWED_FAST_ID -> new AllowedFast(piece(frame, requireFast(id), size));
            case EXTENDED_ID -> extended(frame);
            default -> {
                log.debug("skipping unknown message id {} ({} bytes)", id, size);
                yield null;
            }
        };
    }

    private static Message empty(int id, int size, Message message) throws ProtocolViolation {
        requireSize(id, size, 0);
        return message;
    }

    private static void requireSize(int id, int size, int expected) throws ProtocolViolation {
        if (size != expected) {
            throw new ProtocolViolation("message " + id + " has a payload of " + size + " bytes, expected " + expected);
        }
    }

    private int requireFast(int id) throws ProtocolViolation {
        if (!fast) {
            throw new ProtocolViolation("Fast extension message " + id + " without the Fast extension negotiated");
        }
        return id;
    }

    private int piece(ByteBuf frame, int id, int size) throws ProtocolViolation {
        requireSize(id, size, 4);
        return checkPiece(frame.readInt(), id);
    }

    private int checkPiece(int piece, int id) throws ProtocolViolation {
        // readInt turns indexes of 2^31 and above negative; they are out of range all the same.
        int count = layout == null ? Metainfo.MAX_PIECES : layout.pieceCount();
        if (piece < 0 || piece >= count) {
            throw new ProtocolViolation("message " + id + " names piece " + Integer.toUnsignedString(piece)
                    + (layout == null ? ", more than any torrent has" : " of a torrent with " + count));
        }
        return piece;
    }

    private BlockRef block(ByteBuf frame, int id, int size) throws ProtocolViolation {
        requireLayout(id);
        requireSize(id, size, 12);
        int piece = checkPiece(frame.readInt(), id);
        return checkBlock(piece, frame.readInt(), frame.readInt(), id);
    }

    private BlockRef checkBlock(int piece, int offset, long length, int id) throws ProtocolViolation {
        if (length > maxBlockLength || length <= 0) {
            throw new ProtocolViolation("message " + id + " has a block of " + Integer.toUnsignedString((int) length)
                    + " bytes; the limit is " + maxBlockLength);
        }
        long end = Integer.toUnsignedLong(offset) + length;
        if (end > layout.pieceSize(piece)) {
            throw new ProtocolViolation("message " + id + " has a block [" + Integer.toUnsignedString(offset) + ", "
                    + end + ") past the end of piece " + piece + " (" + layout.pieceSize(piece) + " bytes)");
        }
        return new BlockRef(piece, offset, (int) length);
    }

    private void requireLayout(int id) throws ProtocolViolation {
        if (layout == null) {
            throw new ProtocolViolation("message " + id + " about a block before we have the torrent's metadata");
        }
    }

    private Bitfield bitfield(ByteBuf frame) throws ProtocolViolation {
        byte[] bits = new byte[frame.readableBytes()];
        frame.readBytes(bits);
        try {
            return new Bitfield(layout == null ? bits.length * 8 : layout.pieceCount(), bits);
        } catch (IllegalArgumentException e) {
            throw new ProtocolViolation(e.getMessage());
        }
    }

    private Piece piece(ByteBuf frame) throws ProtocolViolation {
        requireLayout(PIECE_ID);
        if (frame.readableBytes() <= 8) {
            throw new ProtocolViolation("piece message of " + frame.readableBytes() + " bytes holds no block");
        }
        int piece = checkPiece(frame.readInt(), PIECE_ID);
        int offset = frame.readInt();
        checkBlock(piece, offset, frame.readableBytes(), PIECE_ID);
        return new Piece(piece, offset, frame.readRetainedSlice(frame.readableBytes()));
    }

    private Extended extended(ByteBuf frame) throws ProtocolViolation {
        if (!extensionProtocol) {
            throw new ProtocolViolation("extended message without the extension protocol negotiated");
        }
        if (!frame.isReadable()) {
            throw new ProtocolViolation("extended message without an extension id");
        }
        int id = frame.readUnsignedByte();
        if (frame.readableBytes() > maxExtendedPayload) {
            throw new ProtocolViolation("extended message " + id + " of " + frame.readableBytes()
                    + " bytes; the limit is " + maxExtendedPayload);
        }
        byte[] payload = new byte[frame.readableBytes()];
        frame.readBytes(payload);
        return new Extended(id, payload);
    }
}
