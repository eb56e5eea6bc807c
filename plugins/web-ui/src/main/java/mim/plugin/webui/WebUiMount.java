package mim.plugin.webui;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import mim.core.spi.HttpMount;
import mim.core.spi.SessionControl;
import org.pf4j.Extension;

/**
 * Serves the built web app from this plugin's jar (its {@code web/} folder) under {@code /web/}.
 * The page itself ({@code index.html}) is revalidated on every load, so a new version of mim is seen
 * at once; the scripts and styles it names carry a hash of their content in their names and are
 * cached for good. Every answer carries a Content-Security-Policy that allows nothing but this
 * server: no inline script or style, no other origin, no framing.
 *
 * <p>Stateless and safe for concurrent use.
 */
@Extension
public final class WebUiMount implements HttpMount {
    /** What the page may load and reach: this server alone. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; "
            + "form-action 'self'; frame-ancestors 'none'";
    /** Where the build puts files whose names change with their content. */
    private static final String HASHED = "assets/";

    @Override
    public String path() {
        return "/web/";
    }

    @Override
    public CompletableFuture<Response> handle(Request request, SessionControl session) {
        return answer(request).now();
    }

    private static Response answer(Request request) {
        if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
            return new Response(405, "text/plain; charset=utf-8", Map.of("Allow", "GET, HEAD"),
                    "the web page only answers GET\n".getBytes(StandardCharsets.UTF_8));
        }
        Response file = Response.resource(WebUiMount.class, "web/", request.path());
        if (file.status() != 200) {
            return file;
        }
        String caching = request.path().startsWith(HASHED) ? "public, max-age=31536000, immutable" : "no-cache";
        return new Response(200, file.contentType(), Map.of(
                "Cache-Control", caching,
                "Content-Security-Policy", CONTENT_SECURITY_POLICY,
                "Referrer-Policy", "no-referrer"), file.body());
    }
}
