package mim.core.session;

import mim.core.metadata.MetadataMessage;
import mim.core.metadata.MetadataServer;
import mim.core.wire.ExtensionHandshake;
import mim.core.wire.Message;
import mim.core.wire.ProtocolViolation;

/**
 * A torrent's side of the extension protocol (BEP 10): greets every peer that negotiated it with our
 * handshake, keeps each peer's ids ({@link PeerExtensions}), and serves the info dictionary to peers
 * that fetch it by ut_metadata (BEP 9) through a {@link MetadataServer}, which bounds each peer's
 * rate. A peer whose extension messages do not decode loses its connection; a peer that gets
 * metadata from us is forgotten by the server when it disconnects.
 *
 * <p>Not thread safe: owned by the torrent's event loop, like its peers.
 */
final class TorrentExtensions {
    private final Session session;
    private final MetadataServer<Peer> metadata;

    TorrentExtensions(Session session, byte[] rawInfo) {
        this.session = session;
        // An info dictionary past BEP 9's limit (a torrent file may be larger) is not offered at all.
        this.metadata = rawInfo.length <= MetadataMessage.MAX_METADATA_SIZE ? MetadataServer.serving(rawInfo)
                : MetadataServer.without();
    }

    /** Sends our handshake to a newly established peer, if the extension protocol is on. */
    void greet(Peer peer) {
        if (peer.extensionProtocol()) {
            peer.send(PeerExtensions.ours(session, peer.address(), metadata.metadataSize().orElse(0)));
        }
    }

    /** Routes an extended message by the id we announced for it. */
    void received(Peer peer, Message.Extended message) {
        try {
            switch (message.id()) {
                case Message.Extended.HANDSHAKE -> peer.extensions.handshake(message);
                case ExtensionHandshake.OUR_UT_METADATA_ID -> metadataMessage(peer, MetadataMessage.decode(message.payload()));
                default -> {
                    // An id we never announced: nothing of ours listens there.
                }
            }
        } catch (ProtocolViolation e) {
            peer.close("sent a bad extension message: " + e.getMessage());
        }
    }

    /** Answers a request; data and rejects are for fetchers, which we are not, and are ignored. */
    private void metadataMessage(Peer peer, MetadataMessage m) {
        var theirs = peer.extensions.idOf(ExtensionHandshake.UT_METADATA);
        if (m instanceof MetadataMessage.Request request && theirs.isPresent()) {
            MetadataMessage answer = metadata.answer(peer, request, System.nanoTime());
            peer.send(new Message.Extended(theirs.getAsInt(), answer.encode()));
        }
    }

    void peerGone(Peer peer) {
        metadata.peerGone(peer);
    }
}
