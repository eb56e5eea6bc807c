package mim.core.session;

import mim.core.metadata.MetadataMessage;
import mim.core.metadata.MetadataServer;
import mim.core.spi.PeerSink;
import mim.core.spi.TorrentIdentity;
import mim.core.wire.ExtensionHandshake;
import mim.core.wire.Message;
import mim.core.wire.ProtocolViolation;

/**
 * A torrent's side of the extension protocol (BEP 10): greets every peer that negotiated it with our
 * handshake, keeps each peer's ids ({@link PeerExtensions}), serves the info dictionary to peers
 * that fetch it by ut_metadata (BEP 9) through a {@link MetadataServer}, which bounds each peer's
 * rate, and runs the session's wire extensions (peer exchange) for the torrent in its
 * {@link WireExtensions}, which a metadata fetch runs the same way.
 *
 * <p>Lifecycle: {@link #start} when the torrent starts finding peers, then every established peer
 * joins and leaves, their messages and a tick a second pass through, until {@link #stop}. A peer
 * whose extension messages do not decode loses its connection; a peer that gets metadata from us is
 * forgotten by the server when it disconnects.
 *
 * <p>Not thread safe: owned by the torrent's event loop, like its peers.
 */
final class TorrentExtensions {
    private final MetadataServer<Peer> metadata;
    private final WireExtensions wire;

    TorrentExtensions(Session session, byte[] rawInfo) {
        // An info dictionary past BEP 9's limit (a torrent file may be larger) is not offered at all.
        this.metadata = rawInfo.length <= MetadataMessage.MAX_METADATA_SIZE ? MetadataServer.serving(rawInfo)
                : MetadataServer.without();
        this.wire = new WireExtensions(session);
    }

    /** Starts the session's wire extensions that may serve this torrent. */
    void start(TorrentIdentity torrent, PeerSink sink) {
        wire.start(torrent, sink);
    }

    /** Closes every running extension; nothing reaches them afterwards. */
    void stop() {
        wire.stop();
    }

    /** A peer is established: greet it with our handshake if it speaks BEP 10, and tell the extensions. */
    void peerJoined(Peer peer) {
        if (peer.extensionProtocol()) {
            peer.send(wire.handshake(peer, metadata.metadataSize().orElse(0)));
        }
        wire.peerJoined(peer);
    }

    /** Routes an extended message by the id we announced for it. */
    void received(Peer peer, Message.Extended message) {
        try {
            switch (message.id()) {
                case Message.Extended.HANDSHAKE -> peer.extensionHandshake(message);
                case ExtensionHandshake.OUR_UT_METADATA_ID -> metadataMessage(peer, MetadataMessage.decode(message.payload()));
                default -> wire.received(peer, message);
            }
        } catch (ProtocolViolation e) {
            peer.close("sent a bad extension message: " + e.getMessage());
        }
    }

    /** Answers a request; data and rejects are for fetchers, which we are not, and are ignored. */
    private void metadataMessage(Peer peer, MetadataMessage m) {
        var theirs = peer.extensions().idOf(ExtensionHandshake.UT_METADATA);
        if (m instanceof MetadataMessage.Request request && theirs.isPresent()) {
            MetadataMessage answer = metadata.answer(peer, request, System.nanoTime());
            peer.send(new Message.Extended(theirs.getAsInt(), answer.encode()));
        }
    }

    void tick() {
        wire.tick();
    }

    void peerGone(Peer peer) {
        metadata.peerGone(peer);
        wire.peerGone(peer);
    }
}
