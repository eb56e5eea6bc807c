package mim.plugin.httpapi;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import mim.core.spi.SessionControl;

/**
 * The API's routes for the session's categories (see {@link SessionControl#categories}), which
 * qBittorrent's Web API shows as its own: a {@code POST} replaces them all, as one for limits does.
 * Stateless.
 */
final class CategoryRoutes {
    private static final String SHAPE = "{\"NAME\": \"FOLDER\", ...} (\"\" for the output folder)";

    private CategoryRoutes() {}

    static void install(Router router, SessionControl session) {
        router.get("/torrents/categories", Set.of(), "the session's categories: " + SHAPE,
                        (r, p) -> ReadRoutes.done(session.categories()))
                .post("/torrents/categories", Set.of(), "set the session's categories: " + SHAPE,
                        (r, p) -> session.setCategories(categories(r.body())).thenApply(v -> Json.ok(Map.of())));
    }

    /** A categories body; anything else is refused naming what is wrong. */
    static Map<String, String> categories(byte[] body) throws ApiError {
        JsonNode root = Json.object(body, SHAPE);
        Map<String, String> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) {
                throw ApiError.badRequest("category '" + e.getKey() + "': " + e.getValue() + " is not a folder: expected "
                        + SHAPE);
            }
            out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }
}
