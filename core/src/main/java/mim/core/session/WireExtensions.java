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
import mim.core.spi.PeerSink;
import mim.core.spi.TorrentIdentity;
import mim.core.spi.WireExtension;
import mim.core.spi.WireHandler;
import mim.core.spi.WirePeer;
import mim.core.wire.ExtensionHandshake;
import mim.core.wire.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The session's {@link WireExtension}s (peer exchange) at work for one info-hash: a torrent's
 * ({@link TorrentExtensions}) or a magnet link's metadata fetch's ({@link MetadataFetch}). Both run
 * them alike; what differs between the two is only their part in ut_metadata, which they keep.
 *
 * <p>Ids: ut_metadata is ours under {@link ExtensionHandshake#OUR_UT_METADATA_ID} (1); the session's
 * wire extensions follow from {@link #FIRST_WIRE_ID} in the session's order, so peer exchange, the one
 * bundled, is 2. Only peers use these numbers, to address what they send us; a private torrent leaves
 * out the extensions that may not run on it, whose ids then go unannounced and whatever arrives under
 * them is ignored. A magnet link is never private: a fetch runs every extension.
 *
 * <p>Lifecycle: {@link #start} when the owner starts finding peers, then every established peer
 * joins and leaves, their messages and a tick a second pass through, until {@link #stop}. A handler
 * that throws is closed and left out from then on; its owner goes on. A fetch that hands over to
 * its torrent stops its handlers, and the torrent starts its own.
 *
 * <p>Not thread safe: owned by the owner's event loop, like its peers.
 */
final class WireExtensions {
    private static final Logger log = LoggerFactory.getLogger(WireExtensions.class);
    /** The id of the session's first wire extension; ut_metadata has the one before. */
    static final int FIRST_WIRE_ID = ExtensionHandshake.OUR_UT_METADATA_ID + 1;

    private final Session session;
    /** The running extensions by the id we announce them under. */
    private final Map<Integer, Running> running = new LinkedHashMap<>();
    /** Each established peer's view for each running extension, by that extension's id. */
    private final Map<ExtensionPeer, Map<Integer, View>> views = new HashMap<>();
    private Map<String, Integer> announced = Map.of();
    private String owner = "";

    WireExtensions(Session session) {
        this.session = session;
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

    /** Starts the session's wire extensions that may serve {@code torrent}; peers they learn go to {@code sink}. */
    void start(TorrentIdentity torrent, PeerSink sink) {
        owner = torrent.infoHashHex();
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
                log.warn("{}: wire extension {} did not start: {}", owner, e.name(), ex.getMessage());
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

    /**
     * Our extension handshake for {@code peer}: ut_metadata and the extensions started, with the
     * info dictionary's size when we have it ({@code metadataSize} > 0), our listen port, how many
     * requests we queue, our client name and the peer's address as we see it.
     */
    Message.Extended handshake(ExtensionPeer peer, long metadataSize) {
        return PeerExtensions.ours(session, peer.address(), metadataSize, announced);
    }

    /** Whether the peer enabled an extension that still runs here: it may yet send us something of use. */
    boolean enabledBy(ExtensionPeer peer) {
        for (Running r : running.values()) {
            if (peer.extensions().idOf(r.name).isPresent()) {
                return true;
            }
        }
        return false;
    }

    /** A peer is established: the extensions hear of it, whether or not it speaks them. */
    void peerJoined(ExtensionPeer peer) {
        Map<Integer, View> mine = new HashMap<>();
        running.forEach((id, r) -> mine.put(id, new View(peer, r)));
        views.put(peer, mine);
        for (View v : mine.values()) {
            call(v.extension, h -> h.peerJoined(v));
        }
    }

    /** A message under one of the wire extensions' ids goes to its handler; an id we never announced reaches nobody. */
    void received(ExtensionPeer peer, Message.Extended message) {
        Map<Integer, View> mine = views.get(peer);
        View v = mine == null ? null : mine.get(message.id());
        if (v != null) {
            call(v.extension, h -> h.received(v, message.payload()));
        }
    }

    void tick() {
        for (Running r : List.copyOf(running.values())) {
            call(r, WireHandler::tick);
        }
    }

    void peerGone(ExtensionPeer peer) {
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
            log.warn("{}: wire extension {} failed and is stopped here: {}", owner, r.name, Reason.of(e));
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
        private final ExtensionPeer peer;
        private final Running extension;

        View(ExtensionPeer peer, Running extension) {
            this.peer = peer;
            this.extension = extension;
        }

        @Override
        public Optional<InetSocketAddress> listenAddress() {
            return peer.listenAddress();
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
            return peer.extensions().idOf(extension.name).isPresent();
        }

        @Override
        public void send(byte[] payload) {
            var theirs = peer.extensions().idOf(extension.name);
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
