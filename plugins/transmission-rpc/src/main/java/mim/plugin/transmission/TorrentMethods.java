package mim.plugin.transmission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import mim.core.metainfo.InvalidTorrentException;
import mim.core.metainfo.Metainfo;
import mim.core.spi.AddRequest;
import mim.core.spi.Haves;
import mim.core.spi.Limits;
import mim.core.spi.NoSuchTorrentException;
import mim.core.spi.PeerStats;
import mim.core.spi.SessionControl;
import mim.core.spi.TorrentDetails;
import mim.core.spi.TorrentStats;
import mim.core.spi.TorrentSummary;
import mim.plugin.transmission.RpcCall.RpcFailure;

/**
 * The {@code torrent-*} methods and {@code queue-move-*}, on {@link SessionControl}. Thread safety:
 * safe for concurrent use (its state, {@link Recent} and {@link TorrentInfo.Cache}, is).
 */
final class TorrentMethods {
    /**
     * {@code torrent-set} keys for what mim does not set per torrent through this RPC: a call that
     * names one fails, saying so, rather than seeming to have set it.
     */
    private static final Set<String> UNSUPPORTED_SET = Set.of("bandwidthPriority", "honorsSessionLimits", "location",
            "peer-limit", "priority-high", "priority-low", "priority-normal", "queuePosition", "seedIdleLimit",
            "seedIdleMode", "trackerAdd", "trackerRemove", "trackerReplace", "trackerList", "group");
    /** {@code torrent-set} keys of a torrent's own limits. */
    private static final Set<String> LIMIT_KEYS = Set.of("downloadLimit", "downloadLimited", "uploadLimit",
            "uploadLimited", "seedRatioLimit", "seedRatioMode");

    private final Recent recent = new Recent();
    private final TorrentInfo.Cache infos = new TorrentInfo.Cache();

    // ---- torrent-get

    CompletableFuture<ObjectNode> get(ObjectNode args, SessionControl session) throws RpcFailure {
        JsonNode fieldsNode = args.get("fields");
        if (fieldsNode == null || !fieldsNode.isArray()) {
            throw new RpcFailure("no fields specified");
        }
        List<String> fields = new ArrayList<>();
        fieldsNode.forEach(f -> fields.add(f.asText()));
        boolean table = "table".equals(args.path("format").asText("objects"));
        Ids ids = Ids.of(args, session);
        List<TorrentSummary> all = session.list();
        Map<Integer, TorrentStats> stats = new HashMap<>();
        for (TorrentSummary t : all) {
            try {
                stats.put(t.id(), session.stats(t.id()));
            } catch (NoSuchTorrentException e) {
                // Gone since the list was taken: it is not shown.
            }
        }
        long now = System.nanoTime();
        recent.observe(all, stats, now);
        infos.retain(all.stream().map(TorrentSummary::infoHash).collect(Collectors.toSet()));
        boolean needPeers = fields.stream().anyMatch(TorrentFields.NEED_PEERS::contains);
        boolean needPieces = fields.stream().anyMatch(TorrentFields.NEED_PIECES::contains);
        Limits sessionLimits = session.sessionLimits();
        List<CompletableFuture<TorrentFields.Torrent>> torrents = new ArrayList<>();
        List<TorrentSummary> chosen = ids.select(all, recent, now);
        for (TorrentSummary t : chosen) {
            TorrentStats st = stats.get(t.id());
            TorrentDetails details;
            try {
                details = session.details(t.id());
            } catch (NoSuchTorrentException e) {
                continue;
            }
            if (st == null) {
                continue;
            }
            TorrentInfo info = infos.of(t, session);
            Limits own;
            try {
                own = session.limits(t.id());
            } catch (NoSuchTorrentException e) {
                continue;
            }
            int position = all.indexOf(t);
            CompletableFuture<List<PeerStats>> peers = needPeers
                    ? session.peers(t.id()).exceptionally(e -> List.of()) : CompletableFuture.completedFuture(List.of());
            CompletableFuture<Haves> haves = needPieces
                    ? session.haves(t.id()).exceptionally(e -> new Haves(0, new byte[0]))
                    : CompletableFuture.completedFuture(null);
            torrents.add(peers.thenCombine(haves, (p, h) -> new TorrentFields.Torrent(details.summary(), st, details,
                    info, own, sessionLimits, p, h, position)));
        }
        return CompletableFuture.allOf(torrents.toArray(CompletableFuture[]::new)).thenApply(v -> {
            ObjectNode out = RpcCall.NODES.objectNode();
            ArrayNode list = out.putArray("torrents");
            if (table) {
                ArrayNode header = list.addArray();
                fields.forEach(header::add);
            }
            for (CompletableFuture<TorrentFields.Torrent> f : torrents) {
                ObjectNode t = TorrentFields.of(f.join(), fields);
                if (table) {
                    ArrayNode row = list.addArray();
                    fields.forEach(name -> row.add(t.get(name)));
                } else {
                    list.add(t);
                }
            }
            if (ids.recentlyActive()) {
                ArrayNode removed = out.putArray("removed");
                recent.removed().forEach(removed::add);
            }
            return out;
        });
    }

