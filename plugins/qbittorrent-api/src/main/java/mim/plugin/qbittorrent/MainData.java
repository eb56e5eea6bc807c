package mim.plugin.qbittorrent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code sync/maindata}: the whole state under a response id ({@code rid}), then, to a client that sends
 * back the id it was given, only what changed since: torrents new or with changed fields, those removed,
 * and likewise categories and tags. A client whose id is unknown (0, or one too old) gets the whole state
 * again ({@code full_update: true}). The last {@value #KEPT} states are kept, for as many clients.
 *
 * <p>Thread safety: safe for concurrent use (one lock; the work under it is a comparison of JSON trees).
 */
final class MainData {
    static final int KEPT = 16;

    /**
     * The state at one moment.
     *
     * @param torrents each torrent's {@code torrents/info} row without its hash, by hash
     * @param categories each category as {@code {name, savePath}}, by name
     * @param tags every tag
     */
    record State(ObjectNode torrents, ObjectNode categories, Set<String> tags) {}

    private final Map<Long, State> kept = new LinkedHashMap<>(KEPT, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, State> eldest) {
            return size() > KEPT;
        }
    };
    private long lastRid;

    /** The answer to a client that last saw {@code rid}, with the server's state as it is now. */
    synchronized ObjectNode answer(long rid, State now, ObjectNode serverState) {
        State before = rid == 0 ? null : kept.get(rid);
        long next = ++lastRid;
        kept.put(next, now);
        ObjectNode out = Views.NODES.objectNode();
        out.put("rid", next);
        if (before == null) {
            out.put("full_update", true);
            out.set("torrents", now.torrents());
            out.set("categories", now.categories());
            ArrayNode tags = out.putArray("tags");
            now.tags().forEach(tags::add);
        } else {
            diff(before.torrents(), now.torrents(), out, "torrents", true);
            diff(before.categories(), now.categories(), out, "categories", false);
            Set<String> added = new TreeSet<>(now.tags());
            added.removeAll(before.tags());
            Set<String> removed = new TreeSet<>(before.tags());
            removed.removeAll(now.tags());
            if (!added.isEmpty()) {
                ArrayNode tags = out.putArray("tags");
                added.forEach(tags::add);
            }
            if (!removed.isEmpty()) {
                ArrayNode tags = out.putArray("tags_removed");
                removed.forEach(tags::add);
            }
        }
        out.set("server_state", serverState);
        return out;
    }

    /**
     * Puts under {@code key} what is new or changed in {@code now} (for {@code fields}, only the changed
     * fields of an entry seen before), and under {@code key_removed} the names gone.
     */
    private static void diff(ObjectNode before, ObjectNode now, ObjectNode out, String key, boolean fields) {
        ObjectNode changed = Views.NODES.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = now.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode old = before.get(e.getKey());
            if (old == null || !fields) {
                if (!e.getValue().equals(old)) {
                    changed.set(e.getKey(), e.getValue());
                }
                continue;
            }
            ObjectNode delta = Views.NODES.objectNode();
            e.getValue().fields().forEachRemaining(f -> {
                if (!f.getValue().equals(old.get(f.getKey()))) {
                    delta.set(f.getKey(), f.getValue());
                }
            });
            if (!delta.isEmpty()) {
                changed.set(e.getKey(), delta);
            }
        }
        if (!changed.isEmpty()) {
            out.set(key, changed);
        }
        ArrayNode removed = Views.NODES.arrayNode();
        before.fieldNames().forEachRemaining(name -> {
            if (!now.has(name)) {
                removed.add(name);
            }
        });
        if (!removed.isEmpty()) {
            out.set(key + "_removed", removed);
        }
    }
}
