package mim.plugin.qbittorrent;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import mim.core.spi.AddRequest;
import mim.core.spi.Limits;
import mim.core.spi.NoSuchTorrentException;
import mim.core.spi.SessionControl;
import mim.core.spi.TorrentSummary;

/**
 * The {@code torrents/...} calls. Torrents are named by info-hash: {@code hash} for one, {@code hashes}
 * for several ({@code |} between them, or {@code all}); hashes the session does not have are passed
 * over, as qBittorrent does.
 *
 * <p>Thread safety: safe for concurrent use (its state is the {@link Categories}).
 */
final class TorrentCalls {
    private final Categories categories;

    TorrentCalls(Categories categories) {
        this.categories = categories;
    }

    /** {@code torrents/info}: {@code filter}, {@code category}, {@code tag}, {@code hashes}, {@code sort}, ... */
    ArrayNode info(Form form, SessionControl session) throws Failure, NoSuchTorrentException {
        String filter = form.get("filter", "all");
        String category = form.get("category");
        String tag = form.get("tag");
        Set<String> hashes = form.get("hashes") == null ? null : hashes(form.get("hashes"));
        List<ObjectNode> rows = new ArrayList<>();
        for (TorrentSummary t : session.list()) {
            if ((category != null && !category.equals(Categories.of(t)))
                    || (tag != null && !(tag.isEmpty() ? Categories.tags(t).isEmpty() : Categories.tags(t).contains(tag)))
                    || (hashes != null && !hashes.contains("all") && !hashes.contains(t.infoHash()))) {
                continue;
            }
            ObjectNode row = Views.info(session, t);
            if (matches(filter, row.path("state").asText())) {
                rows.add(row);
            }
        }
        String sort = form.get("sort");
        if (sort != null) {
            Comparator<ObjectNode> by = Comparator.comparing(r -> r.path(sort),
                    (a, b) -> a.isNumber() && b.isNumber() ? Double.compare(a.asDouble(), b.asDouble())
                            : a.asText().compareTo(b.asText()));
            rows.sort(form.flag("reverse", false) ? by.reversed() : by);
        }
        int offset = (int) form.number("offset", 0);
        int limit = (int) form.number("limit", 0);
        if (offset < 0) {
            offset = Math.max(0, rows.size() + offset);
        }
        ArrayNode out = Views.NODES.arrayNode();
        rows.stream().skip(offset).limit(limit > 0 ? limit : Long.MAX_VALUE).forEach(out::add);
        return out;
    }

    /** Whether a torrent in qBittorrent state {@code state} passes {@code filter}. */
    static boolean matches(String filter, String state) throws Failure {
        boolean upload = state.endsWith("UP") || state.equals("uploading");
        boolean stopped = state.startsWith("stopped");
        boolean active = state.equals("downloading") || state.equals("uploading");
        return switch (filter) {
            case "all" -> true;
            case "downloading" -> !upload && !stopped && !state.equals("error");
            case "seeding" -> upload && !stopped;
            case "completed" -> upload;
            case "paused", "stopped" -> stopped;
            case "resumed", "running" -> !stopped;
            case "active" -> active;
            case "inactive" -> !active;
            case "stalled" -> state.startsWith("stalled");
            case "stalled_uploading" -> state.equals("stalledUP");
            case "stalled_downloading" -> state.equals("stalledDL");
            case "checking" -> state.startsWith("checking");
            case "errored" -> state.equals("error");
            default -> throw Failure.badRequest("unknown filter: " + filter);
        };
    }

    /** {@code torrents/add}: each of {@code urls} (one a line) and each file part; Ok. if any was added. */
    CompletableFuture<Boolean> add(Form form, SessionControl session) throws Failure {
        String category = form.get("category", "");
        if (!category.isEmpty()) {
            Categories.checkName(category);
        }
        Set<String> labels = Categories.labels(category, list(form.get("tags", ""), ","));
        String savePath = form.get("savepath", "");
        if (savePath.isEmpty()) {
            savePath = categories.savePath(category, session);
        }
        boolean paused = form.flag("stopped", form.flag("paused", false));
        Limits limits = shareLimits(form, Limits.NONE);
        List<AddRequest.Source> sources = new ArrayList<>();
        list(form.get("urls", ""), "\n").forEach(u -> sources.add(new AddRequest.Link(u)));
        form.files().forEach(f -> sources.add(new AddRequest.TorrentFile(f)));
        List<CompletableFuture<Boolean>> adds = new ArrayList<>();
        for (AddRequest.Source source : sources) {
            AddRequest request = new AddRequest(source, savePath.isEmpty() ? null : savePath, null, null, null, false,
                    false, paused, List.of(), labels);
            adds.add(session.add(request).thenCompose(r -> !r.added() || limits.equals(Limits.NONE)
                    ? CompletableFuture.completedFuture(r.added())
                    : session.setLimits(r.details().summary().id(), limits).thenApply(v -> true))
                    .exceptionally(e -> false));
        }
        return CompletableFuture.allOf(adds.toArray(CompletableFuture[]::new))
                .thenApply(v -> adds.stream().anyMatch(CompletableFuture::join));
    }

    /** {@code torrents/delete}: forgets them, or deletes their files too with {@code deleteFiles}. */
    CompletableFuture<Void> delete(Form form, SessionControl session) throws Failure {
        boolean files = form.flag("deleteFiles", false);
        return each(form, session, files ? SessionControl::delete : SessionControl::forget);
    }

