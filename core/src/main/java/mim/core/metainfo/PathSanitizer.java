package mim.core.metainfo;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Turns one path element from a torrent into a name that is safe on disk, following libtorrent's
 * rules so that both clients put the same torrent in the same place:
 * <ul>
 *   <li>'/', '\' and NUL are dropped, and so are invisible Unicode formatting characters (bidi
 *       overrides, zero-width joiners, the BOM) that can disguise a name;
 *   <li>control characters and malformed UTF-8 become '_';
 *   <li>an element that is empty, ".", ".." or nothing after filtering becomes "_" (or is dropped,
 *       where dropping is allowed);
 *   <li>past 240 bytes the element is cut, keeping an extension of up to 9 bytes;
 *   <li>trailing spaces and dots are removed: Windows cannot hold them, and on any system they make
 *       two names look the same.
 * </ul>
 * Stateless.
 */
final class PathSanitizer {
    private static final int MAX_ELEMENT_BYTES = 240;

    private PathSanitizer() {}

    /**
     * The sanitised element, or null when {@code force} is false and nothing usable is left (the
     * caller then drops the element). With {@code force}, never null: a v1 file's path keeps as many
     * components as it had, so that sanitising cannot make two paths the same by dropping parts.
     */
    static String element(byte[] in, boolean force) {
        if (in.length == 0) {
            return force ? "_" : null;
        }
        if (in.length == 1 && in[0] == '.' && !force) {
            return null;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
        int added = 0;
        int dots = 0;
        boolean foundExtension = false;
        int seqLen;
        for (int i = 0; i < in.length; i += seqLen) {
            long decoded = decode(in, i);
            int codePoint = (int) (decoded >> 8);
            seqLen = (int) (decoded & 0xff);
            if (codePoint >= 0 && filtered(codePoint)) {
                continue;
            }
            if (codePoint < 0 || !valid(codePoint)) {
                out.write('_');
                added++;
                continue;
            }
            out.write(in, i, seqLen);
            if (codePoint == '.') {
                dots++;
            }
            added += seqLen;
            if (added >= MAX_ELEMENT_BYTES && !foundExtension) {
                int dot = -1;
                for (int j = in.length - 1; j > Math.max(in.length - 10, i); j--) {
                    if (in[j] == '.') {
                        dot = j;
                        break;
                    }
                }
                if (dot == -1) {
                    break;
                }
                foundExtension = true;
                // continue copying from the extension's dot
                i = dot - seqLen;
            }
        }
        if (added == dots && added <= 2) {
            return force ? "_" : null;
        }
        byte[] b = out.toByteArray();
        int end = b.length;
        while (end > 0 && (b[end - 1] == ' ' || b[end - 1] == '.')) {
            end--;
        }
        if (end == 0) {
            return force ? "_" : null;
        }
        return new String(b, 0, end, StandardCharsets.UTF_8);
    }

    /** Dropped without trace: separators, NUL and invisible formatting characters. */
    private static boolean filtered(int c) {
        return c == 0 || c == '/' || c == '\\' || c == 0x061c || (c >= 0x200b && c <= 0x200f) || (c >= 0x202a && c <= 0x202e)
                || (c >= 0x2060 && c <= 0x2064) || (c >= 0x2066 && c <= 0x2069) || c == 0xfeff;
    }

    /** C0 and C1 controls and DEL cannot be in a name. */
    private static boolean valid(int c) {
        return !(c < 32 || c == 0x7f || (c >= 0x80 && c <= 0x9f));
    }

    /**
     * Decodes one UTF-8 sequence at {@code i}: the code point (or -1 when malformed) shifted left by
     * 8, or'ed with the number of bytes consumed. A malformed sequence consumes the length its lead
     * byte announces, as libtorrent does, so both replace the same bytes by one '_'.
     */
    private static long decode(byte[] in, int i) {
        int lead = in[i] & 0xff;
        int len;
        if (lead < 0x80) {
            return ((long) lead << 8) | 1;
        } else if ((lead & 0xe0) == 0xc0) {
            len = 2;
        } else if ((lead & 0xf0) == 0xe0) {
            len = 3;
        } else if ((lead & 0xf8) == 0xf0) {
            len = 4;
        } else {
            return (-1L << 8) | 1;
        }
        if (len > in.length - i) {
            return (-1L << 8) | (in.length - i);
        }
        int cp = lead & (0xff >> (len + 1));
        for (int k = 1; k < len; k++) {
            int b = in[i + k] & 0xff;
            if ((b & 0xc0) != 0x80) {
                return (-1L << 8) | len;
            }
            cp = cp << 6 | (b & 0x3f);
        }
        int min = len == 2 ? 0x80 : len == 3 ? 0x800 : 0x10000;
        if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
            return (-1L << 8) | len;
        }
        return ((long) cp << 8) | len;
    }
}
