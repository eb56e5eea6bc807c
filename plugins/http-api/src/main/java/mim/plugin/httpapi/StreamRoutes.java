package mim.plugin.httpapi;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import mim.core.spi.FileStream;
import mim.core.spi.HttpMount;
import mim.core.spi.SessionControl;
import mim.core.spi.TorrentDetails;

/**
 * Files read while they download: {@code GET /torrents/{id}/stream/{file}[/{name}]} with HTTP ranges,
 * and {@code GET /torrents/{id}/playlist}, an M3U of a torrent's media files. Stateless.
 */
final class StreamRoutes {
    /**
     * M3U's usual type: the one players (VLC, mpv, Kodi) and browsers hand to a player for a .m3u.
     * {@code application/vnd.apple.mpegurl} announces an HLS playlist (RFC 8216), which this is not.
     */
    static final String PLAYLIST_TYPE = "audio/x-mpegurl";

    private static final Set<String> NOT_RUNNING = Set.of("paused", "error", "stopped", "fetching_metadata");

    private StreamRoutes() {}

    static void install(Router router, SessionControl session) {
        Router.Responder stream = (r, p) -> stream(session, r, p, false);
        Router.Handler head = (r, p) -> stream(session, r, p, true)
                .thenApply(answer -> ((Answer.Whole) answer).response());
        for (String path : List.of("/torrents/{id}/stream/{file}", "/torrents/{id}/stream/{file}/{name}")) {
            String named = path.endsWith("{name}") ? " ({name} for players that look at the extension)" : "";
            router.stream(path, Set.of(), "a file's bytes as it downloads, with Range" + named, stream)
                    .head(path, Set.of(), "what GET would answer, without the body", head);
        }
        router.get("/torrents/{id}/playlist", Set.of(), "an M3U playlist of the torrent's media files",
                        (r, p) -> playlist(session, r, p));
    }

    /** The answer to a {@code GET}, or with {@code head} the whole answer to a {@code HEAD}: its head alone. */
    private static CompletableFuture<Answer> stream(SessionControl session, HttpMount.Request request,
            List<String> params, boolean head) throws Exception {
        int id = ReadRoutes.id(params, session);
        TorrentDetails details = session.details(id);
        int index = fileIndex(params.get(1), id, details);
        String state = session.stats(id).state();
        if (NOT_RUNNING.contains(state)) {
            throw new ApiError(HttpResponseStatus.CONFLICT, "torrent_not_running",
                    "torrent " + id + " is " + state.replace('_', ' ') + ": it streams while it runs");
        }
        TorrentDetails.File file = details.files().get(index);
        Map<String, String> headers = new HashMap<>();
        headers.put("Accept-Ranges", "bytes");
        Optional<ByteRange> asked;
        try {
            asked = ByteRange.parse(request.header("range"), file.length());
        } catch (ByteRange.Unsatisfiable e) {
            ApiError error = new ApiError(HttpResponseStatus.REQUESTED_RANGE_NOT_SATISFIABLE, "range_not_satisfiable",
                    e.getMessage());
            HttpMount.Response r = error.toResponse();
            headers.put("Content-Range", "bytes */" + file.length());
            return CompletableFuture.completedFuture(new Answer.Whole(
                    new HttpMount.Response(r.status(), r.contentType(), headers, r.body())));
        }
        int status = asked.isPresent() ? 206 : 200;
        asked.ifPresent(range -> headers.put("Content-Range", range.contentRange(file.length())));
        ByteRange range = asked.orElse(new ByteRange(0, file.length() - 1));
        if (head) {
            headers.put("Content-Length", Long.toString(file.length() == 0 ? 0 : range.length()));
            return CompletableFuture.completedFuture(new Answer.Whole(
                    new HttpMount.Response(status, mediaType(file.name()), headers, new byte[0])));
        }
        if (file.length() == 0) {
            return CompletableFuture.completedFuture(new Answer.Streamed(200, mediaType(file.name()), headers, 0,
                    BodySink::end));
        }
        FileStream opened = session.stream(id, index);
        return CompletableFuture.completedFuture(new Answer.Streamed(status, mediaType(file.name()), headers,
                range.length(), new FileBody(opened, range)));
    }

    private static int fileIndex(String text, int id, TorrentDetails details) throws ApiError {
        if (text.isEmpty() || text.length() > 9 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw ApiError.badRequest("'" + text + "' is not a file index");
        }
        int index = Integer.parseInt(text);
        if (index >= details.files().size()) {
            throw ApiError.notFound("file_not_found", "torrent " + id + " has no file " + index
                    + (details.files().isEmpty() ? " (its metadata is not known yet)" : ""));
        }
        return index;
    }

    private static CompletableFuture<HttpMount.Response> playlist(SessionControl session, HttpMount.Request request,
            List<String> params) throws Exception {
        int id = ReadRoutes.id(params, session);
        List<TorrentDetails.File> files = session.details(id).files();
        String base = "http://" + request.header("host") + "/torrents/" + id + "/stream/";
        StringBuilder out = new StringBuilder("#EXTM3U\n");
        for (int i = 0; i < files.size(); i++) {
            TorrentDetails.File f = files.get(i);
            if (f.padding() || !isMedia(mediaType(f.name()))) {
                continue;
            }
            String last = f.components().isEmpty() ? f.name() : f.components().get(f.components().size() - 1);
            out.append("#EXTINF:-1,").append(f.name().replaceAll("[\\r\\n]", " ")).append('\n')
                    .append(base).append(i).append('/')
                    .append(URLEncoder.encode(last, StandardCharsets.UTF_8).replace("+", "%20")).append('\n');
        }
        return CompletableFuture.completedFuture(new HttpMount.Response(200, PLAYLIST_TYPE,
                Map.of("Content-Disposition", "inline; filename=\"torrent-" + id + ".m3u\""),
                out.toString().getBytes(StandardCharsets.UTF_8)));
    }

    static boolean isMedia(String mediaType) {
        return mediaType.startsWith("video/") || mediaType.startsWith("audio/");
    }

    /** The media type of a file by its name's extension; {@code application/octet-stream} when unknown. */
    static String mediaType(String name) {
        String ext = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        return switch (ext) {
            case "mp4", "m4v" -> "video/mp4";
            case "mkv" -> "video/x-matroska";
            case "webm" -> "video/webm";
            case "avi" -> "video/x-msvideo";
            case "mov" -> "video/quicktime";
            case "mp3" -> "audio/mpeg";
            case "m4a" -> "audio/mp4";
            case "flac" -> "audio/flac";
            case "ogg", "oga", "opus" -> "audio/ogg";
            case "wav" -> "audio/wav";
            case "srt", "txt" -> "text/plain";
            default -> "application/octet-stream";
        };
    }
}
