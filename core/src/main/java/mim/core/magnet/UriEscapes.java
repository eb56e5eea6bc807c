package mim.core.magnet;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Percent-encoding of magnet parameter values, as UTF-8.
 *
 * <p>Decoding reads {@code +} as a space, as form-encoded queries do and as libtorrent, qBittorrent and
 * Transmission read magnet links: links made by web sites write {@code dn=Big+Buck+Bunny}. A literal
 * plus must therefore be written {@code %2B}, which {@link #encode} always does. Stateless.
 */
final class UriEscapes {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private UriEscapes() {}

    /**
     * Decodes one name or value.
     *
     * @throws IllegalArgumentException with a short reason if an escape is cut short or not hex, or
     *     the bytes are not UTF-8
     */
    static String decode(String s) {
        if (s.indexOf('%') < 0 && s.indexOf('+') < 0) {
            return s;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                int hi = i + 1 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
                int lo = i + 2 < s.length() ? Character.digit(s.charAt(i + 2), 16) : -1;
                if (hi < 0 || lo < 0) {
                    String escape = s.substring(i, Math.min(s.length(), i + 3));
                    throw new IllegalArgumentException("invalid percent-escape '" + escape + "'");
                }
                bytes.write(hi << 4 | lo);
                i += 2;
            } else if (c == '+') {
                bytes.write(' ');
            } else {
                byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < s.length()) {
                    utf8 = s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                bytes.writeBytes(utf8);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("escaped bytes are not UTF-8");
        }
    }

    /**
     * Encodes a value so that {@link #decode} gives it back exactly. Unreserved characters and the
     * {@code :} {@code /} {@code @} of URLs stay as they are, so trackers remain readable; everything
     * else, {@code +} and space included, is escaped.
     */
    static String encode(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (isKept(c)) {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return out.toString();
    }

    private static boolean isKept(int c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                || c == '-' || c == '.' || c == '_' || c == '~' || c == ':' || c == '/' || c == '@';
    }
}