    /** {@code torrents/setCategory}: {@code ""} takes the category away; 409 for one that does not exist. */
    CompletableFuture<Void> setCategory(Form form, SessionControl session) throws Failure {
        String category = form.require("category");
        if (!category.isEmpty() && !categories.exists(category, session)) {
            throw new Failure(409, "Category does not exist");
        }
        return relabel(form, session, (t, tags) -> Categories.labels(category, tags));
    }

    /** {@code torrents/addTags} and {@code removeTags}: {@code tags}, with commas between. */
    CompletableFuture<Void> tags(Form form, SessionControl session, boolean add) throws Failure {
        List<String> tags = list(form.require("tags"), ",");
        for (String tag : tags) {
            if (tag.startsWith(Categories.PREFIX) || tag.length() > 128 || tag.chars().anyMatch(c -> c < 0x20)) {
                throw Failure.badRequest("Incorrect tag name: " + tag);
            }
        }
        return relabel(form, session, (t, now) -> {
            Set<String> next = new TreeSet<>(now);
            if (add) {
                next.addAll(tags);
            } else {
                tags.forEach(next::remove);
            }
            return Categories.labels(Categories.of(t), next);
        });
    }

    /** {@code torrents/removeCategories}: {@code categories}, one a line, taken from their torrents too. */
    CompletableFuture<Void> removeCategories(Form form, SessionControl session) throws Failure {
        Set<String> gone = new TreeSet<>(list(form.require("categories"), "\n"));
        List<CompletableFuture<Void>> all = new ArrayList<>();
        all.add(categories.remove(gone, session));
        for (TorrentSummary t : session.list()) {
            if (gone.contains(Categories.of(t))) {
                all.add(session.setLabels(t.id(), Categories.labels("", Categories.tags(t))));
            }
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
    }

    /**
     * {@code torrents/setShareLimits}: {@code ratioLimit} and {@code seedingTimeLimit} (minutes), where -2
     * is the session's limit and -1 none; mim has one way to say both, a torrent without a limit of its own.
     */
    CompletableFuture<Void> setShareLimits(Form form, SessionControl session) throws Failure {
        shareLimits(form, Limits.NONE);
        return each(form, session, (s, id) -> {
            try {
                return s.setLimits(id, shareLimits(form, s.limits(id)));
            } catch (NoSuchTorrentException | Failure e) {
                return CompletableFuture.completedFuture(null);
            }
        });
    }

    /** {@code now} with the seed limits of {@code ratioLimit} and {@code seedingTimeLimit} (minutes). */
    private static Limits shareLimits(Form form, Limits now) throws Failure {
        double ratio = form.number("ratioLimit", -2);
        double minutes = form.number("seedingTimeLimit", -2);
        return new Limits(now.downloadBytesPerSecond(), now.uploadBytesPerSecond(), ratio < 0 ? null : ratio,
                minutes < 0 ? null : Duration.ofSeconds((long) (minutes * 60)));
    }

    /** Does {@code action} to each torrent {@code hashes} names. */
    CompletableFuture<Void> each(Form form, SessionControl session,
            BiFunction<SessionControl, Integer, CompletableFuture<Void>> action) throws Failure {
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (TorrentSummary t : named(form, session)) {
            all.add(action.apply(session, t.id()));
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
    }

    /** The one torrent {@code hash} names. */
    static TorrentSummary one(Form form, SessionControl session) throws Failure {
        String hash = form.require("hash").toLowerCase(java.util.Locale.ROOT);
        return session.list().stream().filter(t -> t.infoHash().equals(hash)).findFirst()
                .orElseThrow(Failure::notFound);
    }

    private CompletableFuture<Void> relabel(Form form, SessionControl session,
            BiFunction<TorrentSummary, Set<String>, Set<String>> labels) throws Failure {
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (TorrentSummary t : named(form, session)) {
            all.add(session.setLabels(t.id(), labels.apply(t, Categories.tags(t))));
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
    }

    private static List<TorrentSummary> named(Form form, SessionControl session) throws Failure {
        Set<String> hashes = hashes(form.require("hashes"));
        return session.list().stream().filter(t -> hashes.contains("all") || hashes.contains(t.infoHash())).toList();
    }

    private static Set<String> hashes(String text) {
        Set<String> out = new TreeSet<>();
        list(text.toLowerCase(java.util.Locale.ROOT), "|").forEach(out::add);
        return out;
    }

    /** The non-blank items of {@code text} between {@code separator}s, stripped. */
    static List<String> list(String text, String separator) {
        return Arrays.stream(text.split(java.util.regex.Pattern.quote(separator))).map(String::strip)
                .filter(s -> !s.isEmpty()).toList();
    }

    /** {@code torrents/categories}: {@code {name: {name, savePath}}}. */
    ObjectNode categories(SessionControl session) {
        ObjectNode out = Views.NODES.objectNode();
        categories.all(session).forEach((name, path) -> out.putObject(name).put("name", name).put("savePath", path));
        return out;
    }

    /** {@code torrents/tags}: every tag some torrent has. */
    static ArrayNode tagList(SessionControl session) {
        ArrayNode out = Views.NODES.arrayNode();
        session.list().stream().flatMap(t -> Categories.tags(t).stream()).distinct().sorted().forEach(out::add);
        return out;
    }
}
