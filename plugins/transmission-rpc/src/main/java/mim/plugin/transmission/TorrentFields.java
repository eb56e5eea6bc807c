package mim.plugin.transmission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import mim.core.spi.Haves;
import mim.core.spi.Limits;
import mim.core.spi.PeerStats;
import mim.core.spi.TorrentDetails;
import mim.core.spi.TorrentStats;
import mim.core.spi.TorrentSummary;

/**
 * The fields of {@code torrent-get}, each as Transmission names and types it (integers as JSON
 * integers: transmission-remote drops a row whose integer field holds {@code 1.0}). A field mim has no
 * counterpart for carries the value Transmission gives when the feature is off or the fact unknown:
 * no idle limit, no priorities, no queue, dates 0, tracker counts -1. Stateless.
 */
final class TorrentFields {
    /** Transmission's {@code tr_torrent_activity}. */
    static final int STOPPED = 0;
    static final int CHECK = 2;
    static final int DOWNLOAD = 4;
    static final int SEED = 6;
    /** {@code eta}: not available, and unknown. */
    static final long ETA_NOT_AVAILABLE = -1;
    static final long ETA_UNKNOWN = -2;
    /** {@code uploadRatio}: not available, and infinite. */
    static final double RATIO_NA = -1;
    static final double RATIO_INF = -2;
    /** {@code error}: a local error (of the disk, say). */
    static final int LOCAL_ERROR = 3;

    /** Fields whose values need the torrent's connections. */
    static final Set<String> NEED_PEERS = Set.of("peers", "peersFrom", "peersGettingFromUs",
            "peersSendingToUs");
    /** Fields whose values need the torrent's pieces. */
    static final Set<String> NEED_PIECES = Set.of("pieces");

    /**
     * One torrent as the fields are made from.
     *
     * @param limits its own limits
     * @param sessionLimits the session's, whose seed ratio applies to it when it has none of its own
     * @param peers its connections, or null when no field asked needs them
     * @param haves its pieces, or null when no field asked needs them
     * @param queuePosition its place in the session's list, from 0
     */
    record Torrent(TorrentSummary summary, TorrentStats stats, TorrentDetails details, TorrentInfo info, Limits limits,
                   Limits sessionLimits, List<PeerStats> peers, Haves haves, int queuePosition) {}

    private TorrentFields() {}

    /** Transmission's status for a state of mim's. */
    static int status(String state) {
        return switch (state) {
            case "checking" -> CHECK;
            case "fetching_metadata", "downloading" -> DOWNLOAD;
            case "seeding" -> SEED;
            default -> STOPPED;
        };
    }

    /** The torrent with the fields asked; a field Transmission does not have is left out, as it leaves it. */
    static ObjectNode of(Torrent t, List<String> fields) {
        ObjectNode out = RpcCall.NODES.objectNode();
        for (String f : fields) {
            JsonNode v = value(t, f);
            if (v != null) {
                out.set(f, v);
            }
        }
        return out;
    }

