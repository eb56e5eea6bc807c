package mim.core.wire;

import java.util.Objects;
import java.util.Optional;
import mim.core.metainfo.FileLayout;
import mim.core.metainfo.InfoHash;

/**
 * What ties a connection to a torrent: which torrent, its piece geometry (so the decoder can check
 * every piece index and block against it), and the handler that receives this one connection's
 * events. A new binding, with a new handler, for each connection.
 *
 * <p>A connection made to fetch a magnet link's metadata has no geometry yet ({@link #withoutLayout}):
 * its decoder accepts availability messages of any size within the frame limit and refuses blocks
 * and requests (see {@link MessageDecoder}).
 *
 * <p>Immutable; the handler is owned by the connection it is bound to.
 *
 * @param layout the torrent's geometry, or null while it is unknown
 */
public record TorrentBinding(InfoHash infoHash, FileLayout layout, PeerHandler handler) {
    public TorrentBinding {
        Objects.requireNonNull(infoHash, "infoHash");
        Objects.requireNonNull(handler, "handler");
    }

    /** A binding for a torrent whose metadata we are still fetching. */
    public static TorrentBinding withoutLayout(InfoHash infoHash, PeerHandler handler) {
        return new TorrentBinding(infoHash, null, handler);
    }

    /** The geometry, when known. */
    public Optional<FileLayout> knownLayout() {
        return Optional.ofNullable(layout);
    }
}
