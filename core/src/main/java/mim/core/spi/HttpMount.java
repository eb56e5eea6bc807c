package mim.core.spi;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.pf4j.ExtensionPoint;

/**
 * Routes a plugin adds to the server's HTTP API under a path of its own, such as a web UI under
 * {@code /web/} or another tool's API: the HTTP API plugin finds every active mount and sends it
 * each request whose path starts with {@link #path()}, after its own checks (authentication, Host
 * and Origin, size limits) have passed. Requests and answers are plain values: a mount needs no
 * HTTP library.
 *
 * <p>Thread safety: {@link #handle} is called from the server's threads, several at once; it must
 * not block (a mount that needs the session uses {@link SessionControl}, whose calls do not block,
 * and answers when their futures complete).
 */
public interface HttpMount extends ExtensionPoint {

    /** The path the mount answers under: starts and ends with {@code /}, such as {@code /web/}. */
    String path();

    /**
     * Answers one request, at once or when the session's work is done. A failed future is answered
     * as the server answers an error of its own.
     *
     * @param session the session the server serves
     */
    CompletableFuture<Response> handle(Request request, SessionControl session);

    /**
     * Whether the mount decides itself who may use it, as an API with a login of its own does. The
     * server then passes it requests that lack its credentials too (its other checks still apply), and
     * each {@link Request#access()} says whether the request carried them; the mount refuses the
     * others unless they proved themselves its own way, for which {@link Access#accepts} checks a user
     * name and password against the server's. No mount sees the credentials themselves.
     */
    default boolean admitsItself() {
        return false;
    }

    /**
     * What the server's authentication says of a request. Safe for concurrent use.
     */
    interface Access {
        /** A request the server admitted; what every mount but one that {@link #admitsItself} sees. */
        Access ADMITTED = new Access() {
            @Override
            public boolean admitted() {
                return true;
            }

            @Override
            public boolean accepts(String user, String password) {
                return true;
            }
        };

        /** Whether the request carried the server's credentials, or the server needs none. */
        boolean admitted();

        /** Whether these are the server's user name and password; any are when it needs none. */
        boolean accepts(String user, String password);
    }

    /**
     * One request, its body read whole (bounded by the server's body limit).
     *
     * @param method such as {@code GET}
     * @param path the decoded path below the mount's own, without a leading {@code /} ({@code ""} for the
     *     mount's path itself)
     * @param query each query parameter's values, decoded
     * @param headers each header's value, names in lower case
     * @param body the request body, empty for none (the array is not shared)
     * @param access what the server's authentication says of it
     */
    record Request(String method, String path, Map<String, List<String>> query, Map<String, String> headers,
                   byte[] body, Access access) {
        public Request {
            query = Map.copyOf(query);
            headers = Map.copyOf(headers);
            body = body.clone();
            Objects.requireNonNull(access, "access");
        }

        /** A request the server admitted. */
        public Request(String method, String path, Map<String, List<String>> query, Map<String, String> headers,
                       byte[] body) {
            this(method, path, query, headers, body, Access.ADMITTED);
        }

        @Override
        public byte[] body() {
            return body.clone();
        }

        /** The value of a header, by a name in any case; null if absent. */
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /**
     * An answer.
     *
     * @param status the HTTP status
     * @param contentType the body's media type
     * @param headers further headers, such as {@code Cache-Control}
     * @param body the body (the array is not shared)
     */
    record Response(int status, String contentType, Map<String, String> headers, byte[] body) {
        public Response {
            Objects.requireNonNull(contentType, "contentType");
            headers = Map.copyOf(headers);
            body = body.clone();
        }

        @Override
        public byte[] body() {
            return body.clone();
        }

        /** This answer, already complete: what a mount that need not wait returns. */
        public CompletableFuture<Response> now() {
            return CompletableFuture.completedFuture(this);
        }

        /** 200 with this body. */
        public static Response ok(String contentType, byte[] body) {
            return new Response(200, contentType, Map.of(), body);
        }

        /** 404 with a line of text. */
        public static Response notFound() {
            return new Response(404, "text/plain; charset=utf-8", Map.of(), "not found\n".getBytes(
                    java.nio.charset.StandardCharsets.UTF_8));
        }

        /**
         * A static file from the class path below {@code root} (such as {@code web/}), found through
         * {@code owner}'s class loader, for a mount that serves files: {@code path} as the request gave it
         * ({@code ""} serves {@code index.html}). A path that climbs out of the root, or names nothing,
         * is a 404.
         */
        public static Response resource(Class<?> owner, String root, String path) {
            String file = path.isEmpty() || path.endsWith("/") ? path + "index.html" : path;
            if (List.of(file.split("/")).stream().anyMatch(c -> c.isEmpty() || c.equals(".") || c.equals(".."))) {
                return notFound();
            }
            try (InputStream in = owner.getClassLoader().getResourceAsStream(root + file)) {
                if (in == null) {
                    return notFound();
                }
                return new Response(200, mediaType(file), Map.of("Cache-Control", "no-cache"), in.readAllBytes());
            } catch (IOException e) {
                return notFound();
            }
        }

        private static String mediaType(String file) {
            String ext = file.substring(file.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
            return switch (ext) {
                case "html" -> "text/html; charset=utf-8";
                case "js", "mjs" -> "text/javascript; charset=utf-8";
                case "css" -> "text/css; charset=utf-8";
                case "json" -> "application/json";
                case "svg" -> "image/svg+xml";
                case "png" -> "image/png";
                case "ico" -> "image/x-icon";
                case "woff2" -> "font/woff2";
                default -> "application/octet-stream";
            };
        }
    }
}
