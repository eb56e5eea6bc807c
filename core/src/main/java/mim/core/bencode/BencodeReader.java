package mim.core.bencode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import mim.core.bencode.BencodeException.Reason;

/**
 * A strict bencode reader over a byte array.
 *
 * <p>Always refused: integers that are not canonical ({@code i03e}, {@code i-0e}, {@code ie}) or do
 * not fit a {@code long}; string lengths with a leading zero or past the end of the input;
 * non-string dictionary keys; nesting deeper than {@link #maxDepth()}; input larger than
 * {@link #maxSize()}; by default, bytes after the value. Dictionary keys out of order or repeated
 * are accepted and remembered ({@link BDict#hasCanonicalKeys()}) unless the reader was made with
 * {@link #requiringCanonicalKeys()}: torrents in the wild have unsorted keys, and their identity is
 * the hash of the bytes as they are.
 *
 * <p>When the top-level value is a dictionary, the reader records where the value of its
 * {@code info} key lies in the input, so the info-hash can be computed over exactly the bytes
 * received ({@link Document#rawInfo()}).
 *
 * <p>Work is linear in the input: strings are copied once, no object is made per byte. Instances are
 * immutable and safe to share between threads.
 */
public final class BencodeReader {
    public static final int DEFAULT_MAX_DEPTH = 100;
    public static final int DEFAULT_MAX_SIZE = 64 << 20;

    private static final BencodeReader STRICT =
            new BencodeReader(DEFAULT_MAX_DEPTH, DEFAULT_MAX_SIZE, false, false);

    private final int maxDepth;
    private final int maxSize;
    private final boolean allowTrailingData;
    private final boolean requireCanonicalKeys;

    private BencodeReader(int maxDepth, int maxSize, boolean allowTrailingData, boolean requireCanonicalKeys) {
        if (maxDepth < 1 || maxSize < 1) {
            throw new IllegalArgumentException("limits must be positive");
        }
        this.maxDepth = maxDepth;
        this.maxSize = maxSize;
        this.allowTrailingData = allowTrailingData;
        this.requireCanonicalKeys = requireCanonicalKeys;
    }

    /** The default reader: depth {@value #DEFAULT_MAX_DEPTH}, 64 MiB, no trailing bytes. */
    public static BencodeReader strict() {
        return STRICT;
    }

    /** Reads {@code data}, which must hold exactly one value, with the default reader. */
    public static BValue decode(byte[] data) throws BencodeException {
        return STRICT.read(data).root();
    }

    public BencodeReader withMaxDepth(int depth) {
        return new BencodeReader(depth, maxSize, allowTrailingData, requireCanonicalKeys);
    }

    public BencodeReader withMaxSize(int size) {
        return new BencodeReader(maxDepth, size, allowTrailingData, requireCanonicalKeys);
    }

    /**
     * A reader that stops after the first value and ignores what follows ({@link Document#length()}
     * says where the value ended). Torrent files are read this way, as other clients read them.
     */
    public BencodeReader allowingTrailingData() {
        return new BencodeReader(maxDepth, maxSize, true, requireCanonicalKeys);
    }

    /** A reader that refuses unsorted or repeated dictionary keys ({@link Reason#NOT_CANONICAL}). */
    public BencodeReader requiringCanonicalKeys() {
        return new BencodeReader(maxDepth, maxSize, allowTrailingData, true);
    }

    public int maxDepth() {
        return maxDepth;
    }

    public int maxSize() {
        return maxSize;
    }

    /**
     * Reads one value from the start of {@code data}.
     *
     * @throws BencodeException with the offset of the first problem
     */
    public Document read(byte[] data) throws BencodeException {
        if (data.length > maxSize) {
            throw new BencodeException(Reason.TOO_LARGE, maxSize,
                    data.length + " bytes is more than the limit of " + maxSize);
        }
        Parser p = new Parser(data);
        BValue root = p.value();
        if (p.pos != data.length && !allowTrailingData) {
            throw new BencodeException(Reason.SYNTAX, p.pos, "unexpected data after the end");
        }
        byte[] info = p.infoStart < 0 ? null : Arrays.copyOfRange(data, p.infoStart, p.infoEnd);
        return new Document(root, p.pos, p.infoStart, info);
    }

    /**
     * The result of {@link #read}: the value, how many bytes it took, and the raw bytes of the
     * top-level {@code info} value when there is one. Immutable.
     */
    public static final class Document {
        private final BValue root;
        private final int length;
        private final int infoOffset;
        private final byte[] rawInfo;

        private Document(BValue root, int length, int infoOffset, byte[] rawInfo) {
            this.root = root;
            this.length = length;
            this.infoOffset = infoOffset;
            this.rawInfo = rawInfo;
        }

        public BValue root() {
            return root;
        }

        /** The number of bytes the value occupied; trailing bytes, if allowed, come after. */
        public int length() {
            return length;
        }

        /** Where the top-level {@code info} value starts in the input, or -1 when there is none. */
        public int infoOffset() {
            return infoOffset;
        }

