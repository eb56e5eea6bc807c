package mim.core.spi;

import mim.core.MimException;
import org.pf4j.ExtensionPoint;

/**
 * A message type carried over the extension protocol (BEP 10) between connected peers, such as peer
 * exchange ({@code ut_pex}, BEP 11). The session owns the protocol: it announces each active
 * extension's {@link #name} in its extension handshake under an id of its choosing, routes the
 * messages peers send under that id to the extension, and wraps what the extension sends in the id
 * each peer chose. An extension sees payloads only.
 *
 * <p>Private torrents (BEP 27) run an extension only if {@link #allowedOnPrivateTorrents} says so;
 * otherwise it is neither started nor announced for them. A magnet link, never private, runs every
 * extension while its metadata is fetched, with peers that may have no metadata either; the torrent
 * it becomes starts the extension again.
 *
 * <p>Thread safety: one instance serves every torrent of the process and {@link #start} may be
 * called concurrently. Ownership: the session owns each returned {@link WireHandler} and closes it.
 */
public interface WireExtension extends ExtensionPoint {

    /**
     * The extension's name in the handshake's {@code m} dictionary, such as {@code ut_pex}; also its
     * name in listings and logs. The session refuses a second extension of the same name, and
     * {@code ut_metadata}, which it speaks itself.
     */
    String name();

    /** Whether the extension may run on private torrents (BEP 27); peer exchange may not. */
    default boolean allowedOnPrivateTorrents() {
        return false;
    }

    /**
     * Starts the extension for one torrent, when it begins to download or seed, or for a magnet link
     * when its metadata fetch begins (then the torrent's identity is the link's: its v1 info-hash, its
     * trackers, not private). Returns quickly, doing no I/O itself.
     *
     * @param sink where peers the extension learns of go; the session dials them like any source's,
     *     under its limits
     * @throws MimException if the extension cannot serve this torrent; the session reports it and goes
     *     on without it
     */
    WireHandler start(TorrentIdentity torrent, PeerSink sink) throws MimException;
}
