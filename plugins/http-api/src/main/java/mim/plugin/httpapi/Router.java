package mim.plugin.httpapi;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import mim.core.spi.HttpMount;
import mim.core.spi.SessionControl;

/**
 * Finds what answers a request: a route of the API ({@code GET /torrents/{id}}, whose {@code {...}}
 * segments become parameters), else a plugin's {@link HttpMount} whose path the request's starts
 * with. A path no route or mount knows is a 404; a known path with another method a 405; a query
 * parameter the route does not take a 400.
 *
 * <p>Thread safety: routes and mounts are set before the server starts and only read afterwards.
 */
final class Router {
    /**
     * Answers one request; {@code params} are the path's {@code {...}} segments, in order. A failure,
     * thrown or failing the future, becomes the error {@link ApiError#of} makes of it.
     */
    @FunctionalInterface
    interface Handler {
        CompletableFuture<HttpMount.Response> handle(HttpMount.Request request, List<String> params) throws Exception;
    }

    /**
     * Answers one request with a whole body or one written over time ({@link Answer.Streamed}); otherwise
     * as {@link Handler}.
     */
    @FunctionalInterface
    interface Responder {
        CompletableFuture<? extends Answer> handle(HttpMount.Request request, List<String> params) throws Exception;
    }

    private record Route(String method, String pattern, Set<String> parameters, String[] segments, String description,
                         Responder responder) {}

    private final List<Route> routes = new ArrayList<>();
    private final List<HttpMount> mounts;
    private final SessionControl session;
    private final BasicAuth auth;

    /** @param auth the credentials, for the mounts that {@link HttpMount#admitsItself admit clients themselves} */
    Router(List<HttpMount> mounts, SessionControl session, BasicAuth auth) {
        this.mounts = List.copyOf(mounts);
        this.session = session;
        this.auth = auth;
    }

    /** A router for a server that needs no credentials. */
    Router(List<HttpMount> mounts, SessionControl session) {
        this(mounts, session, BasicAuth.NONE);
    }

    /** A {@code GET} route that takes the query {@code parameters} (any other is refused). */
    Router get(String pattern, Set<String> parameters, String description, Handler handler) {
        return add("GET", pattern, parameters, description, handler);
    }

    Router post(String pattern, Set<String> parameters, String description, Handler handler) {
        return add("POST", pattern, parameters, description, handler);
    }

    /** A {@code HEAD} route: the head a {@code GET} would answer, with its {@code Content-Length}, and no body. */
    Router head(String pattern, Set<String> parameters, String description, Handler handler) {
        return add("HEAD", pattern, parameters, description, handler);
    }

    /** A {@code GET} route whose answer may be a body written over time. */
    Router stream(String pattern, Set<String> parameters, String description, Responder responder) {
        return add(new Route("GET", pattern, Set.copyOf(parameters), segments(pattern), description, responder));
    }

    private Router add(String method, String pattern, Set<String> parameters, String description, Handler handler) {
        Responder whole = (request, params) -> handler.handle(request, params).thenApply(Answer.Whole::new);
        return add(new Route(method, pattern, Set.copyOf(parameters), segments(pattern), description, whole));
    }

    private Router add(Route route) {
        routes.add(route);
        // A literal segment wins over a parameter: GET /torrents/limits is not the torrent "limits".
        routes.sort(Comparator.comparingLong(r -> Arrays.stream(r.segments()).filter(s -> s.startsWith("{")).count()));
        return this;
    }

    /** Whether a plugin mounted pages at {@code path}, such as {@code /web/}. */
    boolean hasMount(String path) {
        return mounts.stream().anyMatch(m -> m.path().equals(path));
    }

    /** Every route and mount, as {@code "GET /torrents": "what it does"}, for the API's index. */
    Map<String, String> describe() {
        Map<String, String> out = new LinkedHashMap<>();
        routes.forEach(r -> out.put(r.method() + " " + r.pattern(), r.description()));
        mounts.forEach(m -> out.put("* " + m.path(), "mounted by a plugin"));
        return out;
    }

    /**
     * Whether a request for {@code uri} (as the request line gives it) goes to a mount that admits clients
     * itself, and so may lack the server's credentials.
     */
    boolean admitsItself(String uri) {
        String path;
        try {
            path = new QueryStringDecoder(uri).path();
        } catch (IllegalArgumentException e) {
            return false;
        }
        String[] asked = segments(path);
        if (routes.stream().anyMatch(r -> match(r.segments(), asked) != null)) {
            return false;
        }
        return mounts.stream().filter(m -> path.startsWith(m.path())).findFirst().map(HttpMount::admitsItself)
                .orElse(false);
    }

    /** The answer to {@code request}, whose path is the whole decoded path. */
    CompletableFuture<? extends Answer> dispatch(HttpMount.Request request) throws Exception {
        String path = request.path();
        String[] asked = segments(path);
        TreeSet<String> allowed = new TreeSet<>();
        for (Route r : routes) {
            List<String> params = match(r.segments(), asked);
            if (params == null) {
                continue;
            }
            if (r.method().equals(request.method())) {
                Query.allowOnly(request, r.parameters());
                return r.responder().handle(request, params);
            }
            allowed.add(r.method());
        }
        if (!allowed.isEmpty()) {
            throw new ApiError(HttpResponseStatus.METHOD_NOT_ALLOWED, "method_not_allowed",
                    request.method() + " " + path + ": allowed are " + String.join(", ", allowed));
        }
        for (HttpMount m : mounts) {
            String base = m.path();
            if (path.equals(base.substring(0, base.length() - 1))) {
                return CompletableFuture.completedFuture(new Answer.Whole(new HttpMount.Response(308,
                        "text/plain; charset=utf-8", Map.of("Location", base), new byte[0])));
            }
            if (path.startsWith(base)) {
                HttpMount.Access access = m.admitsItself() ? auth.access(request.header("authorization"))
                        : HttpMount.Access.ADMITTED;
                HttpMount.Request below = new HttpMount.Request(request.method(), path.substring(base.length()),
                        request.query(), request.headers(), request.body(), access);
                return m.handle(below, session).thenApply(Answer.Whole::new);
            }
        }
        throw ApiError.notFound("not_found", "no route " + request.method() + " " + path + " (GET / lists them)");
    }

    private static List<String> match(String[] pattern, String[] asked) {
        if (pattern.length != asked.length) {
            return null;
        }
        List<String> params = new ArrayList<>();
        for (int i = 0; i < pattern.length; i++) {
            if (pattern[i].startsWith("{")) {
                params.add(asked[i]);
            } else if (!pattern[i].equals(asked[i])) {
                return null;
            }
        }
        return params;
    }

    /** {@code /torrents/3/} and {@code /torrents/3} alike: the non-empty segments. */
    private static String[] segments(String path) {
        return Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toArray(String[]::new);
    }
}
