package mim.cli.remote;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mim.core.spi.AddResult;
import mim.core.spi.Limits;
import mim.core.spi.PeerStats;
import mim.core.spi.SessionStats;
import mim.core.spi.TorrentDetails;
import mim.core.spi.TorrentStats;
import mim.core.spi.TorrentSummary;

/**
 * The API's JSON bodies (the http-api plugin's {@code Bodies}, keys in {@code snake_case}) read back into
 * the control surface's values, field for field. Stateless.
 */
final class ApiValues {
    private ApiValues() {}

    /** A torrent of {@code GET /torrents} or {@code GET /torrents/{id}}. */
    static TorrentSummary summary(JsonNode t) {
        return new TorrentSummary(t.path("id").asInt(), t.path("info_hash").asText(), text(t, "name"),
                text(t, "output_folder"), t.path("state").asText(), t.path("total_pieces").asInt(),
                time(t, "added_at"), time(t, "completed_at"), texts(t.path("labels")));
    }

    /** {@code GET /torrents/{id}}: the torrent and its files. */
    static TorrentDetails details(JsonNode t) {
        List<TorrentDetails.File> files = new ArrayList<>();
        for (JsonNode f : t.path("files")) {
            List<String> components = new ArrayList<>();
            f.path("components").forEach(c -> components.add(c.asText()));
            files.add(new TorrentDetails.File(f.path("name").asText(), components, f.path("length").asLong(),
                    f.path("included").asBoolean(), f.path("padding").asBoolean()));
        }
        return new TorrentDetails(summary(t), files);
    }

    /** {@code GET /torrents/{id}/stats/v1}, or a listed torrent's {@code stats}. */
    static TorrentStats stats(JsonNode s) {
        List<Long> fileProgress = new ArrayList<>();
        s.path("file_progress").forEach(n -> fileProgress.add(n.asLong()));
        Map<String, Integer> banned = new LinkedHashMap<>();
        s.path("banned").fields().forEachRemaining(e -> banned.put(e.getKey(), e.getValue().asInt()));
        List<String> sources = new ArrayList<>();
        s.path("sources").forEach(n -> sources.add(n.asText()));
        return new TorrentStats(s.path("state").asText(), s.path("finished").asBoolean(), text(s, "error"),
                s.path("total_bytes").asLong(), s.path("progress_bytes").asLong(), s.path("downloaded_bytes").asLong(),
                s.path("uploaded_bytes").asLong(), speed(s, "download_speed"), speed(s, "upload_speed"),
                s.path("peers").asInt(), fileProgress, banned, sources);
    }

    /** {@code GET /stats}. */
    static SessionStats session(JsonNode s) {
        return new SessionStats(s.path("torrents").asInt(), s.path("downloaded_bytes").asLong(),
                s.path("uploaded_bytes").asLong(), speed(s, "download_speed"), speed(s, "upload_speed"),
                s.path("peers").asInt(), s.path("uptime_seconds").asLong());
    }

    /** {@code GET /torrents/{id}/peer_stats}. */
    static List<PeerStats> peers(JsonNode body) {
        List<PeerStats> out = new ArrayList<>();
        for (JsonNode p : body.path("peers")) {
            boolean outgoing = p.path("direction").asText().equals("outgoing");
            out.add(new PeerStats(p.path("address").asText(), text(p, "client"), p.path("encrypted").asBoolean(),
                    outgoing, p.path("state").asText(), p.path("seed").asBoolean(), p.path("downloaded_bytes").asLong(), p.path("uploaded_bytes").asLong(), speed(p, "download_speed"),
                    speed(p, "upload_speed")));
        }
        return out;
    }

    /** {@code POST /torrents}: {@code {id, added, output_folder, details}}. */
    static AddResult added(JsonNode body) {
        return new AddResult(details(body.path("details")), body.path("added").asBoolean());
    }

    /** Limits as {@code GET /torrents/limits} and a torrent's {@code limits} show them. */
    static Limits limits(JsonNode l) {
        Long seconds = whole(l, "seed_time_secs");
        JsonNode ratio = l.get("seed_ratio");
        return new Limits(whole(l, "download_bps"), whole(l, "upload_bps"),
                ratio == null || ratio.isNull() ? null : ratio.asDouble(), seconds == null ? null : Duration.ofSeconds(seconds));
    }

    /** The session's categories, {@code {"NAME": "FOLDER"}}, in the order the server gives them. */
    static Map<String, String> categories(JsonNode c) {
        Map<String, String> out = new LinkedHashMap<>();
        c.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    /** The same as a body for {@code POST /torrents/limits} and {@code POST /torrents/{id}/limits}. */
    static Map<String, Object> body(Limits l) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("download_bps", l.downloadBytesPerSecond());
        out.put("upload_bps", l.uploadBytesPerSecond());
        out.put("seed_ratio", l.seedRatio());
        out.put("seed_time_secs", l.seedTime() == null ? null : l.seedTime().toSeconds());
        return out;
    }

    private static Long whole(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asLong();
    }

    private static List<String> texts(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static long speed(JsonNode node, String field) {
        return node.path(field).path("bytes_per_second").asLong();
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Instant time(JsonNode node, String field) {
        String v = text(node, field);
        return v == null ? null : Instant.parse(v);
    }
}
