package mim.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.List;
import mim.core.magnet.MagnetLink;

/**
 * The {@code show --json} object. Its fields are a stable interface for programs; every field is
 * always present, null where the source does not say:
 * <ul>
 *   <li>{@code kind}: {@code "torrent"} or {@code "magnet"}
 *   <li>{@code name}; {@code info_hash} (v1, lower-case hex, null for a v2-only torrent);
 *       {@code info_hash_v2} (SHA-256, lower-case hex, null for a v1-only torrent)
 *   <li>{@code piece_length}, {@code piece_count}, {@code total_size} (bytes, pad files included),
 *       {@code private}, {@code files}: each {@code path} (list of components), {@code length},
 *       {@code pad}, {@code executable}, {@code hidden}, {@code symlink} (target path or null); all
 *       null for a magnet link, whose metadata comes from peers
 *   <li>{@code trackers}: a list of tiers, each a list of URLs (a magnet link's trackers are one
 *       tier each, in order); {@code web_seeds}; {@code dht_nodes} ("host:port")
 *   <li>{@code creation_date} (ISO 8601 UTC), {@code created_by}, {@code comment}, {@code source}
 *   <li>{@code peers} and {@code selected_files} (BEP 53 ranges such as "4-6"): from a magnet link,
 *       empty for a torrent
 *   <li>{@code magnet}: the magnet link, canonical form
 * </ul>
 * Stateless.
 */
final class ShowJson {
    private ShowJson() {}

    static void print(MagnetLink m, PrintWriter out) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("kind", "magnet");
        o.put("name", m.name().orElse(null));
        o.put("info_hash", m.infoHashV1().orElse(null));
        o.put("info_hash_v2", m.infoHashV2().orElse(null));
        o.putNull("piece_length");
        o.putNull("piece_count");
        o.putNull("total_size");
        o.putNull("private");
        o.putNull("files");
        ArrayNode tiers = o.putArray("trackers");
        m.trackers().forEach(t -> tiers.addArray().add(t));
        strings(o, "web_seeds", m.webSeeds());
        o.putArray("dht_nodes");
        o.putNull("creation_date");
        o.putNull("created_by");
        o.putNull("comment");
        o.putNull("source");
        strings(o, "peers", m.peers().stream().map(MagnetLink.Peer::toString).toList());
        strings(o, "selected_files", m.selectedFiles().stream().map(MagnetLink.IndexRange::toString).toList());
        o.put("magnet", m.toString());
        write(o, out);
    }

    private static void strings(ObjectNode o, String field, List<String> values) {
        ArrayNode array = o.putArray(field);
        values.forEach(array::add);
    }

    private static void write(ObjectNode o, PrintWriter out) {
        out.println(o.toPrettyString());
    }
}
