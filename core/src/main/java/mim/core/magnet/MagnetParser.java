package mim.core.magnet;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import mim.core.MimException;
import mim.core.metainfo.InfoHash;

/**
 * Reads magnet URIs into {@link MagnetLink}s. Stateless.
 *
 * <p>The query is split on {@code &} and {@code =} before anything is unescaped, so an escaped
 * {@code %26} inside a tracker URL stays inside it. Parameter names are matched ignoring case, and a
 * numbered name such as {@code xt.1} or {@code tr.2} (written by some clients for repeated
 * parameters) counts as the plain one. Everything after a {@code #} is a URI fragment and ignored.
 */
final class MagnetParser {
    /** Longest stretch of the link quoted in an error message. */
    private static final int QUOTE_LIMIT = 100;

    private MagnetParser() {}

    static MagnetLink parse(String uri) throws MimException.BadInput {
        String link = uri.strip();
        if (!MagnetLink.looksLikeMagnet(link)) {
            throw new MimException.BadInput("not a magnet link (expected magnet:?xt=...): " + quote(link));
        }
        int hash = link.indexOf('#');
        String query = link.substring(7, hash < 0 ? link.length() : hash);
        if (!query.startsWith("?")) {
            throw new MimException.BadInput("not a magnet link (no '?' after 'magnet:'): " + quote(link));
        }
        MagnetLink.Builder b = MagnetLink.builder();
        InfoHash v1 = null;
        InfoHash v2 = null;
        String unsupported = null;
        boolean named = false;
        for (String param : query.substring(1).split("&")) {
            if (param.isEmpty()) {
                continue;
            }
            int eq = param.indexOf('=');
            String key;
            String value;
            try {
                key = baseName(UriEscapes.decode(eq < 0 ? param : param.substring(0, eq)));
                value = eq < 0 ? "" : UriEscapes.decode(param.substring(eq + 1));
            } catch (IllegalArgumentException e) {
                throw bad(e.getMessage() + " in '" + param + "'", link);
            }
            switch (key) {
                case "xt" -> {
                    String lower = value.toLowerCase(Locale.ROOT);
                    if (lower.startsWith("urn:btih:")) {
                        v1 = same(v1, btih(value.substring(9), link), "v1 info-hashes (urn:btih)", link);
                    } else if (lower.startsWith("urn:btmh:")) {
                        v2 = same(v2, btmh(value.substring(9), link), "v2 info-hashes (urn:btmh)", link);
                    } else if (unsupported == null) {
                        unsupported = value;
                    }
                }
                case "dn" -> {
                    if (!named) {
                        b.name(value);
                        named = true;
                    }
                }
                case "tr" -> b.tracker(nonEmpty(value, "tr", link));
                case "ws" -> b.webSeed(nonEmpty(value, "ws", link));
                case "x.pe" -> b.peer(peer(value, link));
                case "so" -> selectOnly(value, b, link);
                default -> {
                    // Not ours (xl, as, xs, kt, dht, ...): ignored, see MagnetLink.
                }
            }
        }
        if (v1 == null && v2 == null) {
            if (unsupported != null) {
                throw bad("unsupported hash kind '" + kind(unsupported)
                        + "' (mim needs urn:btih or urn:btmh)", link);
            }
            throw bad("no info-hash (xt=urn:btih:... or xt=urn:btmh:...)", link);
        }
        if (v1 != null) {
            b.infoHashV1(v1);
        }
        if (v2 != null) {
            b.infoHashV2(v2);
        }
        return b.build();
    }

    /** {@code xt.1} is {@code xt}; {@code x.pe} keeps its dot. */
    private static String baseName(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        int dot = k.lastIndexOf('.');
        if (dot > 0 && dot < k.length() - 1 && k.substring(dot + 1).chars().allMatch(Character::isDigit)) {
            return k.substring(0, dot);
        }
        return k;
    }

    /** 40 hex digits or 32 base32 letters, either case. */
    private static InfoHash btih(String text, String link) throws MimException.BadInput {
        try {
            if (text.length() == 40 && isHex(text)) {
                return InfoHash.fromHex(text);
            }
            if (text.length() == 32) {
                return InfoHash.fromBase32(text);
            }
        } catch (IllegalArgumentException notBase32) {
            // Reported below, with the forms a v1 hash may take.
        }
        throw bad("malformed v1 info-hash '" + text + "' (expected 40 hex digits or 32 base32 characters)",
                link);
    }

