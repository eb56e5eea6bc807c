package mim.plugin.httpapi;

import java.util.Optional;

/**
 * The one byte range a {@code Range} header asks of a representation of {@code length} bytes (RFC
 * 9110, section 14): {@code bytes=A-B}, the open {@code bytes=A-} and the suffix {@code bytes=-N}
 * (the last N bytes). A last position past the end is cut to the end. Immutable.
 *
 * <p>What is ignored, so the whole body is sent with 200, as RFC 9110 lets a server do: no header,
 * another unit than {@code bytes}, and a request of several ranges (a {@code multipart/byteranges}
 * answer is rarely wanted: players ask one range at a time).
 *
 * @param first the first byte sent
 * @param last the last byte sent, inclusive
 */
record ByteRange(long first, long last) {

    /** A range that cannot be served: the answer is 416 with {@code Content-Range: bytes *}{@code /length}. */
    static final class Unsatisfiable extends Exception {
        private static final long serialVersionUID = 1L;

        Unsatisfiable(String message) {
            super(message, null, false, false);
        }
    }

    /** How many bytes it holds. */
    long length() {
        return last - first + 1;
    }

    /** The {@code Content-Range} of a 206 answer. */
    String contentRange(long total) {
        return "bytes " + first + "-" + last + "/" + total;
    }

    /**
     * The range {@code header} asks for, or empty to send the whole body.
     *
     * @throws Unsatisfiable for a bytes range that is malformed (RFC 9110 answers an invalid range as an
     *     unsatisfiable one), starts at or past the end, or asks for no byte
     */
    static Optional<ByteRange> parse(String header, long length) throws Unsatisfiable {
        if (header == null) {
            return Optional.empty();
        }
        String h = header.strip();
        int eq = h.indexOf('=');
        if (eq < 0 || !h.substring(0, eq).strip().equalsIgnoreCase("bytes")) {
            return Optional.empty();
        }
        String spec = h.substring(eq + 1).strip();
        if (spec.indexOf(',') >= 0) {
            return Optional.empty();
        }
        int dash = spec.indexOf('-');
        if (dash < 0) {
            throw new Unsatisfiable("the range '" + spec + "' has no '-'");
        }
        String from = spec.substring(0, dash).strip();
        String to = spec.substring(dash + 1).strip();
        if (from.isEmpty()) {
            long suffix = number(to, spec);
            if (suffix == 0 || length == 0) {
                throw new Unsatisfiable("the last " + suffix + " bytes of " + length + " hold no byte");
            }
            return Optional.of(new ByteRange(Math.max(0, length - suffix), length - 1));
        }
        long first = number(from, spec);
        long last = to.isEmpty() ? length - 1 : number(to, spec);
        if (last < first) {
            throw new Unsatisfiable("the range '" + spec + "' ends before it starts");
        }
        if (first >= length) {
            throw new Unsatisfiable("the range '" + spec + "' starts at or past the end, " + length + " bytes");
        }
        return Optional.of(new ByteRange(first, Math.min(last, length - 1)));
    }

    private static long number(String digits, String spec) throws Unsatisfiable {
        if (digits.isEmpty() || digits.length() > 18 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new Unsatisfiable("the range '" + spec + "' is not of the form A-B, A- or -N");
        }
        return Long.parseLong(digits);
    }
}
