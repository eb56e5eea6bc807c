package mim.plugin.transmission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import mim.core.spi.SessionControl;
import mim.core.spi.SessionStats;
import mim.core.spi.TorrentSummary;
import mim.plugin.transmission.RpcCall.RpcFailure;

/**
 * {@code session-get}, {@code session-set}, {@code session-stats} and {@code free-space}. The speed
 * limits and the seed ratio are the session's ({@link LimitArgs}); settings mim has no counterpart of,
 * or that this RPC cannot see (the peer port, encryption, DHT), are answered as Transmission answers
 * them with the feature off: no queues, no alternative speeds, no idle limit, no blocklist. Stateless.
 */
final class SessionMethods {
    /** The protocol version Transmission 4.0 speaks, the oldest it still answers, and its semantic version. */
    static final int RPC_VERSION = 17;
    static final int RPC_VERSION_MINIMUM = 14;
    static final String RPC_VERSION_SEMVER = "5.3.0";
    /** The Transmission release whose RPC this is; clients such as Sonarr read the version's first number. */
    static final String TRANSMISSION_VERSION = "4.0.6";

    /** {@code session-set} keys mim does not change at run time: naming one fails, saying so. */
    private static final Set<String> UNSUPPORTED_SET = Set.of("alt-speed-down", "alt-speed-enabled",
            "alt-speed-time-begin", "alt-speed-time-day", "alt-speed-time-enabled", "alt-speed-time-end", "alt-speed-up",
            "blocklist-enabled", "blocklist-url", "cache-size-mb", "dht-enabled", "download-queue-enabled",
            "download-queue-size", "encryption", "idle-seeding-limit", "idle-seeding-limit-enabled", "incomplete-dir",
            "incomplete-dir-enabled", "lpd-enabled", "peer-limit-global", "peer-limit-per-torrent", "peer-port",
            "peer-port-random-on-start", "pex-enabled", "port-forwarding-enabled", "queue-stalled-enabled",
            "queue-stalled-minutes", "rename-partial-files", "script-torrent-done-enabled",
            "script-torrent-done-filename", "seed-queue-enabled", "seed-queue-size", "start-added-torrents",
            "trash-original-torrent-files", "utp-enabled");

    private SessionMethods() {}

    /** Every field, or those {@code fields} names. */
    static ObjectNode get(ObjectNode args, SessionControl session, String sessionId, String mimVersion) {
        ObjectNode all = RpcCall.NODES.objectNode();
        String dir = session.outputFolder();
        all.put("alt-speed-down", 50).put("alt-speed-enabled", false).put("alt-speed-time-begin", 540)
                .put("alt-speed-time-day", 127).put("alt-speed-time-enabled", false).put("alt-speed-time-end", 1020)
                .put("alt-speed-up", 50).put("blocklist-enabled", false).put("blocklist-size", 0)
                .put("blocklist-url", "").put("cache-size-mb", 0).put("config-dir", "")
                .put("dht-enabled", true).put("download-dir", dir).put("download-dir-free-space", free(Path.of(dir)))
                .put("download-queue-enabled", false).put("download-queue-size", 0).put("encryption", "preferred")
                .put("idle-seeding-limit", 30).put("idle-seeding-limit-enabled", false).put("incomplete-dir", dir)
                .put("incomplete-dir-enabled", false).put("lpd-enabled", false).put("peer-limit-global", 0)
                .put("peer-limit-per-torrent", 0).put("peer-port", 0).put("peer-port-random-on-start", false)
                .put("pex-enabled", true).put("port-forwarding-enabled", false).put("queue-stalled-enabled", false)
                .put("queue-stalled-minutes", 0).put("rename-partial-files", false).put("rpc-version", RPC_VERSION)
                .put("rpc-version-minimum", RPC_VERSION_MINIMUM).put("rpc-version-semver", RPC_VERSION_SEMVER)
                .put("script-torrent-done-enabled", false).put("script-torrent-done-filename", "")
                .put("seed-queue-enabled", false).put("seed-queue-size", 0).put("session-id", sessionId)
                .put("start-added-torrents", true).put("trash-original-torrent-files", false)
                .put("utp-enabled", false).put("version", TRANSMISSION_VERSION + " (mim " + mimVersion + ")");
        LimitArgs.describeSession(all, session.sessionLimits());
        ObjectNode units = all.putObject("units");
        units.set("speed-units", units("kB/s", "MB/s", "GB/s", "TB/s"));
        units.put("speed-bytes", 1000);
        units.set("size-units", units("kB", "MB", "GB", "TB"));
        units.put("size-bytes", 1000);
        units.set("memory-units", units("KiB", "MiB", "GiB", "TiB"));
        units.put("memory-bytes", 1024);
        JsonNode fields = args.get("fields");
        if (fields == null || !fields.isArray()) {
            return all;
        }
        ObjectNode some = RpcCall.NODES.objectNode();
        fields.forEach(f -> {
            if (all.has(f.asText())) {
                some.set(f.asText(), all.get(f.asText()));
            }
        });
        return some;
    }

