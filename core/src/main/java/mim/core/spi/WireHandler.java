package mim.core.spi;

/**
 * One {@link WireExtension} at work for one torrent, or for one magnet link while its metadata is
 * fetched, as {@link WireExtension#start} returned it. "The torrent" below means either.
 *
 * <p>Lifecycle: started -> told of peers, messages and ticks -> {@link #close}d when the torrent
 * stops, or the fetch ends (once it has the metadata, the torrent starts a handler of its own).
 * Every peer that completes its BitTorrent handshake is {@link #peerJoined joined}, whether or not
 * it speaks this extension (peer exchange lists them all; a fetch takes only peers that speak the
 * extension protocol), and later {@link #peerLeft left}; messages come only from joined peers,
 * between the two.
 *
 * <p>Threading: every method is called on the torrent's own event loop thread, one at a time, and
 * must return quickly without blocking; the {@link WirePeer}s given may be used only on that thread,
 * from within these calls. Work that blocks belongs on the extension's own threads, which may hand
 * peers to the torrent's {@link PeerSink} at any time.
 *
 * <p>Failures: these methods should not throw. One that throws a {@link RuntimeException} is a bug
 * in the extension: the session logs it, closes this handler and ignores the extension for the rest
 * of the torrent's run, and the torrent carries on. A peer that sends something the extension
 * cannot accept is {@link WirePeer#close closed} by the extension, or its message ignored.
 */
public interface WireHandler extends AutoCloseable {

    /** A peer finished its handshake. Its extension handshake, if any, usually arrives later. */
    default void peerJoined(WirePeer peer) {
    }

    /** A joined peer's connection ended; the {@link WirePeer} is dead from now on. */
    default void peerLeft(WirePeer peer) {
    }

    /**
     * A message the peer sent under the id we announced for this extension. The array is the
     * handler's to keep; its length is bounded by the session's limit on extended messages.
     */
    void received(WirePeer peer, byte[] payload);

    /** Once a second, for work on a schedule (peer exchange sends at most once a minute). */
    default void tick() {
    }

    /** The torrent stops: release everything; no call follows. Never throws. */
    @Override
    void close();
}