        /** A copy of the exact bytes of the top-level {@code info} value, or null when there is none. */
        public byte[] rawInfo() {
            return rawInfo == null ? null : rawInfo.clone();
        }
    }

    /** One pass over one input; single use. */
    private final class Parser {
        private final byte[] in;
        private int pos;
        private int depth;
        private int infoStart = -1;
        private int infoEnd = -1;

        Parser(byte[] in) {
            this.in = in;
        }

        BValue value() throws BencodeException {
            if (pos >= in.length) {
                throw error(pos, "unexpected end of input");
            }
            byte b = in[pos];
            if (b == 'i') {
                return integer();
            } else if (b == 'l') {
                return list();
            } else if (b == 'd') {
                return dict();
            } else if (b >= '0' && b <= '9') {
                return string();
            }
            throw error(pos, "unexpected byte 0x" + Integer.toHexString(b & 0xff));
        }

        private BInt integer() throws BencodeException {
            int start = pos++;
            boolean negative = pos < in.length && in[pos] == '-';
            if (negative) {
                pos++;
            }
            int digitsStart = pos;
            // Accumulate negatively so that Long.MIN_VALUE fits.
            long value = 0;
            while (pos < in.length && in[pos] >= '0' && in[pos] <= '9') {
                int digit = in[pos] - '0';
                if (value < (Long.MIN_VALUE + digit) / 10) {
                    throw error(start, "integer does not fit in 64 bits");
                }
                value = value * 10 - digit;
                pos++;
            }
            int digits = pos - digitsStart;
            if (pos >= in.length) {
                throw error(pos, "unexpected end of input in integer");
            }
            if (in[pos] != 'e') {
                throw error(pos, "unexpected byte in integer");
            }
            if (digits == 0) {
                throw error(start, "integer without digits");
            }
            if (in[digitsStart] == '0' && (digits > 1 || negative)) {
                throw error(start, negative ? "negative zero or leading zero in integer" : "leading zero in integer");
            }
            pos++;
            if (!negative) {
                if (value == Long.MIN_VALUE) {
                    throw error(start, "integer does not fit in 64 bits");
                }
                value = -value;
            }
            return BInt.of(value);
        }

        private BString string() throws BencodeException {
            int start = pos;
            long length = 0;
            while (pos < in.length && in[pos] >= '0' && in[pos] <= '9') {
                length = length * 10 + (in[pos] - '0');
                if (length > in.length) {
                    throw error(start, "string length past the end of the input");
                }
                pos++;
            }
            if (pos >= in.length || in[pos] != ':') {
                throw error(pos, pos >= in.length ? "unexpected end of input in string length"
                        : "expected ':' after string length");
            }
            if (in[start] == '0' && pos - start > 1) {
                throw error(start, "leading zero in string length");
            }
            pos++;
            if (length > in.length - pos) {
                throw error(start, "string of " + length + " bytes runs past the end of the input");
            }
            BString s = BString.copyOf(in, pos, (int) length);
            pos += (int) length;
            return s;
        }

        private BList list() throws BencodeException {
            enter();
            List<BValue> items = new ArrayList<>();
            while (true) {
                if (pos >= in.length) {
                    throw error(pos, "unexpected end of input in list");
                }
                if (in[pos] == 'e') {
                    break;
                }
                items.add(value());
            }
            pos++;
            depth--;
            return new BList(items);
        }

        private BDict dict() throws BencodeException {
            enter();
            boolean topLevel = depth == 1;
            List<BString> keys = new ArrayList<>();
            List<BValue> values = new ArrayList<>();
            while (true) {
                if (pos >= in.length) {
                    throw error(pos, "unexpected end of input in dictionary");
                }
                if (in[pos] == 'e') {
                    break;
                }
                int keyStart = pos;
                if (in[pos] < '0' || in[pos] > '9') {
                    throw error(pos, "dictionary key is not a string");
                }
                BString key = string();
                if (requireCanonicalKeys && !keys.isEmpty()) {
                    int order = keys.get(keys.size() - 1).compareTo(key);
                    if (order >= 0) {
                        throw new BencodeException(Reason.NOT_CANONICAL, keyStart,
                                (order == 0 ? "repeated" : "unsorted") + " dictionary key '" + key + "'");
                    }
                }
                int valueStart = pos;
                BValue value = value();
                if (topLevel && infoStart < 0 && key.is("info")) {
                    infoStart = valueStart;
                    infoEnd = pos;
                }
                keys.add(key);
                values.add(value);
            }
            pos++;
            depth--;
            return new BDict(keys, values);
        }

        private void enter() throws BencodeException {
            if (++depth > maxDepth) {
                throw new BencodeException(Reason.DEPTH_EXCEEDED, pos, "nested deeper than " + maxDepth + " levels");
            }
            pos++;
        }

        private BencodeException error(int at, String detail) {
            return new BencodeException(Reason.SYNTAX, at, detail);
        }
    }
}
