package mim.core.session;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import mim.core.MimException;
import mim.core.Reason;
import mim.core.metadata.MetadataMessage;
import mim.core.metadata.MetadataServer;
import mim.core.spi.PeerSink;
import mim.core.spi.TorrentIdentity;
import mim.core.spi.WireExtension;
import mim.core.spi.WireHandler;
import mim.core.spi.WirePeer;
import mim.core.wire.ExtensionHandshake;
import mim.core.wire.Message;
import mim.core.wire.ProtocolViolation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A torrent's side of the extension protocol (BEP 10): greets every peer that negotiated it with our
 * handshake, keeps each peer's ids ({@link PeerExtensions}), serves the info dictionary to peers
 * that fetch it by ut_metadata (BEP 9) through a {@link MetadataServer}, which bounds each peer's
 * rate, and runs the session's {@link WireExtension}s (peer exchange) for the torrent.
 *
 * <p>Ids: ut_metadata is ours under {@link ExtensionHandshake#OUR_UT_METADATA_ID} (1); the session's
 * wire extensions follow from 2 in the session's order, so peer exchange, the one bundled, is 2. Only
 * peers use these numbers, to address what they send us; a private torrent leaves out the extensions
 * that may not run on it, whose ids then go unannounced and whatever arrives under them is ignored.
 *
 * <p>Lifecycle of the wire extensions: {@link #start} when the torrent starts finding peers, then every
 * established peer joins and leaves, their messages and a tick a second pass through, until
 * {@link #stop}. A handler that throws is closed and left out from then on; the torrent goes on.
 * A peer whose extension messages do not decode loses its connection; a peer that gets metadata from
 * us is forgotten by the server when it disconnects.
 *
 * <p>Not thread safe: owned by the torrent's event loop, like its peers.
 */
final class TorrentExtensions {
    private static final Logger log = LoggerFactory.getLogger(TorrentExtensions.class);
    /** The id of the session's first wire extension; ut_metadata has the one before. */
    static final int FIRST_WIRE_ID = ExtensionHandshake.OUR_UT_METADATA_ID + 1;

    private final Session session;
    private final MetadataServer<Peer> metadata;
    /** The running extensions by the id we announce them under. */
    private final Map<Integer, Running> running = new LinkedHashMap<>();
    /** Each established peer's view for each running extension, by that extension's id. */
    private final Map<Peer, Map<Integer, View>> views = new HashMap<>();
    private Map<String, Integer> announced = Map.of();

    TorrentExtensions(Session session, byte[] rawInfo) {
        this.session = session;
        // An info dictionary past BEP 9's limit (a torrent file may be larger) is not offered at all.
        this.metadata = rawInfo.length <= MetadataMessage.MAX_METADATA_SIZE ? MetadataServer.serving(rawInfo)
                : MetadataServer.without();
    }

    /**
     * The extensions a session can announce: one of each name, none named ut_metadata (ours), no
     * more than one byte of ids holds. A plugin's mistake costs that plugin, not the program.
     */
    static List<WireExtension> usable(List<WireExtension> offered) {
        List<WireExtension> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (WireExtension e : offered) {
            String name = e.name();
            String refusal = name == null || name.isEmpty() ? "it has no name"
                    : name.equals(ExtensionHandshake.UT_METADATA) ? "ut_metadata is the session's own"
                    : !names.add(name) ? "another extension has its name"
                    : FIRST_WIRE_ID + out.size() > 0xFF ? "no extension id is left" : null;
            if (refusal != null) {
                log.warn("wire extension {} ({}) is not used: {}", name, e.getClass().getName(), refusal);
            } else {
                out.add(e);
            }
        }
        return List.copyOf(out);
    }

    /** Starts the session's wire extensions that may serve this torrent. */
    void start(TorrentIdentity torrent, PeerSink sink) {
        List<WireExtension> extensions = session.wireExtensions();
        Map<String, Integer> names = new LinkedHashMap<>();
        for (int i = 0; i < extensions.size(); i++) {
            WireExtension e = extensions.get(i);
            if (torrent.privateTorrent() && !e.allowedOnPrivateTorrents()) {
                continue;
            }
            try {
                WireHandler handler = e.start(torrent, sink);
                running.put(FIRST_WIRE_ID + i, new Running(e.name(), handler));
                names.put(e.name(), FIRST_WIRE_ID + i);
            } catch (MimException | RuntimeException ex) {
                log.warn("{}: wire extension {} did not start: {}", torrent.infoHashHex(), e.name(), ex.getMessage());
            }
        }
        announced = Map.copyOf(names);
    }

    /** Closes every running extension; nothing reaches them afterwards. */
    void stop() {
        for (Running r : List.copyOf(running.values())) {
            closeQuietly(r);
        }
        running.clear();
        views.clear();
    }

    /** A peer is established: greet it with our handshake if it speaks BEP 10, and tell the extensions. */
    void peerJoined(Peer peer) {
        if (peer.extensionProtocol()) {
            peer.send(PeerExtensions.ours(session, peer.address(), metadata.metadataSize().orElse(0), announced));
        }
        Map<Integer, View> mine = new HashMap<>();
        running.forEach((id, r) -> mine.put(id, new View(peer, r)));
        views.put(peer, mine);
        for (View v : mine.values()) {
            call(v.extension, h -> h.peerJoined(v));
        }
    }

    /** Routes an extended message by the id we announced for it. */
    void received(Peer peer, Message.Extended message) {
        try {
            switch (message.id()) {
                case Message.Extended.HANDSHAKE -> peer.extensions.handshake(message);
                case ExtensionHandshake.OUR_UT_METADATA_ID -> metadataMessage(peer, MetadataMessage.decode(message.payload()));
                default -> toExtension(peer, message);
            }
        } catch (ProtocolViolation e) {
            peer.close("sent a bad extension message: " + e.getMessage());
        }
    }

    /** A running extension's message goes to its handler; an id we never announced reaches nobody. */
    private void toExtension(Peer peer, Message.Extended message) {
        Map<Integer, View> mine = views.get(peer);
        View v = mine == null ? null : mine.get(message.id());
        if (v != null) {
            call(v.extension, h -> h.received(v, message.payload()));
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

    void tick() {
        for (Running r : List.copyOf(running.values())) {
            call(r, WireHandler::tick);
        }
    }

    void peerGone(Peer peer) {
        metadata.peerGone(peer);
        Map<Integer, View> mine = views.remove(peer);
        if (mine != null) {
            for (View v : mine.values()) {
                call(v.extension, h -> h.peerLeft(v));
            }
        }
    }

    /** Calls a handler if it still runs; one that throws is closed and dropped. */
    private void call(Running r, Consumer<WireHandler> what) {
        if (!running.containsValue(r)) {
            return;
        }
        try {
            what.accept(r.handler);
        } catch (RuntimeException e) {
            log.warn("wire extension {} failed and is stopped for this torrent: {}", r.name, Reason.of(e));
            running.values().remove(r);
            closeQuietly(r);
        }
    }

    private static void closeQuietly(Running r) {
        try {
            r.handler.close();
        } catch (RuntimeException e) {
            log.warn("wire extension {} failed to close: {}", r.name, Reason.of(e));
        }
    }

    private record Running(String name, WireHandler handler) {}

    /** One peer as one extension sees it. */
    private static final class View implements WirePeer {
        private final Peer peer;
        private final Running extension;

        View(Peer peer, Running extension) {
            this.peer = peer;
            this.extension = extension;
        }

        @Override
        public Optional<InetSocketAddress> listenAddress() {
            if (peer.isOutgoing()) {
                return Optional.ofNullable(peer.address());
            }
            var port = peer.extensions.listenPort();
            return peer.ip() == null || port.isEmpty() ? Optional.empty()
                    : Optional.of(new InetSocketAddress(peer.ip(), port.getAsInt()));
        }

        @Override
        public boolean isSeed() {
            return peer.isSeed();
        }

        @Override
        public boolean isEncrypted() {
            return peer.isEncrypted();
        }

        @Override
        public boolean enabled() {
            return peer.extensions.idOf(extension.name).isPresent();
        }

        @Override
        public void send(byte[] payload) {
            var theirs = peer.extensions.idOf(extension.name);
            if (theirs.isPresent() && peer.isEstablished()) {
                peer.send(new Message.Extended(theirs.getAsInt(), payload));
            }
        }

        @Override
        public void close(String why) {
            peer.close(why);
        }

        @Override
        public String toString() {
            return peer + " (" + extension.name + ")";
        }
    }
}