    // ---- torrent-add

    CompletableFuture<ObjectNode> add(ObjectNode args, SessionControl session) throws RpcFailure {
        JsonNode metainfo = args.get("metainfo");
        JsonNode filename = args.get("filename");
        AddRequest.Source source;
        Integer fileCount = null;
        if (metainfo != null && metainfo.isTextual()) {
            // Lenient, as clients wrap the base64 in lines or not: what does not decode fails as a torrent.
            byte[] bytes = Base64.getMimeDecoder().decode(metainfo.asText());
            source = new AddRequest.TorrentFile(bytes);
            try {
                fileCount = Metainfo.parse(bytes).files().size();
            } catch (InvalidTorrentException e) {
                throw new RpcFailure("invalid or corrupt torrent file");
            }
        } else if (filename != null && filename.isTextual()) {
            String link = filename.asText().strip();
            String lower = link.toLowerCase(Locale.ROOT);
            if (!lower.startsWith("magnet:") && !lower.startsWith("http://") && !lower.startsWith("https://")) {
                throw new RpcFailure("filename: mim takes a magnet link or an http(s) URL, not a path on the server; "
                        + "send the .torrent file as metainfo");
            }
            source = new AddRequest.Link(link);
        } else {
            throw new RpcFailure("no filename or metainfo specified");
        }
        Set<Integer> only = null;
        Set<Integer> unwanted = indexes(args, "files-unwanted");
        Set<Integer> wanted = indexes(args, "files-wanted");
        if (!unwanted.isEmpty() || !wanted.isEmpty()) {
            if (fileCount == null) {
                throw new RpcFailure("files-wanted and files-unwanted need the torrent's files: send it as metainfo");
            }
            only = new TreeSet<>();
            for (int i = 0; i < fileCount; i++) {
                if (!unwanted.contains(i) || wanted.contains(i)) {
                    only.add(i);
                }
            }
        }
        String folder = args.hasNonNull("download-dir") ? args.get("download-dir").asText() : null;
        boolean paused = args.path("paused").asBoolean(false);
        AddRequest request = new AddRequest(source, folder, null, only, null, false, false, paused, List.of(),
                labels(args));
        return session.add(request).thenApply(result -> {
            TorrentSummary s = result.details().summary();
            ObjectNode out = RpcCall.NODES.objectNode();
            out.putObject(result.added() ? "torrent-added" : "torrent-duplicate").put("id", s.id())
                    .put("name", s.name() != null ? s.name() : s.infoHash()).put("hashString", s.infoHash());
            return out;
        });
    }

    // ---- acting on torrents

    CompletableFuture<ObjectNode> each(ObjectNode args, SessionControl session,
            BiFunction<SessionControl, Integer, CompletableFuture<Void>> action) throws RpcFailure {
        List<Integer> ids = Ids.of(args, session).select(session.list(), recent, System.nanoTime()).stream()
                .map(TorrentSummary::id).toList();
        return each(ids, session, action);
    }

