package mim.plugin.transmission;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import mim.core.metainfo.InvalidTorrentException;
import mim.core.metainfo.Metainfo;
import mim.core.spi.NoSuchTorrentException;
import mim.core.spi.SessionControl;
import mim.core.spi.TorrentSummary;

/**
 * What a torrent's .torrent file says that the session's summaries do not: comment, creator, date,
 * privacy, piece size, trackers and web seeds. Immutable.
 */
record TorrentInfo(String comment, String creator, long dateCreated, boolean isPrivate, long pieceSize,
                   long totalSize, List<List<String>> trackerTiers, List<String> webSeeds) {
    /** A magnet link's torrent before its metadata is known. */
    static final TorrentInfo UNKNOWN = new TorrentInfo("", "", 0, false, 0, 0, List.of(), List.of());

    TorrentInfo {
        trackerTiers = trackerTiers.stream().map(List::copyOf).toList();
        webSeeds = List.copyOf(webSeeds);
    }

    static TorrentInfo of(Metainfo m) {
        return new TorrentInfo(Optional.ofNullable(m.comment()).orElse(""), Optional.ofNullable(m.createdBy()).orElse(""),
                m.creationDate().orElse(0), m.isPrivate(), m.pieceLength(), m.totalLength(), m.trackerTiers(),
                m.webSeeds());
    }

    /** A magnet link for the torrent, with its name and trackers. */
    String magnetLink(TorrentSummary t) {
        StringBuilder out = new StringBuilder("magnet:?xt=urn:btih:").append(t.infoHash());
        if (t.name() != null) {
            out.append("&dn=").append(URLEncoder.encode(t.name(), StandardCharsets.UTF_8));
        }
        trackerTiers.stream().flatMap(List::stream).distinct()
                .forEach(tr -> out.append("&tr=").append(URLEncoder.encode(tr, StandardCharsets.UTF_8)));
        return out.toString();
    }

    /**
     * The facts of the session's torrents, each .torrent file read once: a torrent's metadata does not
     * change once known. Thread safety: safe for concurrent use.
     */
    static final class Cache {
        private final Map<String, TorrentInfo> byInfoHash = new ConcurrentHashMap<>();

        TorrentInfo of(TorrentSummary t, SessionControl session) {
            TorrentInfo known = byInfoHash.get(t.infoHash());
            if (known != null) {
                return known;
            }
            try {
                Optional<byte[]> file = session.metadata(t.id());
                if (file.isEmpty()) {
                    return UNKNOWN;
                }
                TorrentInfo info = TorrentInfo.of(Metainfo.parse(file.get()));
                byInfoHash.put(t.infoHash(), info);
                return info;
            } catch (NoSuchTorrentException | InvalidTorrentException e) {
                return UNKNOWN;
            }
        }

        /** Forgets the torrents no longer in the session. */
        void retain(Set<String> infoHashes) {
            byInfoHash.keySet().retainAll(infoHashes);
        }
    }
}
