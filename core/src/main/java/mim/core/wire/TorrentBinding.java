package mim.core.wire;

import java.util.Objects;
import mim.core.metainfo.FileLayout;
import mim.core.metainfo.InfoHash;

/**
 * What ties a connection to a torrent: which torrent, its piece geometry (so the decoder can check
 * every piece index and block against it), and the handler that receives this one connection's
 * events. A new binding, with a new handler, for each connection.
 *
 * <p>Immutable; the handler is owned by the connection it is bound to.
 */
public record TorrentBinding(InfoHash infoHash, FileLayout layout, PeerHandler handler) {
    public TorrentBinding {
        Objects.requireNonNull(infoHash, "infoHash");
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(handler, "handler");
    }
}