    private static CompletableFuture<ObjectNode> each(List<Integer> ids, SessionControl session,
            BiFunction<SessionControl, Integer, CompletableFuture<Void>> action) {
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (int id : ids) {
            // A torrent removed meanwhile is no longer named: Transmission skips unknown ids too.
            done.add(action.apply(session, id).exceptionally(e -> {
                if (unwrap(e) instanceof NoSuchTorrentException) {
                    return null;
                }
                throw new java.util.concurrent.CompletionException(unwrap(e));
            }));
        }
        return CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).thenApply(v -> RpcCall.NODES.objectNode());
    }

    CompletableFuture<ObjectNode> remove(ObjectNode args, SessionControl session) throws RpcFailure {
        boolean deleteData = args.path("delete-local-data").asBoolean(false);
        return each(args, session, deleteData ? SessionControl::delete : SessionControl::forget);
    }

    /** {@code torrent-set}: files wanted and unwanted, labels, speed limits and the seed ratio. */
    CompletableFuture<ObjectNode> set(ObjectNode args, SessionControl session) throws RpcFailure {
        List<String> unsupported = new ArrayList<>();
        args.fieldNames().forEachRemaining(k -> {
            if (UNSUPPORTED_SET.contains(k)) {
                unsupported.add(k);
            }
        });
        if (!unsupported.isEmpty()) {
            throw new RpcFailure("torrent-set: mim does not set " + String.join(", ", new TreeSet<>(unsupported))
                    + " through this RPC");
        }
        Set<Integer> wanted = indexes(args, "files-wanted");
        Set<Integer> unwanted = indexes(args, "files-unwanted");
        Set<String> labels = args.has("labels") ? labels(args) : null;
        boolean limits = LIMIT_KEYS.stream().anyMatch(args::has);
        List<Integer> ids = new ArrayList<>();
        Map<Integer, Limits> newLimits = new HashMap<>();
        for (TorrentSummary t : Ids.of(args, session).select(session.list(), recent, System.nanoTime())) {
            if (limits) {
                try {
                    // Every torrent's new limits are read before any changes: a bad value changes nothing.
                    newLimits.put(t.id(), LimitArgs.torrent(args, session.limits(t.id())));
                } catch (NoSuchTorrentException e) {
                    continue;
                }
            }
            ids.add(t.id());
        }
        return each(ids, session, (s, id) -> {
            CompletableFuture<Void> done = CompletableFuture.completedFuture(null);
            if (newLimits.containsKey(id)) {
                done = done.thenCompose(v -> s.setLimits(id, newLimits.get(id)));
            }
            if (!wanted.isEmpty() || !unwanted.isEmpty()) {
                done = done.thenCompose(v -> select(s, id, wanted, unwanted));
            }
            if (labels != null) {
                done = done.thenCompose(v -> s.setLabels(id, labels));
            }
            return done;
        });
    }

    private static CompletableFuture<Void> select(SessionControl s, int id, Set<Integer> wanted, Set<Integer> unwanted) {
        try {
            List<TorrentDetails.File> files = s.details(id).files();
            Set<Integer> chosen = new TreeSet<>();
            for (int i = 0; i < files.size(); i++) {
                if ((files.get(i).included() || wanted.contains(i)) && !unwanted.contains(i) && !files.get(i).padding()) {
                    chosen.add(i);
                }
            }
            return s.selectFiles(id, chosen);
        } catch (NoSuchTorrentException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** {@code torrent-set-location}: mim does not move data; naming where it already is succeeds. */
    CompletableFuture<ObjectNode> setLocation(ObjectNode args, SessionControl session) throws RpcFailure {
        String location = args.path("location").asText(null);
        if (location == null) {
            throw new RpcFailure("no location");
        }
        for (TorrentSummary t : Ids.of(args, session).select(session.list(), recent, System.nanoTime())) {
            if (!java.nio.file.Path.of(t.outputFolder()).equals(java.nio.file.Path.of(location).normalize())) {
                throw new RpcFailure("torrent-set-location: mim does not move a torrent's data (torrent " + t.id()
                        + " is in " + t.outputFolder() + ")");
            }
        }
        return CompletableFuture.completedFuture(RpcCall.NODES.objectNode());
    }

    // ---- arguments

    /** A list of file indexes; none when absent. */
    static Set<Integer> indexes(ObjectNode args, String key) throws RpcFailure {
        JsonNode list = args.get(key);
        Set<Integer> out = new LinkedHashSet<>();
        if (list == null || list.isNull()) {
            return out;
        }
        if (!list.isArray()) {
            throw new RpcFailure(key + ": expected a list of file indexes");
        }
        for (JsonNode n : list) {
            if (!n.isIntegralNumber() || !n.canConvertToInt() || n.asInt() < 0) {
                throw new RpcFailure(key + ": " + n + " is not a file index");
            }
            out.add(n.asInt());
        }
        return out;
    }

    /** {@code labels}: a list of strings; none when absent. */
    static Set<String> labels(ObjectNode args) throws RpcFailure {
        JsonNode list = args.get("labels");
        Set<String> out = new LinkedHashSet<>();
        if (list == null || list.isNull()) {
            return out;
        }
        if (!list.isArray()) {
            throw new RpcFailure("labels: expected a list of strings");
        }
        for (JsonNode n : list) {
            if (!n.isTextual()) {
                throw new RpcFailure("labels: " + n + " is not a string");
            }
            out.add(n.asText());
        }
        return out;
    }

    static Throwable unwrap(Throwable e) {
        while ((e instanceof java.util.concurrent.CompletionException
                || e instanceof java.util.concurrent.ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }
}
