package mim.core.wire;

import io.netty.buffer.ByteBuf;
import io.netty.util.ReferenceCounted;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A message of the peer wire after the handshake: BEP 3's core set, BEP 6's Fast extension and
 * BEP 10's extended message. {@link MessageDecoder} makes them from frames, {@link MessageEncoder}
 * writes them.
 *
 * <p>Every message is immutable except {@link Piece}, which carries its block as a reference
 * counted {@link ByteBuf}: whoever holds a Piece owns one reference and must release it (or pass
 * it on, to the channel for example, which releases it once written). All others hold no buffers.
 * Constructors check what can be checked without a torrent and throw
 * {@link IllegalArgumentException}.
 */
public sealed interface Message {
    // BEP 3 message ids; BEP 6 adds 0x0D-0x11, BEP 10 adds 20.
    int CHOKE_ID = 0;
    int UNCHOKE_ID = 1;
    int INTERESTED_ID = 2;
    int NOT_INTERESTED_ID = 3;
    int HAVE_ID = 4;
    int BITFIELD_ID = 5;
    int REQUEST_ID = 6;
    int PIECE_ID = 7;
    int CANCEL_ID = 8;
    int PORT_ID = 9;
    int SUGGEST_ID = 0x0D;
    int HAVE_ALL_ID = 0x0E;
    int HAVE_NONE_ID = 0x0F;
    int REJECT_ID = 0x10;
    int ALLOWED_FAST_ID = 0x11;
    int EXTENDED_ID = 20;

    KeepAlive KEEP_ALIVE = new KeepAlive();
    Choke CHOKE = new Choke();
    Unchoke UNCHOKE = new Unchoke();
    Interested INTERESTED = new Interested();
    NotInterested NOT_INTERESTED = new NotInterested();
    HaveAll HAVE_ALL = new HaveAll();
    HaveNone HAVE_NONE = new HaveNone();

    /** A frame of length zero: the sender is still there. */
    record KeepAlive() implements Message {}

    record Choke() implements Message {}

    record Unchoke() implements Message {}

    record Interested() implements Message {}

    record NotInterested() implements Message {}

    /** The sender now has piece {@code piece}. */
    record Have(int piece) implements Message {
        public Have {
            requirePiece(piece);
        }
    }

    /**
     * The pieces the sender has, one bit per piece, the high bit of the first byte being piece 0.
     * Always exactly {@code ceil(pieceCount / 8)} bytes with the spare bits of the last byte clear.
     */
    record Bitfield(int pieceCount, byte[] bits) implements Message {
        /** @throws IllegalArgumentException if the size does not fit the piece count or a spare bit is set */
        public Bitfield {
            if (pieceCount < 0) {
                throw new IllegalArgumentException("negative piece count " + pieceCount);
            }
            int expected = byteCount(pieceCount);
            if (bits.length != expected) {
                throw new IllegalArgumentException("bitfield of " + bits.length + " bytes for " + pieceCount
                        + " pieces, expected " + expected);
            }
            int spare = expected * 8 - pieceCount;
            if (spare > 0 && (bits[expected - 1] & ((1 << spare) - 1)) != 0) {
                throw new IllegalArgumentException("bitfield has spare bits set past piece " + (pieceCount - 1));
            }
            bits = bits.clone();
        }

        /** The wire form of {@code pieces} (bit i set: piece i present) for a torrent of {@code pieceCount}. */
        public static Bitfield of(int pieceCount, BitSet pieces) {
            if (pieces.length() > pieceCount) {
                throw new IllegalArgumentException("piece " + (pieces.length() - 1) + " beyond " + pieceCount);
            }
            byte[] bits = new byte[byteCount(pieceCount)];
            for (int i = pieces.nextSetBit(0); i >= 0; i = pieces.nextSetBit(i + 1)) {
                bits[i >>> 3] |= (byte) (0x80 >>> (i & 7));
            }
            return new Bitfield(pieceCount, bits);
        }

        static int byteCount(int pieceCount) {
            return (int) ((pieceCount + 7L) / 8);
        }

        public boolean has(int piece) {
            Objects.checkIndex(piece, pieceCount);
            return (bits[piece >>> 3] & (0x80 >>> (piece & 7))) != 0;
        }

        /** The pieces present, bit i for piece i. */
        public BitSet toBitSet() {
            BitSet set = new BitSet(pieceCount);
            for (int i = 0; i < pieceCount; i++) {
                if (has(i)) {
                    set.set(i);
                }
            }
            return set;
        }

