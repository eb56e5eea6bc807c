package mim.plugin.qbittorrent;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import mim.core.metainfo.InvalidTorrentException;
import mim.core.metainfo.Metainfo;
import mim.core.spi.Limits;
import mim.core.spi.NoSuchTorrentException;
import mim.core.spi.SessionControl;
import mim.core.spi.TorrentDetails;
import mim.core.spi.TorrentStats;
import mim.core.spi.TorrentSummary;

/**
 * What qBittorrent's API shows of a torrent ({@code torrents/info}, {@code properties}, {@code files},
 * {@code trackers}), from the session's snapshots. Stateless.
 *
 * <p>States are those of Web API 2.11 (qBittorrent 5), which this API reports being: a stopped torrent is
 * {@code stoppedDL} or {@code stoppedUP} (older versions said {@code paused}); Sonarr and Radarr read both.
 */
final class Views {
    static final ObjectMapper JSON = new ObjectMapper();
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** qBittorrent's "no estimate": 100 days. */
    static final long ETA_NONE = 8_640_000;

    private Views() {}

    /** A torrent's qBittorrent state, from its mim state. */
    static String state(TorrentStats s) {
        return switch (s.state()) {
            case "fetching_metadata" -> "metaDL";
            case "checking" -> s.finished() ? "checkingUP" : "checkingDL";
            case "downloading" -> s.downloadRate() > 0 ? "downloading" : "stalledDL";
            case "seeding" -> s.uploadRate() > 0 ? "uploading" : "stalledUP";
            case "error" -> "error";
            default -> s.finished() ? "stoppedUP" : "stoppedDL";
        };
    }

    /** One row of {@code torrents/info} (and of {@code sync/maindata}, without its hash). */
    static ObjectNode info(SessionControl session, TorrentSummary t) throws NoSuchTorrentException {
        TorrentStats s = session.stats(t.id());
        TorrentDetails d = session.details(t.id());
        Limits own = session.limits(t.id());
        long now = Instant.now().getEpochSecond();
        long size = s.totalBytes();
        ObjectNode o = NODES.objectNode();
        o.put("hash", t.infoHash());
        o.put("infohash_v1", t.infoHash());
        o.put("name", t.name() == null ? t.infoHash() : t.name());
        o.put("size", size);
        o.put("total_size", d.files().stream().filter(f -> !f.padding()).mapToLong(TorrentDetails.File::length).sum());
        o.put("progress", size == 0 ? 0.0 : (double) s.progressBytes() / size);
        o.put("completed", s.progressBytes());
        o.put("amount_left", size - s.progressBytes());
        o.put("downloaded", s.downloadedBytes());
        o.put("uploaded", s.uploadedBytes());
        o.put("dlspeed", s.downloadRate());
        o.put("upspeed", s.uploadRate());
        o.put("eta", s.state().equals("downloading") && s.downloadRate() > 0
                ? (size - s.progressBytes()) / s.downloadRate() : ETA_NONE);
        o.put("state", state(s));
        o.put("category", Categories.of(t));
        o.put("tags", String.join(", ", Categories.tags(t)));
        o.put("save_path", t.outputFolder());
        o.put("content_path", contentPath(t, d));
        o.put("ratio", ratio(s));
        Limits all = session.sessionLimits();
        Double maxRatio = own.seedRatio() != null ? own.seedRatio() : all.seedRatio();
        Duration maxTime = own.seedTime() != null ? own.seedTime() : all.seedTime();
        o.put("ratio_limit", own.seedRatio() == null ? -2.0 : own.seedRatio());
        o.put("max_ratio", maxRatio == null ? -1.0 : maxRatio);
        o.put("seeding_time_limit", own.seedTime() == null ? -2 : own.seedTime().toMinutes());
        o.put("max_seeding_time", maxTime == null ? -1 : maxTime.toMinutes());
        o.put("seeding_time", seedingTime(t, s, now));
        o.put("time_active", now - t.addedAt().getEpochSecond());
        o.put("added_on", t.addedAt().getEpochSecond());
        o.put("completion_on", t.completedAt() == null ? -1 : t.completedAt().getEpochSecond());
        o.put("last_activity", s.downloadRate() > 0 || s.uploadRate() > 0 ? now
                : Optional.ofNullable(t.completedAt()).orElse(t.addedAt()).getEpochSecond());
        // mim counts its connections, not who of them is a seed: the peers of a download are the ones it
        // downloads from, those of a seed the ones it uploads to.
        o.put("num_seeds", s.finished() ? 0 : s.peers());
        o.put("num_leechs", s.finished() ? s.peers() : 0);
        o.put("num_complete", -1);
        o.put("num_incomplete", -1);
        o.put("dl_limit", own.downloadBytesPerSecond() == null ? 0 : own.downloadBytesPerSecond());
        o.put("up_limit", own.uploadBytesPerSecond() == null ? 0 : own.uploadBytesPerSecond());
        o.put("priority", 0);
        o.put("force_start", false);
        o.put("auto_tmm", false);
        o.put("seq_dl", false);
        o.put("magnet_uri", "magnet:?xt=urn:btih:" + t.infoHash());
        o.put("tracker", "");
        return o;
    }

