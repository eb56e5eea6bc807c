package mim.plugin.httpapi;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import mim.core.spi.HttpMount;
import mim.core.spi.Limits;
import mim.core.spi.SessionControl;

/**
 * The API's routes for limits, the session's and each torrent's, and for peers a user names. A
 * {@code POST} of limits replaces them all, as rqbit's does: a key left out or null is no limit.
 * Stateless.
 */
final class LimitRoutes {
    /** The keys of a limits body, rqbit's two and mim's seed limits. */
    private static final Set<String> KEYS = Set.of("download_bps", "upload_bps", "seed_ratio", "seed_time_secs");
    private static final String SHAPE = "{\"download_bps\": N|null, \"upload_bps\": N|null, \"seed_ratio\": R|null, "
            + "\"seed_time_secs\": N|null}";

    private LimitRoutes() {}

    static void install(Router router, SessionControl session) {
        router.get("/torrents/limits", Set.of(), "the session's limits, for all torrents together: " + SHAPE,
                        (r, p) -> ReadRoutes.done(Body.of(session.sessionLimits())))
                .post("/torrents/limits", Set.of(), "set the session's limits: " + SHAPE + " (null or left out: none)",
                        (r, p) -> {
                            session.setSessionLimits(limits(r.body()));
                            return ReadRoutes.done(Map.of());
                        })
                .get("/torrents/{id}/limits", Set.of(), "a torrent's own limits",
                        (r, p) -> ReadRoutes.done(Body.of(session.limits(ReadRoutes.id(p, session)))))
                .post("/torrents/{id}/limits", Set.of(), "set a torrent's own limits: " + SHAPE
                                + "; its rates stay under the session's, its seed limits replace the session's",
                        (r, p) -> {
                            int id = ReadRoutes.id(p, session);
                            return session.setLimits(id, limits(r.body())).thenApply(v -> Json.ok(Map.of()));
                        })
                .post("/torrents/{id}/add_peers", Set.of(), "peers for a torrent to dial: IP:PORT or [IPv6]:PORT, "
                                + "one a line or a JSON list; a paused torrent keeps them for its start",
                        (r, p) -> {
                            int id = ReadRoutes.id(p, session);
                            List<InetSocketAddress> peers = peers(r.body());
                            return session.addPeers(id, peers).thenApply(v -> Json.ok(new Added(peers.size())));
                        });
    }

    /** A torrent's or the session's limits as the API shows them. */
    record Body(Long downloadBps, Long uploadBps, Double seedRatio, Long seedTimeSecs) {
        static Body of(Limits l) {
            return new Body(l.downloadBytesPerSecond(), l.uploadBytesPerSecond(), l.seedRatio(),
                    l.seedTime() == null ? null : l.seedTime().toSeconds());
        }
    }

    /** What {@code add_peers} answers: how many distinct addresses it took. */
    record Added(int added) {}

    /** A limits body; anything else is refused naming what is wrong. */
    static Limits limits(byte[] body) throws ApiError {
        JsonNode root = Json.object(body, SHAPE);
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!KEYS.contains(name)) {
                throw ApiError.badRequest("unknown key '" + name + "': expected " + SHAPE);
            }
        }
        Long seconds = whole(root, "seed_time_secs", 0);
        try {
            return new Limits(whole(root, "download_bps", 1), whole(root, "upload_bps", 1), ratio(root),
                    seconds == null ? null : Duration.ofSeconds(seconds));
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
    }

    private static Long whole(JsonNode root, String key, long least) throws ApiError {
        JsonNode n = root.get(key);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isIntegralNumber() || !n.canConvertToLong() || n.asLong() < least) {
            throw ApiError.badRequest(key + ": " + n + " is not a whole number from " + least + " up (null for none)");
        }
        return n.asLong();
    }

    private static Double ratio(JsonNode root) throws ApiError {
        JsonNode n = root.get("seed_ratio");
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isNumber() || !(n.asDouble() >= 0) || Double.isInfinite(n.asDouble())) {
            throw ApiError.badRequest("seed_ratio: " + n + " is not a number from 0 up (null for none)");
        }
        return n.asDouble();
    }

    /**
     * Peer addresses, one a line as rqbit takes them, or a JSON list of strings; each must be an IP
     * literal with a port. Repeats count once; blank lines are skipped.
     */
    static List<InetSocketAddress> peers(byte[] body) throws ApiError {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body)).toString().strip();
        } catch (CharacterCodingException e) {
            throw ApiError.badRequest("the body is not UTF-8 text");
        }
        List<String> items = new ArrayList<>();
        if (text.startsWith("[")) {
            JsonNode list;
            try {
                list = Json.MAPPER.readTree(text);
            } catch (IOException e) {
                throw ApiError.badRequest("the body is not a JSON list: expected [\"192.0.2.7:6881\", ...]");
            }
            for (JsonNode n : list) {
                if (!n.isTextual()) {
                    throw ApiError.badRequest("add_peers: " + n + " is not an \"IP:PORT\" string");
                }
                items.add(n.asText().strip());
            }
        } else {
            text.lines().map(String::strip).filter(l -> !l.isEmpty()).forEach(items::add);
        }
        if (items.isEmpty()) {
            throw ApiError.badRequest("no peer given: expected IP:PORT lines or a JSON list of them");
        }
        Set<InetSocketAddress> out = new LinkedHashSet<>();
        for (String item : items) {
            out.add(Query.peer("add_peers", item));
        }
        return List.copyOf(out);
    }
}