        /** A copy of the wire bytes. */
        @Override
        public byte[] bits() {
            return bits.clone();
        }

        int byteLength() {
            return bits.length;
        }

        void writeTo(ByteBuf out) {
            out.writeBytes(bits);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Bitfield b && b.pieceCount == pieceCount && Arrays.equals(b.bits, bits);
        }

        @Override
        public int hashCode() {
            return 31 * pieceCount + Arrays.hashCode(bits);
        }

        @Override
        public String toString() {
            return "Bitfield[" + pieceCount + " pieces, " + toBitSet().cardinality() + " present]";
        }
    }

    /** The sender asks for a block. */
    record Request(BlockRef block) implements Message {
        public Request {
            Objects.requireNonNull(block, "block");
        }
    }

    /**
     * A block of data. {@code data}'s readable bytes are the block; this record owns one reference
     * to it, so it is itself {@link ReferenceCounted}: release the Piece (or its data) once done.
     * The decoder hands out a retained slice of the received frame, never a copy.
     */
    record Piece(int piece, int offset, ByteBuf data) implements Message, ReferenceCounted {
        public Piece {
            requirePiece(piece);
            if (offset < 0) {
                throw new IllegalArgumentException("negative offset " + offset);
            }
            if (data.readableBytes() == 0) {
                throw new IllegalArgumentException("empty block");
            }
        }

        /** Which block this is: its piece, offset and the data's length. */
        public BlockRef block() {
            return new BlockRef(piece, offset, data.readableBytes());
        }

        @Override
        public int refCnt() {
            return data.refCnt();
        }

        @Override
        public Piece retain() {
            data.retain();
            return this;
        }

        @Override
        public Piece retain(int increment) {
            data.retain(increment);
            return this;
        }

        @Override
        public Piece touch() {
            data.touch();
            return this;
        }

        @Override
        public Piece touch(Object hint) {
            data.touch(hint);
            return this;
        }

        @Override
        public boolean release() {
            return data.release();
        }

        @Override
        public boolean release(int decrement) {
            return data.release(decrement);
        }

        @Override
        public String toString() {
            return "Piece[" + block() + "]";
        }
    }

    /** The sender withdraws a request. */
    record Cancel(BlockRef block) implements Message {
        public Cancel {
            Objects.requireNonNull(block, "block");
        }
    }

    /** The UDP port of the sender's DHT node (BEP 5). */
    record Port(int port) implements Message {
        public Port {
            if (port < 0 || port > 0xFFFF) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
        }
    }

    /** Fast: the sender suggests downloading this piece from it. */
    record Suggest(int piece) implements Message {
        public Suggest {
            requirePiece(piece);
        }
    }

    /** Fast: the sender has every piece (instead of a bitfield). */
    record HaveAll() implements Message {}

    /** Fast: the sender has no piece (instead of a bitfield). */
    record HaveNone() implements Message {}

    /** Fast: the sender will not serve this request. */
    record Reject(BlockRef block) implements Message {
        public Reject {
            Objects.requireNonNull(block, "block");
        }
    }

    /** Fast: the receiver may request this piece even while choked. */
    record AllowedFast(int piece) implements Message {
        public AllowedFast {
            requirePiece(piece);
        }
    }

    /**
     * BEP 10: a message of an extension. {@code id} 0 is the extension handshake (a bencoded
     * dictionary); other ids are the ones the receiver assigned in its own handshake.
     */
    record Extended(int id, byte[] payload) implements Message {
        public static final int HANDSHAKE = 0;

        public Extended {
            if (id < 0 || id > 0xFF) {
                throw new IllegalArgumentException("extended message id out of range: " + id);
            }
            payload = payload.clone();
        }

        /** A copy of the payload. */
        @Override
        public byte[] payload() {
            return payload.clone();
        }

        int payloadLength() {
            return payload.length;
        }

        void writePayloadTo(ByteBuf out) {
            out.writeBytes(payload);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Extended e && e.id == id && Arrays.equals(e.payload, payload);
        }

        @Override
        public int hashCode() {
            return 31 * id + Arrays.hashCode(payload);
        }

        @Override
        public String toString() {
            String head = HexFormat.of().formatHex(payload, 0, Math.min(payload.length, 16));
            return "Extended[" + id + ", " + payload.length + " bytes: " + head + (payload.length > 16 ? "…]" : "]");
        }
    }

    private static void requirePiece(int piece) {
        if (piece < 0) {
            throw new IllegalArgumentException("negative piece index " + piece);
        }
    }
}
