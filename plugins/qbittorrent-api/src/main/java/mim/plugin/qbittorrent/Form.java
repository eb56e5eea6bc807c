package mim.plugin.qbittorrent;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import mim.core.spi.HttpMount;

/**
 * The parameters of one call, as qBittorrent takes them: the query's, then an
 * {@code application/x-www-form-urlencoded} body's or a {@code multipart/form-data} body's fields, whose
 * file parts ({@code torrents}) are kept as bytes. Immutable.
 *
 * @param fields every field's values, in the order given
 * @param files the contents of the file parts, in order
 */
record Form(Map<String, List<String>> fields, List<byte[]> files) {

    Form {
        fields = Map.copyOf(fields);
        files = List.copyOf(files);
    }

    /**
     * Reads a request's parameters.
     *
     * @throws Failure 400 for a multipart body without its boundary or whose parts do not end
     */
    static Form of(HttpMount.Request request) throws Failure {
        Map<String, List<String>> fields = new HashMap<>();
        request.query().forEach((k, v) -> fields.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
        List<byte[]> files = new ArrayList<>();
        String type = request.header("content-type");
        String lower = type == null ? "" : type.toLowerCase(Locale.ROOT);
        byte[] body = request.body();
        if (lower.startsWith("multipart/form-data")) {
            multipart(body, boundary(type), fields, files);
        } else if (lower.startsWith("application/x-www-form-urlencoded") || (type == null && body.length > 0)) {
            urlencoded(new String(body, StandardCharsets.UTF_8), fields);
        }
        return new Form(fields, files);
    }

    /** The first value of a field, or null. */
    String get(String name) {
        List<String> v = fields.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    /** The first value of a field, or {@code otherwise}. */
    String get(String name, String otherwise) {
        String v = get(name);
        return v == null ? otherwise : v;
    }

    /** A field that must be given. */
    String require(String name) throws Failure {
        String v = get(name);
        if (v == null) {
            throw Failure.badRequest("missing parameter: " + name);
        }
        return v;
    }

    /** A boolean field, {@code true} in any case; {@code otherwise} when absent. */
    boolean flag(String name, boolean otherwise) {
        String v = get(name);
        return v == null ? otherwise : v.equalsIgnoreCase("true");
    }

    /** A number field; {@code otherwise} when absent. */
    double number(String name, double otherwise) throws Failure {
        String v = get(name);
        if (v == null) {
            return otherwise;
        }
        try {
            return Double.parseDouble(v.strip());
        } catch (NumberFormatException e) {
            throw Failure.badRequest(name + " is not a number: " + v);
        }
    }

    private static void urlencoded(String text, Map<String, List<String>> fields) throws Failure {
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                fields.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
            } catch (IllegalArgumentException e) {
                throw Failure.badRequest("the form does not decode: " + e.getMessage());
            }
        }
    }

    private static String boundary(String type) throws Failure {
        for (String part : type.split(";")) {
            String p = part.strip();
            if (p.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
                String b = p.substring("boundary=".length());
                return b.length() > 1 && b.startsWith("\"") && b.endsWith("\"") ? b.substring(1, b.length() - 1) : b;
            }
        }
        throw Failure.badRequest("a multipart form needs its boundary");
    }

    /** RFC 7578: parts between {@code --boundary} lines, each its headers, a blank line and its content. */
    private static void multipart(byte[] body, String boundary, Map<String, List<String>> fields, List<byte[]> files)
            throws Failure {
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        int at = indexOf(body, delimiter, 0);
        while (at >= 0) {
            int start = at + delimiter.length;
            if (start + 1 < body.length && body[start] == '-' && body[start + 1] == '-') {
                return;
            }
            int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), start);
            int next = indexOf(body, ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1), start);
            if (headersEnd < 0 || next < 0 || headersEnd > next) {
                break;
            }
            String headers = new String(body, start, headersEnd - start, StandardCharsets.UTF_8);
            byte[] content = java.util.Arrays.copyOfRange(body, headersEnd + 4, next);
            String name = attribute(headers, "name");
            if (attribute(headers, "filename") != null) {
                files.add(content);
            } else if (name != null) {
                fields.computeIfAbsent(name, x -> new ArrayList<>()).add(new String(content, StandardCharsets.UTF_8));
            }
            at = next + 2;
        }
        throw Failure.badRequest("the multipart form does not end with its boundary");
    }

    /** {@code name="value"} of the part's Content-Disposition, or null. */
    private static String attribute(String headers, String name) {
        for (String line : headers.split("\r\n")) {
            if (!line.toLowerCase(Locale.ROOT).startsWith("content-disposition:")) {
                continue;
            }
            for (String p : line.split(";")) {
                String t = p.strip();
                if (t.startsWith(name + "=")) {
                    String v = t.substring(name.length() + 1);
                    return v.length() > 1 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
                }
            }
        }
        return null;
    }

    private static int indexOf(byte[] hay, byte[] needle, int from) {
        outer:
        for (int i = Math.max(0, from); i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
