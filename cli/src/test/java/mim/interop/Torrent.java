package mim.interop;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;

/**
 * A .torrent file made for a test, with its identity as libtorrent reads it (an oracle that owes
 * nothing to mim's own code). Immutable.
 *
 * @param file        the .torrent file
 * @param infoHash    v1 info-hash, 40 lower-case hex digits
 * @param name        the torrent's name: the single file's name or the top folder's
 * @param totalSize   bytes of content
 * @param pieceLength bytes a piece
 * @param trackers    announce URLs in order, one tier each
 */
public record Torrent(Path file, String infoHash, String name, long totalSize, int pieceLength,
                      List<String> trackers) {

    public Torrent {
        trackers = List.copyOf(trackers);
    }

    /** The 20 bytes of the info-hash. */
    public byte[] infoHashBytes() {
        return HexFormat.of().parseHex(infoHash);
    }

    /** A magnet link with the info-hash, the name and every tracker. */
    public String magnet() {
        StringBuilder link = new StringBuilder("magnet:?xt=urn:btih:").append(infoHash)
                .append("&dn=").append(URLEncoder.encode(name, StandardCharsets.UTF_8));
        for (String tracker : trackers) {
            link.append("&tr=").append(URLEncoder.encode(tracker, StandardCharsets.UTF_8));
        }
        return link.toString();
    }

    /** A magnet link with the info-hash only: its peers must come from the DHT or be given. */
    public String bareMagnet() {
        return "magnet:?xt=urn:btih:" + infoHash;
    }
}