    /** The value of one field; null for a field Transmission does not have. */
    static JsonNode value(Torrent t, String field) {
        TorrentSummary s = t.summary();
        TorrentStats st = t.stats();
        TorrentInfo info = t.info();
        long left = Math.max(0, st.totalBytes() - st.progressBytes());
        var n = RpcCall.NODES;
        return switch (field) {
            case "id" -> n.numberNode(s.id());
            case "name" -> n.textNode(s.name() != null ? s.name() : s.infoHash());
            case "hashString" -> n.textNode(s.infoHash());
            case "status" -> n.numberNode(status(st.state()));
            case "error" -> n.numberNode(st.state().equals("error") ? LOCAL_ERROR : 0);
            case "errorString" -> n.textNode(st.error() == null ? "" : st.error());
            case "downloadDir" -> n.textNode(s.outputFolder());
            case "labels" -> strings(s.labels());
            case "addedDate" -> n.numberNode(seconds(s.addedAt()));
            case "doneDate" -> n.numberNode(seconds(s.completedAt()));
            case "activityDate", "startDate", "editDate", "manualAnnounceTime", "secondsDownloading", "secondsSeeding",
                 "corruptEver", "desiredAvailable", "haveUnchecked", "bandwidthPriority", "webseedsSendingToUs",
                 "seedIdleMode", "etaIdle" -> n.numberNode(0);
            case "seedIdleLimit" -> n.numberNode(30);
            case "downloadLimit" -> n.numberNode(LimitArgs.kb(t.limits().downloadBytesPerSecond()));
            case "uploadLimit" -> n.numberNode(LimitArgs.kb(t.limits().uploadBytesPerSecond()));
            case "downloadLimited" -> n.booleanNode(t.limits().downloadBytesPerSecond() != null);
            case "uploadLimited" -> n.booleanNode(t.limits().uploadBytesPerSecond() != null);
            case "seedRatioMode" -> n.numberNode(LimitArgs.ratioMode(t.limits()));
            case "seedRatioLimit" -> n.numberNode(t.limits().seedRatio() != null ? t.limits().seedRatio()
                    : t.sessionLimits().seedRatio() != null ? t.sessionLimits().seedRatio() : LimitArgs.DEFAULT_RATIO);
            case "peer-limit", "maxConnectedPeers" -> n.numberNode(50);
            // isFinished: stopped by a seed limit, which this RPC cannot tell from a pause.
            case "isStalled", "isFinished" -> n.booleanNode(false);
            case "honorsSessionLimits" -> n.booleanNode(true);
            case "queuePosition" -> n.numberNode(t.queuePosition());
            case "eta" -> n.numberNode(eta(st, left));
            case "isPrivate" -> n.booleanNode(info.isPrivate());
            case "comment" -> n.textNode(info.comment());
            case "creator" -> n.textNode(info.creator());
            case "dateCreated" -> n.numberNode(info.dateCreated());
            case "pieceCount" -> n.numberNode(s.pieceCount());
            case "pieceSize" -> n.numberNode(info.pieceSize());
            case "totalSize" -> n.numberNode(info.totalSize());
            case "sizeWhenDone" -> n.numberNode(st.totalBytes());
            case "leftUntilDone" -> n.numberNode(left);
            case "haveValid" -> n.numberNode(st.progressBytes());
            case "percentDone", "percentComplete" -> n.numberNode(st.totalBytes() == 0 ? 0.0
                    : (double) st.progressBytes() / st.totalBytes());
            case "metadataPercentComplete" -> n.numberNode(s.pieceCount() == 0 ? 0.0 : 1.0);
            case "recheckProgress" -> n.numberNode(0.0);
            case "downloadedEver" -> n.numberNode(st.downloadedBytes());
            case "uploadedEver" -> n.numberNode(st.uploadedBytes());
            case "uploadRatio" -> n.numberNode(ratio(st.uploadedBytes(), st.downloadedBytes()));
            case "rateDownload" -> n.numberNode(st.downloadRate());
            case "rateUpload" -> n.numberNode(st.uploadRate());
            case "peersConnected" -> n.numberNode(st.peers());
            case "peersGettingFromUs" -> n.numberNode(count(t.peers(), true));
            case "peersSendingToUs" -> n.numberNode(count(t.peers(), false));
            case "magnetLink" -> n.textNode(info.magnetLink(s));
            case "webseeds" -> strings(info.webSeeds());
            case "files" -> files(t);
            case "fileStats" -> fileStats(t);
            case "file-count" -> n.numberNode(t.details().files().size());
            case "priorities" -> each(t, f -> n.numberNode(0));
            case "wanted" -> each(t, f -> n.numberNode(f.included() ? 1 : 0));
            case "peers" -> peers(t.peers());
            case "peersFrom" -> peersFrom(t.peers());
            case "pieces" -> n.textNode(Base64.getEncoder().encodeToString(t.haves().bits()));
            case "trackers" -> trackers(info, false);
            case "trackerStats" -> trackers(info, true);
            case "torrentFile", "primary-mime-type" -> n.textNode("");
            default -> null;
        };
    }

    private static long eta(TorrentStats st, long left) {
        if (!st.state().equals("downloading") && !st.state().equals("fetching_metadata")) {
            return ETA_NOT_AVAILABLE;
        }
        return st.downloadRate() > 0 && st.totalBytes() > 0 ? left / st.downloadRate() : ETA_UNKNOWN;
    }

    static double ratio(long up, long down) {
        if (down > 0) {
            return (double) up / down;
        }
        return up > 0 ? RATIO_INF : RATIO_NA;
    }

    private static long seconds(Instant t) {
        return t == null ? 0 : t.getEpochSecond();
    }

    /** Peers we upload to ({@code gettingFromUs}), or download from. */
    private static int count(List<PeerStats> peers, boolean gettingFromUs) {
        String one = gettingFromUs ? "uploading" : "downloading";
        return (int) peers.stream().filter(p -> p.state().equals(one) || p.state().equals("exchanging")).count();
    }

    private static ArrayNode strings(List<String> values) {
        ArrayNode out = RpcCall.NODES.arrayNode();
        values.forEach(out::add);
        return out;
    }

    private static ArrayNode each(Torrent t, java.util.function.Function<TorrentDetails.File, JsonNode> value) {
        ArrayNode out = RpcCall.NODES.arrayNode();
        t.details().files().forEach(f -> out.add(value.apply(f)));
        return out;
    }

