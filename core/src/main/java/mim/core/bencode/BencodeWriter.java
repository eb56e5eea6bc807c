package mim.core.bencode;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Writes canonical bencoding: integers in shortest form, dictionary keys sorted as raw bytes. The
 * output is what BEP 3 and BEP 52 hash, so equal values always encode to equal bytes.
 *
 * <p>Stateless and thread-safe. Throws {@link IllegalArgumentException} for a dictionary with a
 * repeated key, which has no canonical form (only the lenient reader produces one).
 */
public final class BencodeWriter {
    private BencodeWriter() {}

    public static byte[] encode(BValue value) {
        byte[] out = new byte[Math.toIntExact(size(value))];
        int end = write(value, out, 0);
        assert end == out.length;
        return out;
    }

    /** The number of bytes {@link #encode} produces. */
    public static long size(BValue value) {
        if (value instanceof BInt i) {
            return 2 + Long.toString(i.value()).length();
        } else if (value instanceof BString s) {
            return stringSize(s);
        } else if (value instanceof BList l) {
            long n = 2;
            for (BValue item : l.items()) {
                n += size(item);
            }
            return n;
        } else {
            BDict d = (BDict) value;
            long n = 2;
            for (int i = 0; i < d.size(); i++) {
                n += stringSize(d.keys().get(i)) + size(d.values().get(i));
            }
            return n;
        }
    }

    private static long stringSize(BString s) {
        return Integer.toString(s.length()).length() + 1 + s.length();
    }

    private static int write(BValue value, byte[] out, int pos) {
        if (value instanceof BInt i) {
            out[pos++] = 'i';
            pos = ascii(Long.toString(i.value()), out, pos);
            out[pos++] = 'e';
            return pos;
        } else if (value instanceof BString s) {
            return writeString(s, out, pos);
        } else if (value instanceof BList l) {
            out[pos++] = 'l';
            for (BValue item : l.items()) {
                pos = write(item, out, pos);
            }
            out[pos++] = 'e';
            return pos;
        } else {
            return writeDict((BDict) value, out, pos);
        }
    }

    private static int writeDict(BDict d, byte[] out, int pos) {
        List<BString> keys = d.keys();
        Integer[] order = new Integer[keys.size()];
        Arrays.setAll(order, i -> i);
        if (!d.hasCanonicalKeys()) {
            Arrays.sort(order, Comparator.comparing(keys::get));
            for (int i = 1; i < order.length; i++) {
                if (keys.get(order[i - 1]).equals(keys.get(order[i]))) {
                    throw new IllegalArgumentException("dictionary key '" + keys.get(order[i]) + "' appears twice");
                }
            }
        }
        out[pos++] = 'd';
        for (int i : order) {
            pos = writeString(keys.get(i), out, pos);
            pos = write(d.values().get(i), out, pos);
        }
        out[pos++] = 'e';
        return pos;
    }

    private static int writeString(BString s, byte[] out, int pos) {
        pos = ascii(Integer.toString(s.length()), out, pos);
        out[pos++] = ':';
        s.copyTo(out, pos);
        return pos + s.length();
    }

    private static int ascii(String digits, byte[] out, int pos) {
        byte[] b = digits.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, out, pos, b.length);
        return pos + b.length;
    }
}
