package mim.plugin.qbittorrent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import mim.core.MimException;
import mim.core.spi.HttpMount;
import mim.core.spi.Limits;
import mim.core.spi.NoSuchTorrentException;
import mim.core.spi.SessionControl;
import mim.core.spi.SessionStats;
import mim.core.spi.TorrentSummary;
import org.pf4j.Extension;

/**
 * qBittorrent's Web API v2 under {@code /api/v2/}, the part Sonarr, Radarr and similar tools use, so that
 * they drive mim as they drive qBittorrent 5. It sits behind the HTTP API's Host, Origin and size checks,
 * and {@linkplain #admitsItself admits clients itself}: a request that carries the server's Basic
 * credentials (or any, when the server needs none) is served; any other needs the {@code SID} cookie that
 * {@code auth/login} gives for the server's user name and password, and is answered 403 without it, as
 * qBittorrent answers (a 401 would make Sonarr give up). Calls that change something take a POST only
 * (405 otherwise), so that a page elsewhere cannot make a browser with the cookie act through a link.
 *
 * <p>Answers are qBittorrent's: JSON for reads, {@code Ok.}/{@code Fails.} or an empty 200 for actions, a
 * status and a line of plain text for a refusal.
 *
 * <p>Thread safety: safe for concurrent use; calls wait on the session's futures, never block.
 */
@Extension
public final class QbittorrentApi implements HttpMount {
    static final String WEB_API_VERSION = "2.11.2";
    static final String APP_VERSION = "v5.0.2";
    private static final String TEXT = "text/plain; charset=UTF-8";
    private static final String JSON = "application/json";
    private static final int MAX_LOGINS = 256;
    private static final Set<String> READS = Set.of("app/webapiVersion", "app/version", "app/buildInfo",
            "app/preferences", "app/defaultSavePath", "torrents/info", "torrents/properties", "torrents/files",
            "torrents/trackers", "torrents/categories", "torrents/tags", "sync/maindata", "transfer/info");
    private static final Set<String> ACTIONS = Set.of("auth/logout", "app/setPreferences", "torrents/add",
            "torrents/delete", "torrents/pause", "torrents/stop", "torrents/resume", "torrents/start", "torrents/recheck",
            "torrents/setForceStart", "torrents/setShareLimits", "torrents/setCategory", "torrents/createCategory",
            "torrents/editCategory", "torrents/removeCategories", "torrents/addTags", "torrents/removeTags",
            "torrents/createTags", "torrents/topPrio", "torrents/bottomPrio", "torrents/increasePrio",
            "torrents/decreasePrio");