    private static ArrayNode files(Torrent t) {
        ArrayNode out = RpcCall.NODES.arrayNode();
        List<TorrentDetails.File> files = t.details().files();
        for (int i = 0; i < files.size(); i++) {
            out.addObject().put("bytesCompleted", done(t, i)).put("length", files.get(i).length())
                    .put("name", files.get(i).name());
        }
        return out;
    }

    private static ArrayNode fileStats(Torrent t) {
        ArrayNode out = RpcCall.NODES.arrayNode();
        List<TorrentDetails.File> files = t.details().files();
        for (int i = 0; i < files.size(); i++) {
            out.addObject().put("bytesCompleted", done(t, i)).put("wanted", files.get(i).included()).put("priority", 0);
        }
        return out;
    }

    private static long done(Torrent t, int file) {
        List<Long> progress = t.stats().fileProgress();
        return file < progress.size() ? progress.get(file) : 0;
    }

    /**
     * Connections as Transmission lists them. mim knows of a peer's pieces only whether it has them
     * all: its {@code progress} is 1 for a seed and 0 otherwise.
     */
    private static ArrayNode peers(List<PeerStats> peers) {
        ArrayNode out = RpcCall.NODES.arrayNode();
        for (PeerStats p : peers) {
            int colon = p.address().lastIndexOf(':');
            String host = p.address().substring(0, colon).replace("[", "").replace("]", "");
            boolean from = p.state().equals("downloading") || p.state().equals("exchanging");
            boolean to = p.state().equals("uploading") || p.state().equals("exchanging");
            String flags = (from ? "D" : "") + (to ? "U" : "") + (p.encrypted() ? "E" : "") + (p.outgoing() ? "" : "I");
            out.addObject().put("address", host).put("port", Integer.parseInt(p.address().substring(colon + 1)))
                    .put("clientName", p.client()).put("flagStr", flags).put("progress", p.seed() ? 1.0 : 0.0)
                    .put("rateToClient", p.downloadRate()).put("rateToPeer", p.uploadRate())
                    .put("isDownloadingFrom", from).put("isUploadingTo", to).put("isEncrypted", p.encrypted())
                    .put("isIncoming", !p.outgoing()).put("isUTP", false)
                    .put("clientIsChoked", !from).put("clientIsInterested", from)
                    .put("peerIsChoked", !to).put("peerIsInterested", to);
        }
        return out;
    }

    /**
     * Connections by where the peer came from. mim does not keep which source gave a peer it dialled: only
     * the incoming ones are counted, under {@code fromIncoming}.
     */
    private static ObjectNode peersFrom(List<PeerStats> peers) {
        ObjectNode out = RpcCall.NODES.objectNode();
        for (String source : List.of("fromCache", "fromDht", "fromLpd", "fromLtep", "fromPex", "fromTracker")) {
            out.put(source, 0);
        }
        return out.put("fromIncoming", peers.stream().filter(p -> !p.outgoing()).count());
    }

    private static String host(String announce) {
        try {
            String host = new URI(announce).getHost();
            return host == null ? announce : host;
        } catch (URISyntaxException e) {
            return announce;
        }
    }

    /**
     * The torrent's trackers, by tier; with {@code stats}, as {@code trackerStats}, whose announce and
     * scrape figures mim does not keep per tracker: counts -1 and times 0, as for a tracker not yet asked.
     */
    private static ArrayNode trackers(TorrentInfo info, boolean stats) {
        ArrayNode out = RpcCall.NODES.arrayNode();
        int id = 0;
        for (int tier = 0; tier < info.trackerTiers().size(); tier++) {
            for (String announce : info.trackerTiers().get(tier)) {
                ObjectNode t = out.addObject().put("announce", announce).put("id", id++).put("scrape", "")
                        .put("tier", tier);
                if (stats) {
                    t.put("host", host(announce)).put("isBackup", false)
                            .put("announceState", 0).put("scrapeState", 0)
                            .put("downloadCount", -1).put("leecherCount", -1).put("seederCount", -1)
                            .put("lastAnnouncePeerCount", 0).put("lastAnnounceResult", "")
                            .put("lastAnnounceStartTime", 0).put("lastAnnounceTime", 0)
                            .put("lastAnnounceSucceeded", false).put("lastAnnounceTimedOut", false)
                            .put("hasAnnounced", false).put("hasScraped", false).put("nextAnnounceTime", 0)
                            .put("lastScrapeResult", "").put("lastScrapeStartTime", 0).put("lastScrapeTime", 0)
                            .put("lastScrapeSucceeded", false).put("lastScrapeTimedOut", false)
                            .put("nextScrapeTime", 0);
                }
            }
        }
        return out;
    }
}