    /**
     * Changes what mim changes at run time: the speed limits and the seed ratio. Naming the output
     * folder it has succeeds; any other setting Transmission knows fails with a reason, before
     * anything changed; keys Transmission does not know are ignored, as it ignores them.
     */
    static ObjectNode set(ObjectNode args, SessionControl session) throws RpcFailure {
        List<String> refused = new ArrayList<>();
        args.fieldNames().forEachRemaining(k -> {
            if (UNSUPPORTED_SET.contains(k)) {
                refused.add(k);
            }
        });
        JsonNode dir = args.get("download-dir");
        if (dir != null && !samePath(dir.asText(), session.outputFolder())) {
            refused.add("download-dir (the output folder is the one the server started with)");
        }
        if (!refused.isEmpty()) {
            throw new RpcFailure("session-set: mim does not change " + String.join(", ", new TreeSet<>(refused))
                    + " at run time");
        }
        session.setSessionLimits(LimitArgs.session(args, session.sessionLimits()));
        return RpcCall.NODES.objectNode();
    }

    static ObjectNode stats(SessionControl session) {
        SessionStats s = session.stats();
        List<TorrentSummary> torrents = session.list();
        long paused = torrents.stream().filter(t -> TorrentFields.status(t.state()) == TorrentFields.STOPPED).count();
        ObjectNode out = RpcCall.NODES.objectNode().put("activeTorrentCount", torrents.size() - paused)
                .put("downloadSpeed", s.downloadRate()).put("pausedTorrentCount", paused)
                .put("torrentCount", torrents.size()).put("uploadSpeed", s.uploadRate());
        for (String key : List.of("cumulative-stats", "current-stats")) {
            out.putObject(key).put("downloadedBytes", s.downloadedBytes()).put("filesAdded", torrents.size())
                    .put("secondsActive", s.uptimeSeconds()).put("sessionCount", 1).put("uploadedBytes", s.uploadedBytes());
        }
        return out;
    }

    /** {@code free-space}: the space left on the file system of a folder. */
    static ObjectNode freeSpace(ObjectNode args) throws RpcFailure {
        String path = args.path("path").asText(null);
        if (path == null) {
            throw new RpcFailure("directory path argument is missing");
        }
        Path p;
        try {
            p = Path.of(path);
        } catch (InvalidPathException e) {
            throw new RpcFailure("free-space: not a path: " + path);
        }
        if (!p.isAbsolute() || !Files.isDirectory(p)) {
            throw new RpcFailure("free-space: no folder " + path);
        }
        long total;
        try {
            total = Files.getFileStore(p).getTotalSpace();
        } catch (IOException e) {
            throw new RpcFailure("free-space: " + path + ": " + e.getMessage());
        }
        return RpcCall.NODES.objectNode().put("path", path).put("size-bytes", free(p)).put("total_size", total);
    }

    private static long free(Path dir) {
        try {
            return Files.getFileStore(dir).getUsableSpace();
        } catch (IOException e) {
            return -1;
        }
    }

    private static boolean samePath(String a, String b) {
        try {
            return Path.of(a).normalize().equals(Path.of(b).normalize());
        } catch (InvalidPathException e) {
            return false;
        }
    }

    private static ArrayNode units(String... names) {
        ArrayNode out = RpcCall.NODES.arrayNode();
        for (String n : names) {
            out.add(n);
        }
        return out;
    }
}
