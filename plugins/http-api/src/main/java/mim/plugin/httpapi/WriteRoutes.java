package mim.plugin.httpapi;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import mim.core.spi.AddRequest;
import mim.core.spi.HttpMount;
import mim.core.spi.SessionControl;

/** The API's {@code POST} routes: adding torrents and acting on them. Stateless. */
final class WriteRoutes {
    private static final Set<String> ADD_PARAMETERS = Set.of("overwrite", "output_folder", "sub_folder", "only_files",
            "only_files_regex", "list_only", "paused", "initial_peers", "is_url", "labels");

    private WriteRoutes() {}

    static void install(Router router, SessionControl session) {
        router.post("/torrents", ADD_PARAMETERS, "add a torrent: the body is a magnet link, an http(s) URL or a "
                        + ".torrent file; query: " + String.join(", ", new java.util.TreeSet<>(ADD_PARAMETERS)),
                        (r, p) -> add(session, r))
                .post("/torrents/{id}/pause", Set.of(), "pause a torrent", action(session, SessionControl::pause))
                .post("/torrents/{id}/start", Set.of(), "start a paused torrent", action(session, SessionControl::start))
                .post("/torrents/{id}/forget", Set.of(), "remove a torrent, keep its files",
                        action(session, SessionControl::forget))
                .post("/torrents/{id}/delete", Set.of(), "remove a torrent and delete its files",
                        action(session, SessionControl::delete))
                .post("/torrents/{id}/verify", Set.of(), "check a torrent's data on disk again, every piece",
                        action(session, SessionControl::verify))
                .post("/torrents/{id}/update_only_files", Set.of(),
                        "choose the files to download: {\"only_files\": [0, 2]}",
                        (r, p) -> {
                            Set<Integer> files = onlyFiles(r.body());
                            return session.selectFiles(ReadRoutes.id(p, session), files).thenApply(v -> Json.ok(Map.of()));
                        })
                .post("/torrents/{id}/labels", Set.of(), "set a torrent's labels: {\"labels\": [\"tv\", \"hd\"]}",
                        (r, p) -> session.setLabels(ReadRoutes.id(p, session), labels(r.body()))
                                .thenApply(v -> Json.ok(Map.of())));
    }

    private static Router.Handler action(SessionControl session,
            BiFunction<SessionControl, Integer, CompletableFuture<Void>> act) {
        return (r, p) -> act.apply(session, ReadRoutes.id(p, session)).thenApply(v -> Json.ok(Map.of()));
    }

    private static CompletableFuture<HttpMount.Response> add(SessionControl session, HttpMount.Request r)
            throws ApiError {
        AddRequest request = new AddRequest(source(r.body(), Query.string(r, "is_url")), Query.string(r, "output_folder"),
                Query.string(r, "sub_folder"), Query.indexes(r, "only_files"), Query.string(r, "only_files_regex"),
                Query.flag(r, "overwrite", false), Query.flag(r, "list_only", false), Query.flag(r, "paused", false),
                Query.peers(r, "initial_peers"), Query.list(r, "labels"));
        return session.add(request).thenApply(result -> {
            Bodies.Torrent details = Bodies.Torrent.of(result.details());
            Integer id = request.listOnly() ? null : details.id();
            return Json.ok(new Bodies.Added(id, result.added(), details.outputFolder(), details));
        });
    }

    /**
     * The body as a link (a magnet link or an http(s) URL, as text) or a .torrent file's bytes: as
     * {@code is_url} says, else by what it starts with.
     */
    static AddRequest.Source source(byte[] body, String isUrl) throws ApiError {
        if (isUrl != null && !isUrl.equals("true") && !isUrl.equals("false")) {
            throw ApiError.badRequest("is_url=" + isUrl + ": expected true or false");
        }
        String head = new String(body, 0, Math.min(body.length, 16), StandardCharsets.ISO_8859_1).strip()
                .toLowerCase(Locale.ROOT);
        boolean link = isUrl != null ? isUrl.equals("true")
                : head.startsWith("magnet:") || head.startsWith("http://") || head.startsWith("https://");
        if (!link) {
            return new AddRequest.TorrentFile(body);
        }
        try {
            return new AddRequest.Link(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body)).toString().strip());
        } catch (CharacterCodingException e) {
            throw ApiError.badRequest("the link is not UTF-8 text");
        }
    }

    /** {@code {"labels": ["tv", "hd"]}}. */
    static Set<String> labels(byte[] body) throws ApiError {
        String expected = "{\"labels\": [\"tv\", ...]}";
        JsonNode root = Json.object(body, expected);
        JsonNode list = root.get("labels");
        if (list == null || !list.isArray() || root.size() != 1) {
            throw ApiError.badRequest("expected " + expected);
        }
        Set<String> out = new LinkedHashSet<>();
        for (JsonNode n : list) {
            if (!n.isTextual()) {
                throw ApiError.badRequest("labels: " + n + " is not a string");
            }
            out.add(n.asText());
        }
        return out;
    }

    /** {@code {"only_files": [0, 2]}}. */
    static Set<Integer> onlyFiles(byte[] body) throws ApiError {
        String expected = "{\"only_files\": [0, 2, ...]}";
        JsonNode root = Json.object(body, expected);
        JsonNode list = root.get("only_files");
        if (list == null || !list.isArray() || root.size() != 1) {
            throw ApiError.badRequest("expected " + expected);
        }
        Set<Integer> out = new LinkedHashSet<>();
        for (JsonNode n : list) {
            if (!n.canConvertToInt() || !n.isIntegralNumber()) {
                throw ApiError.badRequest("only_files: " + n + " is not a file index");
            }
            out.add(Query.index("only_files", n.asText()));
        }
        return out;
    }
}