    /** {@code torrents/properties}. */
    static ObjectNode properties(SessionControl session, TorrentSummary t) throws NoSuchTorrentException {
        ObjectNode row = info(session, t);
        Optional<Metainfo> meta = metainfo(session, t.id());
        ObjectNode o = NODES.objectNode();
        o.put("hash", t.infoHash());
        o.put("infohash_v1", t.infoHash());
        o.put("name", row.path("name").asText());
        o.put("save_path", t.outputFolder());
        o.put("addition_date", t.addedAt().getEpochSecond());
        o.put("completion_date", row.path("completion_on").asLong());
        o.put("creation_date", meta.flatMap(m -> m.creationDate().isPresent()
                ? Optional.of(m.creationDate().getAsLong()) : Optional.empty()).orElse(-1L));
        o.put("piece_size", meta.map(Metainfo::pieceLength).orElse(-1L));
        o.put("pieces_num", t.pieceCount());
        o.put("is_private", meta.map(Metainfo::isPrivate).orElse(false));
        o.put("total_size", row.path("total_size").asLong());
        o.put("total_downloaded", row.path("downloaded").asLong());
        o.put("total_uploaded", row.path("uploaded").asLong());
        o.put("total_wasted", 0);
        o.put("dl_speed", row.path("dlspeed").asLong());
        o.put("up_speed", row.path("upspeed").asLong());
        o.put("dl_limit", row.path("dl_limit").asLong() == 0 ? -1 : row.path("dl_limit").asLong());
        o.put("up_limit", row.path("up_limit").asLong() == 0 ? -1 : row.path("up_limit").asLong());
        o.put("eta", row.path("eta").asLong());
        o.put("share_ratio", row.path("ratio").asDouble());
        o.put("seeding_time", row.path("seeding_time").asLong());
        o.put("time_elapsed", row.path("time_active").asLong());
        o.put("nb_connections", session.stats(t.id()).peers());
        o.put("seeds", row.path("num_seeds").asInt());
        o.put("peers", row.path("num_leechs").asInt());
        o.put("comment", "");
        o.put("created_by", "");
        return o;
    }

    /** {@code torrents/files}: every file but padding, with its progress and whether it is wanted. */
    static ArrayNode files(SessionControl session, TorrentSummary t) throws NoSuchTorrentException {
        TorrentDetails d = session.details(t.id());
        List<Long> done = session.stats(t.id()).fileProgress();
        ArrayNode out = NODES.arrayNode();
        for (int i = 0; i < d.files().size(); i++) {
            TorrentDetails.File f = d.files().get(i);
            if (f.padding()) {
                continue;
            }
            long have = i < done.size() ? done.get(i) : 0;
            ObjectNode o = out.addObject();
            o.put("index", i);
            o.put("name", f.name());
            o.put("size", f.length());
            o.put("progress", f.length() == 0 ? 1.0 : (double) have / f.length());
            o.put("priority", f.included() ? 1 : 0);
            o.put("is_seed", f.length() > 0 && have == f.length());
            o.put("availability", -1);
        }
        return out;
    }

    /** {@code torrents/trackers}: the DHT, PEX and LSD rows qBittorrent shows, then the torrent's trackers. */
    static ArrayNode trackers(SessionControl session, TorrentSummary t) throws NoSuchTorrentException {
        ArrayNode out = NODES.arrayNode();
        boolean running = !session.stats(t.id()).state().equals("paused");
        for (String source : List.of("** [DHT] **", "** [PeX] **", "** [LSD] **")) {
            ObjectNode o = out.addObject();
            o.put("url", source);
            o.put("status", running ? 2 : 0);
            o.put("tier", -1);
            o.put("num_peers", 0);
            o.put("num_seeds", 0);
            o.put("num_leeches", 0);
            o.put("num_downloaded", 0);
            o.put("msg", "");
        }
        List<List<String>> tiers = metainfo(session, t.id()).map(Metainfo::trackerTiers).orElse(List.of());
        for (int tier = 0; tier < tiers.size(); tier++) {
            for (String url : tiers.get(tier)) {
                ObjectNode o = out.addObject();
                o.put("url", url);
                o.put("status", running ? 2 : 0);
                o.put("tier", tier);
                o.put("num_peers", -1);
                o.put("num_seeds", -1);
                o.put("num_leeches", -1);
                o.put("num_downloaded", -1);
                o.put("msg", "");
            }
        }
        return out;
    }

    /** Where the torrent's content is: its one file, or the folder of its files. */
    private static String contentPath(TorrentSummary t, TorrentDetails d) {
        String base = t.outputFolder().endsWith("/") ? t.outputFolder() : t.outputFolder() + "/";
        List<TorrentDetails.File> real = d.files().stream().filter(f -> !f.padding()).toList();
        if (real.isEmpty()) {
            return base + (t.name() == null ? t.infoHash() : t.name());
        }
        return real.size() == 1 ? base + real.get(0).name() : base + real.get(0).components().get(0);
    }

    /** Uploaded over downloaded, or over the size when little was downloaded (a seed from disk). */
    private static double ratio(TorrentStats s) {
        long base = Math.max(s.downloadedBytes(), s.totalBytes());
        return base == 0 ? 0.0 : (double) s.uploadedBytes() / base;
    }

    /**
     * How long it has seeded: since it completed, while it seeds or is stopped complete. mim does not
     * count seeding time itself, so a stop in between counts too.
     */
    private static long seedingTime(TorrentSummary t, TorrentStats s, long now) {
        return s.finished() && t.completedAt() != null ? Math.max(0, now - t.completedAt().getEpochSecond()) : 0;
    }

    private static Optional<Metainfo> metainfo(SessionControl session, int id) throws NoSuchTorrentException {
        Optional<byte[]> bytes = session.metadata(id);
        if (bytes.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Metainfo.parse(bytes.get()));
        } catch (InvalidTorrentException e) {
            return Optional.empty();
        }
    }
}
