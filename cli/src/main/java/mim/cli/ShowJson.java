package mim.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.List;
import mim.core.magnet.MagnetLink;
import mim.core.metainfo.FileEntry;
import mim.core.metainfo.InfoHash;
import mim.core.metainfo.Metainfo;

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

    static void print(Metainfo m, PrintWriter out) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("kind", "torrent");
        o.put("name", m.name());
        o.put("info_hash", hex(m.infoHashV1()));
        o.put("info_hash_v2", hex(m.infoHashV2()));
        o.put("piece_length", m.pieceLength());
        o.put("piece_count", m.pieceCount());
        o.put("total_size", m.totalLength());
        o.put("private", m.isPrivate());
        ArrayNode files = o.putArray("files");
        for (FileEntry f : m.files()) {
            ObjectNode file = files.addObject();
            f.path().forEach(file.putArray("path")::add);
            file.put("length", f.length());
            file.put("pad", f.pad());
            file.put("executable", f.executable());
            file.put("hidden", f.hidden());
            if (f.isSymlink()) {
                f.symlinkTarget().forEach(file.putArray("symlink")::add);
            } else {
                file.putNull("symlink");
            }
        }
        ArrayNode tiers = o.putArray("trackers");
        for (List<String> tier : m.trackerTiers()) {
            ArrayNode urls = tiers.addArray();
            tier.forEach(urls::add);
        }
        strings(o, "web_seeds", m.webSeeds());
        strings(o, "dht_nodes", m.nodes().stream().map(n -> TorrentText.hostPort(n.host(), n.port())).toList());
        o.put("creation_date", TorrentText.creationDate(m.creationDate()));
        o.put("created_by", m.createdBy());
        o.put("comment", m.comment());
        o.put("source", m.source());
        o.putArray("peers");
        o.putArray("selected_files");
        o.put("magnet", MagnetLink.of(m).toString());
        write(o, out);
    }

    static void print(MagnetLink m, PrintWriter out) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("kind", "magnet");
        o.put("name", m.name().orElse(null));
        o.put("info_hash", m.infoHashV1().map(InfoHash::hex).orElse(null));
        o.put("info_hash_v2", m.infoHashV2().map(InfoHash::hex).orElse(null));
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

    private static String hex(InfoHash h) {
        return h == null ? null : h.hex();
    }

    private static void strings(ObjectNode o, String field, List<String> values) {
        ArrayNode array = o.putArray(field);
        values.forEach(array::add);
    }

    private static void write(ObjectNode o, PrintWriter out) {
        out.println(o.toPrettyString());
    }
}
