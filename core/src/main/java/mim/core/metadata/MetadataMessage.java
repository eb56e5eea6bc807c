package mim.core.metadata;

import java.util.Arrays;
import mim.core.bencode.BDict;
import mim.core.bencode.BValue;
import mim.core.bencode.BencodeException;
import mim.core.bencode.BencodeReader;
import mim.core.wire.ProtocolViolation;

/**
 * A BEP 9 ut_metadata message: the payload of an extended message sent under the ut_metadata id
 * the receiver announced. A bencoded dictionary ({@code msg_type}, {@code piece}, and for data
 * {@code total_size}), followed, for data only, by the piece's bytes.
 *
 * <p>The info dictionary travels in {@value #PIECE_SIZE}-byte pieces, the last one shorter. Every
 * message here is consistent by construction: a piece index below {@link #MAX_PIECES}, and a data
 * message whose bytes are exactly as long as its piece of {@code totalSize}. Constructors throw
 * {@link IllegalArgumentException}; {@link #decode} throws {@link ProtocolViolation}. Immutable.
 */
public sealed interface MetadataMessage {
    int PIECE_SIZE = 16 * 1024;
    /** The largest info dictionary anybody may announce: libtorrent's default limit too. */
    int MAX_METADATA_SIZE = 16 << 20;
    int MAX_PIECES = MAX_METADATA_SIZE / PIECE_SIZE;

    int REQUEST = 0;
    int DATA = 1;
    int REJECT = 2;

    /** The dictionary is small: three short keys and three integers. */
    int MAX_HEADER = 128;

    int piece();

    /** Asks for piece {@code piece}. */
    record Request(int piece) implements MetadataMessage {
        public Request {
            checkPiece(piece);
        }
    }

    /** Will not send piece {@code piece}: the sender does not have the metadata, or it is busy. */
    record Reject(int piece) implements MetadataMessage {
        public Reject {
            checkPiece(piece);
        }
    }

    /** Piece {@code piece} of an info dictionary of {@code totalSize} bytes. */
    record Data(int piece, int totalSize, byte[] bytes) implements MetadataMessage {
        public Data {
            checkPiece(piece);
            if (totalSize <= 0 || totalSize > MAX_METADATA_SIZE) {
                throw new IllegalArgumentException("metadata size " + totalSize + " not in 1.." + MAX_METADATA_SIZE);
            }
            if (piece >= pieceCount(totalSize)) {
                throw new IllegalArgumentException("piece " + piece + " past the end of " + totalSize + " bytes of metadata");
            }
            if (bytes.length != pieceLength(totalSize, piece)) {
                throw new IllegalArgumentException("piece " + piece + " of " + totalSize + " bytes of metadata has "
                        + pieceLength(totalSize, piece) + " bytes, not " + bytes.length);
            }
            bytes = bytes.clone();
        }

        /** A copy of the piece's bytes. */
        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Data d && d.piece == piece && d.totalSize == totalSize && Arrays.equals(d.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return (31 * piece + totalSize) * 31 + Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "Data[piece " + piece + " of " + totalSize + " bytes]";
        }
    }

    /** How many pieces {@code totalSize} bytes of metadata take. */
    static int pieceCount(int totalSize) {
        return (totalSize + PIECE_SIZE - 1) / PIECE_SIZE;
    }

    /** The length of piece {@code piece} of {@code totalSize} bytes: full, except the last. */
    static int pieceLength(int totalSize, int piece) {
        return Math.min(PIECE_SIZE, totalSize - piece * PIECE_SIZE);
    }

    /** The payload of the extended message. */
    default byte[] encode() {
        BDict.Builder d = BDict.builder().put("piece", piece());
        if (this instanceof Data data) {
            byte[] head = d.put("msg_type", DATA).put("total_size", data.totalSize).build().encode();
            byte[] out = Arrays.copyOf(head, head.length + data.bytes.length);
            System.arraycopy(data.bytes, 0, out, head.length, data.bytes.length);
            return out;
        }
        return d.put("msg_type", this instanceof Request ? REQUEST : REJECT).build().encode();
    }

    /**
     * Reads a payload. Refused: a header that is not a dictionary or is longer than
     * {@value #MAX_HEADER} bytes, an unknown {@code msg_type}, a piece index out of range, bytes
     * after a request or a reject, a data message whose size does not match its piece.
     */
    static MetadataMessage decode(byte[] payload) throws ProtocolViolation {
        BencodeReader.Document doc;
        try {
            doc = MetadataCodec.READER.read(payload.length > MAX_HEADER ? Arrays.copyOf(payload, MAX_HEADER) : payload);
        } catch (BencodeException e) {
            throw new ProtocolViolation("ut_metadata: " + e.getMessage());
        }
        if (!(doc.root() instanceof BDict d)) {
            throw new ProtocolViolation("ut_metadata message is not a dictionary");
        }
        long type = MetadataCodec.integer(d, "msg_type");
        long piece = MetadataCodec.integer(d, "piece");
        if (piece < 0 || piece >= MAX_PIECES) {
            throw new ProtocolViolation("ut_metadata piece " + piece + " out of range");
        }
        int rest = payload.length - doc.length();
        if (type == DATA) {
            long total = MetadataCodec.integer(d, "total_size");
            try {
                return new Data((int) piece, (int) Math.min(total, Integer.MAX_VALUE),
                        Arrays.copyOfRange(payload, doc.length(), payload.length));
            } catch (IllegalArgumentException e) {
                throw new ProtocolViolation("ut_metadata data: " + e.getMessage());
            }
        }
        if (type != REQUEST && type != REJECT) {
            throw new ProtocolViolation("ut_metadata msg_type " + type + " unknown");
        }
        if (rest != 0) {
            throw new ProtocolViolation("ut_metadata " + (type == REQUEST ? "request" : "reject") + " followed by "
                    + rest + " bytes");
        }
        return type == REQUEST ? new Request((int) piece) : new Reject((int) piece);
    }

    private static void checkPiece(int piece) {
        if (piece < 0 || piece >= MAX_PIECES) {
            throw new IllegalArgumentException("metadata piece " + piece + " not in 0.." + (MAX_PIECES - 1));
        }
    }
}
