package mim.plugin.httpapi;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import mim.core.spi.Haves;
import mim.core.spi.HttpMount;
import mim.core.spi.NoSuchTorrentException;
import mim.core.spi.SessionControl;
import mim.core.spi.TorrentDetails;
import mim.core.spi.TorrentSummary;

/** The API's {@code GET} routes: what the session and its torrents are doing. Stateless. */
final class ReadRoutes {
    private static final String OCTETS = "application/octet-stream";
    /** Where the web page is mounted when its plugin is active. */
    private static final String WEB_PAGE = "/web/";

    private ReadRoutes() {}

    static void install(Router router, SessionControl session, String version) {
        router.get("/", Set.of(), "this list; a browser asking for a page is sent to the web page, if there is one",
                        (r, p) -> index(router, session, version, r))
                .get("/stats", Set.of(), "the session's totals and speeds",
                        (r, p) -> done(Bodies.Session.of(session.stats())))
                .get("/torrents", Set.of("with_stats"), "the torrents (?with_stats=true adds each one's stats)",
                        (r, p) -> done(list(session, Query.flag(r, "with_stats", false))))
                .get("/torrents/{id}", Set.of(), "a torrent and its files",
                        (r, p) -> done(Bodies.Torrent.of(session.details(id(p, session)))))
                .get("/torrents/{id}/stats/v1", Set.of(), "a torrent's progress, speeds, peers and limits",
                        (r, p) -> {
                            int id = id(p, session);
                            return done(Bodies.Stats.of(session.stats(id), session.limits(id)));
                        })
                .get("/torrents/{id}/peer_stats", Set.of(), "a torrent's connections",
                        (r, p) -> session.peers(id(p, session))
                                .thenApply(peers -> Json.ok(new Bodies.Peers(peers.stream().map(Bodies.Peer::of).toList()))))
                .get("/torrents/{id}/haves", Set.of(), "the pieces a torrent has: an SVG, or the bitfield for "
                        + "Accept: application/octet-stream", (r, p) -> haves(session, r, p))
                .get("/torrents/{id}/metadata", Set.of(), "the torrent's .torrent file",
                        (r, p) -> metadata(session, p));
    }

    private static Bodies.TorrentList list(SessionControl session, boolean withStats) {
        List<Bodies.Torrent> out = new ArrayList<>();
        for (TorrentSummary s : session.list()) {
            try {
                out.add(Bodies.Torrent.of(s, null, withStats ? Bodies.Stats.of(session.stats(s.id()), session.limits(s.id())) : null));
            } catch (NoSuchTorrentException e) {
                // Removed since the list was taken: it is not listed.
            }
        }
        return new Bodies.TorrentList(out);
    }

    private static CompletableFuture<HttpMount.Response> haves(SessionControl session, HttpMount.Request request,
            List<String> params) throws ApiError {
        String accept = request.header("accept");
        boolean raw = accept != null && accept.contains(OCTETS);
        return session.haves(id(params, session)).thenApply(h -> raw
                ? new HttpMount.Response(200, OCTETS, Map.of("X-Bitfield-Len", Integer.toString(h.pieceCount())), h.bits())
                : new HttpMount.Response(200, "image/svg+xml", Map.of(), svg(h)));
    }

    private static CompletableFuture<HttpMount.Response> metadata(SessionControl session, List<String> params)
            throws ApiError, NoSuchTorrentException {
        int id = id(params, session);
        TorrentDetails d = session.details(id);
        byte[] file = session.metadata(id).orElseThrow(() -> ApiError.notFound("metadata_unknown",
                "torrent " + id + ": its metadata is still being fetched"));
        String name = d.summary().name() == null ? d.summary().infoHash() : d.summary().name();
        String ascii = name.replaceAll("[^A-Za-z0-9._ -]", "_");
        return done(new HttpMount.Response(200, "application/x-bittorrent",
                Map.of("Content-Disposition", "attachment; filename=\"" + ascii + ".torrent\""), file));
    }

    static int id(List<String> params, SessionControl session) throws ApiError {
        return TorrentRef.resolve(params.get(0), session);
    }

    private static CompletableFuture<HttpMount.Response> index(Router router, SessionControl session, String version,
            HttpMount.Request request) {
        String accept = request.header("accept");
        if (accept != null && accept.contains("text/html") && router.hasMount(WEB_PAGE)) {
            // Relative, so that behind a proxy that serves the API under a sub-path it stays there.
            return CompletableFuture.completedFuture(new HttpMount.Response(302, "text/plain; charset=utf-8",
                    Map.of("Location", WEB_PAGE.substring(1)), new byte[0]));
        }
        return done(new Bodies.Index(router.describe(), "mim", version, session.outputFolder()));
    }

    static CompletableFuture<HttpMount.Response> done(Object body) {
        return CompletableFuture.completedFuture(body instanceof HttpMount.Response r ? r : Json.ok(body));
    }

    static CompletableFuture<Answer> done(Answer.Streamed answer) {
        return CompletableFuture.completedFuture(answer);
    }

    /** A bitfield as an SVG bar, one rectangle per run of pieces had or missing. */
    static byte[] svg(Haves haves) {
        StringBuilder out = new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"100%\" height=\"20\" "
                + "viewBox=\"0 0 100 100\" preserveAspectRatio=\"none\">");
        int n = haves.pieceCount();
        for (int start = 0; start < n; ) {
            boolean have = haves.has(start);
            int end = start;
            while (end < n && haves.has(end) == have) {
                end++;
            }
            out.append(String.format(java.util.Locale.ROOT,
                    "<rect x=\"%.4f\" y=\"0\" width=\"%.4f\" height=\"100\" fill=\"%s\"/>",
                    100.0 * start / n, 100.0 * (end - start) / n, have ? "#22c55e" : "#374151"));
            start = end;
        }
        return out.append("</svg>").toString().getBytes(StandardCharsets.UTF_8);
    }
}