    private final SecureRandom random = new SecureRandom();
    /** The SIDs given by logins, oldest first; the oldest goes when there are too many. */
    private final Map<String, Boolean> logins = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > MAX_LOGINS;
        }
    };
    private final Categories categories = new Categories();
    private final TorrentCalls torrents = new TorrentCalls(categories);
    private final MainData mainData = new MainData();

    @Override
    public String path() {
        return "/api/v2/";
    }

    @Override
    public boolean admitsItself() {
        return true;
    }

    @Override
    public CompletableFuture<Response> handle(Request request, SessionControl session) {
        String call = request.path().endsWith("/") ? request.path().substring(0, request.path().length() - 1)
                : request.path();
        try {
            if (call.equals("auth/login")) {
                return login(request);
            }
            if (!request.access().admitted() && !loggedIn(request)) {
                return text(403, "Forbidden").now();
            }
            if (!READS.contains(call) && !ACTIONS.contains(call)) {
                return text(404, "Not Found").now();
            }
            if (ACTIONS.contains(call) && !request.method().equals("POST")) {
                return new Response(405, TEXT, Map.of("Allow", "POST"),
                        "Method Not Allowed".getBytes(StandardCharsets.UTF_8)).now();
            }
            return call(call, Form.of(request), request, session)
                    .exceptionally(e -> refusal(e instanceof CompletionException c ? c.getCause() : e));
        } catch (Exception e) {
            return refusal(e).now();
        }
    }

    private CompletableFuture<Response> call(String call, Form form, Request request, SessionControl session)
            throws Exception {
        return switch (call) {
            case "auth/logout" -> {
                logout(request);
                yield ok();
            }
            case "app/webapiVersion" -> text(200, WEB_API_VERSION).now();
            case "app/version" -> text(200, APP_VERSION).now();
            case "app/buildInfo" -> json(Views.NODES.objectNode().put("bitness", 64).put("libtorrent", "mim")
                    .put("qt", "").put("boost", "").put("openssl", "").put("zlib", ""));
            case "app/defaultSavePath" -> text(200, session.outputFolder()).now();
            case "app/preferences" -> json(preferences(session));
            case "app/setPreferences" -> {
                setPreferences(form, session);
                yield ok();
            }
            case "transfer/info" -> json(serverState(session));
            case "sync/maindata" -> json(mainData.answer((long) form.number("rid", 0), state(session),
                    serverState(session)));
            case "torrents/info" -> json(torrents.info(form, session));
            case "torrents/properties" -> json(Views.properties(session, TorrentCalls.one(form, session)));
            case "torrents/files" -> json(Views.files(session, TorrentCalls.one(form, session)));
            case "torrents/trackers" -> json(Views.trackers(session, TorrentCalls.one(form, session)));
            case "torrents/categories" -> json(torrents.categories(session));
            case "torrents/tags" -> json(TorrentCalls.tagList(session));
            case "torrents/add" -> torrents.add(form, session)
                    .thenApply(added -> text(200, added ? "Ok." : "Fails."));
            case "torrents/delete" -> done(torrents.delete(form, session));
            case "torrents/pause", "torrents/stop" -> done(torrents.each(form, session, SessionControl::pause));
            case "torrents/resume", "torrents/start" -> done(torrents.each(form, session, SessionControl::start));
            case "torrents/recheck" -> done(torrents.each(form, session, SessionControl::verify));
            case "torrents/setForceStart" -> done(form.flag("value", false)
                    ? torrents.each(form, session, SessionControl::start) : CompletableFuture.completedFuture(null));
            case "torrents/setShareLimits" -> done(torrents.setShareLimits(form, session));
            case "torrents/setCategory" -> done(torrents.setCategory(form, session));
            case "torrents/createCategory" ->
                    done(categories.create(form.require("category"), form.get("savePath", ""), session));
            case "torrents/editCategory" ->
                    done(categories.edit(form.require("category"), form.get("savePath", ""), session));
            case "torrents/removeCategories" -> done(torrents.removeCategories(form, session));
            case "torrents/addTags" -> done(torrents.tags(form, session, true));
            case "torrents/removeTags" -> done(torrents.tags(form, session, false));
            case "torrents/createTags" -> ok();
            // mim has no queue, as qBittorrent with queueing off, which answers these so.
            case "torrents/topPrio", "torrents/bottomPrio", "torrents/increasePrio", "torrents/decreasePrio" ->
                    text(409, "Torrent queueing must be enabled").now();
            default -> throw new IllegalStateException("a call without its case: " + call);
        };
    }

    // ---- logging in

    private CompletableFuture<Response> login(Request request) throws Failure {
        if (!request.method().equals("POST")) {
            return new Response(405, TEXT, Map.of("Allow", "POST"), "Method Not Allowed".getBytes(StandardCharsets.UTF_8))
                    .now();
        }
        Form form = Form.of(request);
        if (!request.access().accepts(form.get("username", ""), form.get("password", ""))) {
            return text(200, "Fails.").now();
        }
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        String sid = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        synchronized (logins) {
            logins.put(sid, Boolean.TRUE);
        }
        return new Response(200, TEXT, Map.of("Set-Cookie", "SID=" + sid + "; HttpOnly; SameSite=Strict; path=/"),
                "Ok.".getBytes(StandardCharsets.UTF_8)).now();
    }

    private boolean loggedIn(Request request) {
        String sid = sid(request);
        synchronized (logins) {
            return sid != null && logins.containsKey(sid);
        }
    }

    private void logout(Request request) {
        String sid = sid(request);
        synchronized (logins) {
            logins.remove(sid);
        }
    }

    /** The {@code SID} of the request's {@code Cookie} header, or null. */
    static String sid(Request request) {
        String cookies = request.header("cookie");
        if (cookies == null) {
            return null;
        }
        for (String c : cookies.split(";")) {
            String t = c.strip();
            if (t.startsWith("SID=")) {
                return t.substring(4);
            }
        }
        return null;
    }

    // ---- preferences and state

    /** {@code app/preferences}: what mim has of qBittorrent's preferences; no queue, no automatic management. */
    static ObjectNode preferences(SessionControl session) {
        Limits limits = session.sessionLimits();
        ObjectNode o = Views.NODES.objectNode();
        o.put("save_path", session.outputFolder());
        o.put("temp_path_enabled", false);
        o.put("max_ratio_enabled", limits.seedRatio() != null);
        o.put("max_ratio", limits.seedRatio() == null ? -1.0 : limits.seedRatio());
        o.put("max_seeding_time_enabled", limits.seedTime() != null);
        o.put("max_seeding_time", limits.seedTime() == null ? -1 : limits.seedTime().toMinutes());
        o.put("max_inactive_seeding_time_enabled", false);
        o.put("max_inactive_seeding_time", -1);
        o.put("max_ratio_act", 0);
        o.put("queueing_enabled", false);
        o.put("auto_tmm_enabled", false);
        o.put("dht", session.dht().map(d -> d.enabled()).orElse(false));
        o.put("dl_limit", limits.downloadBytesPerSecond() == null ? 0 : limits.downloadBytesPerSecond());
        o.put("up_limit", limits.uploadBytesPerSecond() == null ? 0 : limits.uploadBytesPerSecond());
        return o;
    }

    /**
     * {@code app/setPreferences}: a form field {@code json} holding the preferences to change. mim applies
     * the rate and seeding limits; the rest it has no setting for, and passes over as qBittorrent passes over
     * keys it does not know.
     */
    static void setPreferences(Form form, SessionControl session) throws Failure {
        JsonNode json;
        try {
            json = Views.JSON.readTree(form.require("json"));
        } catch (IOException e) {
            throw Failure.badRequest("json is not JSON");
        }
        if (json == null || !json.isObject()) {
            throw Failure.badRequest("json is not a JSON object");
        }
        Limits now = session.sessionLimits();
        Long down = rate(json, "dl_limit", now.downloadBytesPerSecond());
        Long up = rate(json, "up_limit", now.uploadBytesPerSecond());
        Double ratio = now.seedRatio();
        if (json.has("max_ratio_enabled") && !json.get("max_ratio_enabled").asBoolean()) {
            ratio = null;
        } else if (json.has("max_ratio") || json.path("max_ratio_enabled").asBoolean()) {
            double r = json.path("max_ratio").asDouble(ratio == null ? -1 : ratio);
            ratio = r < 0 ? null : r;
        }
        Duration time = now.seedTime();
        if (json.has("max_seeding_time_enabled") && !json.get("max_seeding_time_enabled").asBoolean()) {
            time = null;
        } else if (json.has("max_seeding_time") || json.path("max_seeding_time_enabled").asBoolean()) {
            long m = json.path("max_seeding_time").asLong(time == null ? -1 : time.toMinutes());
            time = m < 0 ? null : Duration.ofMinutes(m);
        }
        session.setSessionLimits(new Limits(down, up, ratio, time));
    }

    /** A rate in bytes a second, where 0 or less is none; {@code otherwise} when the key is absent. */
    private static Long rate(JsonNode json, String key, Long otherwise) {
        if (!json.has(key)) {
            return otherwise;
        }
        long v = json.get(key).asLong();
        return v > 0 ? v : null;
    }

    /** {@code transfer/info}, and {@code server_state} of {@code sync/maindata}. */
    static ObjectNode serverState(SessionControl session) {
        SessionStats s = session.stats();
        Limits limits = session.sessionLimits();
        ObjectNode o = Views.NODES.objectNode();
        o.put("connection_status", "connected");
        o.put("dl_info_speed", s.downloadRate());
        o.put("up_info_speed", s.uploadRate());
        o.put("dl_info_data", s.downloadedBytes());
        o.put("up_info_data", s.uploadedBytes());
        o.put("dl_rate_limit", limits.downloadBytesPerSecond() == null ? 0 : limits.downloadBytesPerSecond());
        o.put("up_rate_limit", limits.uploadBytesPerSecond() == null ? 0 : limits.uploadBytesPerSecond());
        o.put("queueing", false);
        o.put("use_alt_speed_limits", false);
        return o;
    }

    private MainData.State state(SessionControl session) throws NoSuchTorrentException {
        ObjectNode rows = Views.NODES.objectNode();
        Set<String> tags = new TreeSet<>();
        for (TorrentSummary t : session.list()) {
            ObjectNode row = Views.info(session, t);
            row.remove("hash");
            rows.set(t.infoHash(), row);
            tags.addAll(Categories.tags(t));
        }
        return new MainData.State(rows, torrents.categories(session), tags);
    }

    // ---- answers

    private static Response refusal(Throwable e) {
        if (e instanceof Failure f) {
            return text(f.status(), f.getMessage());
        }
        if (e instanceof NoSuchTorrentException) {
            return text(404, "Not Found");
        }
        if (e instanceof MimException.BadInput) {
            return text(400, e.getMessage());
        }
        return text(500, "internal error: " + e);
    }

    private static Response text(int status, String body) {
        return new Response(status, TEXT, Map.of(), body.getBytes(StandardCharsets.UTF_8));
    }

    private static CompletableFuture<Response> ok() {
        return text(200, "").now();
    }

    private static CompletableFuture<Response> done(CompletableFuture<Void> work) {
        return work.thenApply(v -> text(200, ""));
    }

    private static CompletableFuture<Response> json(JsonNode value) {
        try {
            return new Response(200, JSON, Map.of(), Views.JSON.writeValueAsBytes(value)).now();
        } catch (JsonProcessingException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
