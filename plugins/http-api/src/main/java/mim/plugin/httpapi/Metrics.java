package mim.plugin.httpapi;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;
import mim.core.spi.HttpMount;
import mim.core.spi.NoSuchTorrentException;
import mim.core.spi.SessionControl;
import mim.core.spi.SessionStats;
import mim.core.spi.TorrentStats;
import mim.core.spi.TorrentSummary;

/**
 * {@code GET /metrics}: the session and its torrents in Prometheus' text exposition format 0.0.4.
 * Each family has its {@code # HELP} and {@code # TYPE}; counters end in {@code _total}; a torrent's
 * samples carry {@code info_hash} and {@code name} labels, escaped as the format says (backslash,
 * double quote, line feed). Counters are the session's totals, which carry over pauses and restarts.
 * Stateless.
 */
final class Metrics {
    static final String MEDIA_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private Metrics() {}

    private record Torrent(TorrentSummary summary, TorrentStats stats) {}

    static HttpMount.Response render(SessionControl session) {
        SessionStats s = session.stats();
        List<Torrent> torrents = new ArrayList<>();
        for (TorrentSummary t : session.list()) {
            try {
                torrents.add(new Torrent(t, session.stats(t.id())));
            } catch (NoSuchTorrentException e) {
                // Removed since the list was taken: not shown.
            }
        }
        StringBuilder out = new StringBuilder();
        family(out, "mim_torrents", "gauge", "Torrents in the session.", s.torrents());
        family(out, "mim_downloaded_bytes_total", "counter", "Payload bytes received by all torrents.",
                s.downloadedBytes());
        family(out, "mim_uploaded_bytes_total", "counter", "Payload bytes sent by all torrents.", s.uploadedBytes());
        family(out, "mim_download_rate_bytes", "gauge", "Bytes a second received now.", s.downloadRate());
        family(out, "mim_upload_rate_bytes", "gauge", "Bytes a second sent now.", s.uploadRate());
        family(out, "mim_peers", "gauge", "Peer connections now.", s.peers());
        family(out, "mim_uptime_seconds", "gauge", "Seconds since the session started.", s.uptimeSeconds());
        perTorrent(out, torrents, "mim_torrent_downloaded_bytes_total", "counter", "Payload bytes a torrent received.",
                TorrentStats::downloadedBytes);
        perTorrent(out, torrents, "mim_torrent_uploaded_bytes_total", "counter", "Payload bytes a torrent sent.",
                TorrentStats::uploadedBytes);
        perTorrent(out, torrents, "mim_torrent_size_bytes", "gauge", "Bytes of the pieces a torrent downloads.",
                TorrentStats::totalBytes);
        perTorrent(out, torrents, "mim_torrent_verified_bytes", "gauge", "Bytes of those it verified.",
                TorrentStats::progressBytes);
        perTorrent(out, torrents, "mim_torrent_download_rate_bytes", "gauge", "Bytes a second a torrent receives now.",
                TorrentStats::downloadRate);
        perTorrent(out, torrents, "mim_torrent_upload_rate_bytes", "gauge", "Bytes a second a torrent sends now.",
                TorrentStats::uploadRate);
        perTorrent(out, torrents, "mim_torrent_peers", "gauge", "A torrent's peer connections now.",
                TorrentStats::peers);
        perTorrent(out, torrents, "mim_torrent_finished", "gauge", "1 when every chosen file of a torrent is complete.",
                t -> t.finished() ? 1 : 0);
        return new HttpMount.Response(200, MEDIA_TYPE, java.util.Map.of(), out.toString()
                .getBytes(StandardCharsets.UTF_8));
    }

    private static void family(StringBuilder out, String name, String type, String help, long value) {
        head(out, name, type, help);
        out.append(name).append(' ').append(value).append('\n');
    }

    private static void perTorrent(StringBuilder out, List<Torrent> torrents, String name, String type, String help,
            ToLongFunction<TorrentStats> value) {
        head(out, name, type, help);
        for (Torrent t : torrents) {
            String label = t.summary().name() == null ? "" : t.summary().name();
            out.append(name).append("{info_hash=\"").append(t.summary().infoHash()).append("\",name=\"")
                    .append(escapeLabel(label)).append("\"} ").append(value.applyAsLong(t.stats())).append('\n');
        }
    }

    private static void head(StringBuilder out, String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n')
                .append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    /** A label value as the format writes it: backslash, double quote and line feed escaped. */
    static String escapeLabel(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
