package mim.plugin.httpapi;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import mim.core.spi.Limits;
import mim.core.spi.PeerStats;
import mim.core.spi.SessionStats;
import mim.core.spi.TorrentDetails;
import mim.core.spi.TorrentStats;
import mim.core.spi.TorrentSummary;

/**
 * The JSON bodies the API answers with, as records (keys in {@code snake_case}; see {@link Json}).
 * They copy the session's values into the API's own shape, so the wire format stays put when the
 * control surface grows. Times are ISO-8601 in UTC, or null.
 */
final class Bodies {
    private Bodies() {}

    record Index(Map<String, String> apis, String server, String version, String outputFolder) {}

    record Torrent(int id, String infoHash, String name, String outputFolder, String state, int totalPieces,
                   String addedAt, String completedAt, List<String> labels, @JsonInclude(JsonInclude.Include.NON_NULL) List<File> files,
                   @JsonInclude(JsonInclude.Include.NON_NULL) Stats stats) {

        static Torrent of(TorrentSummary s, List<File> files, Stats stats) {
            return new Torrent(s.id(), s.infoHash(), s.name(), s.outputFolder(), s.state(), s.pieceCount(),
                    time(s.addedAt()), time(s.completedAt()), s.labels(), files, stats);
        }

        static Torrent of(TorrentDetails d) {
            return of(d.summary(), d.files().stream().map(File::of).toList(), null);
        }
    }

    record File(String name, List<String> components, long length, boolean included, boolean padding) {
        static File of(TorrentDetails.File f) {
            return new File(f.name(), f.components(), f.length(), f.included(), f.padding());
        }
    }

    record TorrentList(List<Torrent> torrents) {}

    record Speed(long bytesPerSecond, String humanReadable) {
        static Speed of(long rate) {
            return new Speed(rate, human(rate) + "/s");
        }
    }

    record Stats(String state, boolean finished, String error, long totalBytes, long progressBytes,
                 long downloadedBytes, long uploadedBytes, Speed downloadSpeed, Speed uploadSpeed, int peers,
                 Long etaSeconds, List<Long> fileProgress, Map<String, Integer> banned, List<String> sources,
                 LimitRoutes.Body limits) {

        /** With the torrent's own {@code limits}. */
        static Stats of(TorrentStats s, Limits limits) {
            long left = s.totalBytes() - s.progressBytes();
            Long eta = s.state().equals("downloading") && s.downloadRate() > 0 ? left / s.downloadRate() : null;
            return new Stats(s.state(), s.finished(), s.error(), s.totalBytes(), s.progressBytes(), s.downloadedBytes(),
                    s.uploadedBytes(), Speed.of(s.downloadRate()), Speed.of(s.uploadRate()), s.peers(), eta,
                    s.fileProgress(), s.banned(), s.sources(), LimitRoutes.Body.of(limits));
        }
    }

    record Session(int torrents, long downloadedBytes, long uploadedBytes, Speed downloadSpeed, Speed uploadSpeed,
                   int peers, long uptimeSeconds) {
        static Session of(SessionStats s) {
            return new Session(s.torrents(), s.downloadedBytes(), s.uploadedBytes(), Speed.of(s.downloadRate()),
                    Speed.of(s.uploadRate()), s.peers(), s.uptimeSeconds());
        }
    }

    record Peer(String address, String client, boolean encrypted, String direction, String state, boolean seed,
                long downloadedBytes, long uploadedBytes, Speed downloadSpeed, Speed uploadSpeed) {
        static Peer of(PeerStats p) {
            return new Peer(p.address(), p.client(), p.encrypted(), p.outgoing() ? "outgoing" : "incoming", p.state(),
                    p.seed(), p.downloadedBytes(), p.uploadedBytes(), Speed.of(p.downloadRate()),
                    Speed.of(p.uploadRate()));
        }
    }

    record Peers(List<Peer> peers) {}

    /** What {@code POST /torrents} answers: the id (null for {@code list_only}) and the torrent. */
    record Added(Integer id, boolean added, String outputFolder, Torrent details) {}

    /** {@code torrent_state} on {@code /events}. */
    record StateChange(int id, String infoHash, String from, String to) {}

    /** {@code torrent_removed} on {@code /events}. */
    record Removed(int id, String infoHash) {}

    /** {@code stats} on {@code /events}: the session, and the torrents whose stats moved, by id. */
    record Tick(Session session, Map<Integer, Stats> torrents) {}

    /** {@code events_lost} on {@code /events}: the client fell behind by this many events. */
    record Lost(long lost) {}

    /** A line of {@code /stream_logs}. */
    record Log(String time, String level, String logger, String message) {}

    private static String time(Instant t) {
        return t == null ? null : t.toString();
    }

    /** Bytes as people read them: {@code 1.5 MiB}. */
    static String human(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? bytes + " B" : String.format(java.util.Locale.ROOT, "%.2f %s", value, units[unit]);
    }
}
