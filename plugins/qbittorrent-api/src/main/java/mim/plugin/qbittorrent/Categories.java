package mim.plugin.qbittorrent;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import mim.core.spi.SessionControl;
import mim.core.spi.TorrentSummary;

/**
 * qBittorrent's categories and tags on mim's labels. A torrent's category is its label
 * {@code category:NAME} (one at most), its tags its other labels, so the session keeps both with the
 * torrent, persisted, and mim's API and Transmission's RPC see them as labels. A category's save path is
 * the session's ({@link SessionControl#categories}), kept with it across restarts; a category that only
 * torrents name (set through another API) has none, so its torrents go to the session's folder.
 *
 * <p>Thread safety: safe for concurrent use; a change to the session's categories is made under this
 * object's lock, so that two changes do not overwrite each other.
 */
final class Categories {
    static final String PREFIX = "category:";

    /** A torrent's category, {@code ""} for none. */
    static String of(TorrentSummary t) {
        return t.labels().stream().filter(l -> l.startsWith(PREFIX)).map(l -> l.substring(PREFIX.length()))
                .findFirst().orElse("");
    }

    /** A torrent's tags: its labels but the category. */
    static Set<String> tags(TorrentSummary t) {
        Set<String> out = new TreeSet<>(t.labels());
        out.removeIf(l -> l.startsWith(PREFIX));
        return out;
    }

    /** The labels of a torrent in {@code category} ({@code ""} for none) with {@code tags}. */
    static Set<String> labels(String category, Collection<String> tags) {
        Set<String> out = new TreeSet<>(tags);
        out.removeIf(l -> l.startsWith(PREFIX));
        if (!category.isEmpty()) {
            out.add(PREFIX + category);
        }
        return out;
    }

    /** @throws Failure 400 for a name that cannot be a label */
    static void checkName(String name) throws Failure {
        if (name.isBlank() || name.length() > 128 - PREFIX.length() || name.chars().anyMatch(c -> c == ',' || c < 0x20)) {
            throw Failure.badRequest("Incorrect category name");
        }
    }

    /** Every category: the session's and those only torrents name (with no folder of their own). */
    Map<String, String> all(SessionControl session) {
        Map<String, String> out = new TreeMap<>(session.categories());
        session.list().stream().map(Categories::of).filter(c -> !c.isEmpty()).forEach(c -> out.putIfAbsent(c, ""));
        return out;
    }

    /** Whether a category exists. */
    boolean exists(String name, SessionControl session) {
        return all(session).containsKey(name);
    }

    /** A category's save path, {@code ""} for the session's folder or an unknown category. */
    String savePath(String name, SessionControl session) {
        return session.categories().getOrDefault(name, "");
    }

    /** @throws Failure 409 if it exists already, as qBittorrent answers */
    synchronized CompletableFuture<Void> create(String name, String savePath, SessionControl session) throws Failure {
        checkName(name);
        if (exists(name, session)) {
            throw new Failure(409, "Unable to create category");
        }
        return put(name, savePath, session);
    }

    /** @throws Failure 409 for a category that does not exist */
    synchronized CompletableFuture<Void> edit(String name, String savePath, SessionControl session) throws Failure {
        if (!exists(name, session)) {
            throw new Failure(409, "Category does not exist");
        }
        return put(name, savePath, session);
    }

    /** Forgets categories and their save paths (the caller takes them from their torrents). */
    synchronized CompletableFuture<Void> remove(Set<String> names, SessionControl session) {
        Map<String, String> next = new TreeMap<>(session.categories());
        next.keySet().removeAll(names);
        return session.setCategories(next);
    }

    private static CompletableFuture<Void> put(String name, String savePath, SessionControl session) {
        Map<String, String> next = new TreeMap<>(session.categories());
        next.put(name, savePath);
        return session.setCategories(next);
    }
}