    /** A multihash: 0x12 (SHA-256), 0x20 (32 bytes), then the digest, all in hex. */
    private static InfoHash btmh(String text, String link) throws MimException.BadInput {
        if (text.length() >= 4 && isHex(text) && !text.regionMatches(true, 0, "1220", 0, 4)) {
            throw bad("unsupported multihash '" + text.substring(0, 4)
                    + "' in urn:btmh (only SHA-256, 1220, is defined)", link);
        }
        if (text.length() != 68 || !isHex(text)) {
            throw bad("malformed v2 info-hash '" + text + "' (expected 1220 and 64 hex digits)", link);
        }
        return InfoHash.fromHex(text.substring(4));
    }

    private static InfoHash same(InfoHash had, InfoHash got, String what, String link)
            throws MimException.BadInput {
        if (had != null && !had.equals(got)) {
            throw bad("two different " + what, link);
        }
        return got;
    }

    private static MagnetLink.Peer peer(String value, String link) throws MimException.BadInput {
        String host;
        String port;
        if (value.startsWith("[")) {
            int close = value.indexOf(']');
            if (close < 0 || close + 1 >= value.length() || value.charAt(close + 1) != ':') {
                throw bad("malformed peer '" + value + "' (expected [IPv6]:port)", link);
            }
            host = value.substring(1, close);
            port = value.substring(close + 2);
        } else {
            int colon = value.lastIndexOf(':');
            if (colon <= 0 || value.indexOf(':') != colon) {
                throw bad("malformed peer '" + value + "' (expected host:port or [IPv6]:port)", link);
            }
            host = value.substring(0, colon);
            port = value.substring(colon + 1);
        }
        int p = number(port, 65535);
        if (host.isEmpty() || p < 1) {
            throw bad("malformed peer '" + value + "' (expected host:port, port 1-65535)", link);
        }
        if (host.indexOf('[') >= 0 || host.indexOf(']') >= 0) {
            // No host name or address has one; "[[x]:1" would be written "[x:1", which reads as nothing.
            throw bad("malformed peer '" + value + "' (a bracket inside the host)", link);
        }
        return new MagnetLink.Peer(host, p);
    }

    /** BEP 53: comma-separated indices and inclusive ranges, {@code 0,2,4-6}. */
    private static void selectOnly(String value, MagnetLink.Builder b, String link) throws MimException.BadInput {
        for (String part : value.split(",", -1)) {
            int dash = part.indexOf('-');
            int first = number(dash < 0 ? part : part.substring(0, dash), Integer.MAX_VALUE);
            int last = dash < 0 ? first : number(part.substring(dash + 1), Integer.MAX_VALUE);
            if (first < 0 || last < first) {
                throw bad("malformed file selection so='" + value
                        + "' (expected indices and ranges such as 0,2,4-6)", link);
            }
            b.selectFiles(new MagnetLink.IndexRange(first, last));
        }
    }

    /** A decimal number no greater than {@code max}, or -1. */
    private static int number(String s, int max) {
        if (s.isEmpty() || s.length() > 10 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        long n = Long.parseLong(s);
        return n > max ? -1 : (int) n;
    }

    private static String nonEmpty(String value, String key, String link) throws MimException.BadInput {
        if (value.isEmpty()) {
            throw bad("empty " + key + " parameter", link);
        }
        return value;
    }

    private static boolean isHex(String s) {
        return s.chars().allMatch(c -> Character.digit(c, 16) >= 0 && c < 128);
    }

    /** The kind of an {@code xt} value, {@code urn:sha1} of {@code urn:sha1:ABC}. */
    private static String kind(String xt) {
        int second = xt.indexOf(':', xt.indexOf(':') + 1);
        return second < 0 ? xt : xt.substring(0, second);
    }

    private static MimException.BadInput bad(String problem, String link) {
        return new MimException.BadInput("invalid magnet link: " + printable(problem) + ": " + quote(link));
    }

    private static String quote(String link) {
        return printable(link.length() <= QUOTE_LIMIT ? link : link.substring(0, QUOTE_LIMIT) + "...");
    }

    /** Control characters percent-escaped as UTF-8, as a URI carries them: a message stays one line. */
    private static String printable(String text) {
        if (text.chars().noneMatch(Character::isISOControl)) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 8);
        text.chars().forEach(c -> {
            if (Character.isISOControl(c)) {
                for (byte b : Character.toString(c).getBytes(StandardCharsets.UTF_8)) {
                    out.append(String.format("%%%02X", b & 0xff));
                }
            } else {
                out.append((char) c);
            }
        });
        return out.toString();
    }
}
