package mim.plugin.pex;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import mim.core.spi.PeerSink;
import mim.core.spi.WireHandler;
import mim.core.spi.WirePeer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Peer exchange for one torrent. Each tick, every peer that enabled ut_pex whose interval is up gets
 * what changed among our other connected peers since its last message ({@link PexState}); each
 * listed with the flags libtorrent gives: seed, and "prefers encryption" for a connection that is
 * encrypted. A peer is listed only where it accepts connections: the address we dialled, or for one
 * that dialled us the port its handshake named; one that named none is not listed. Peers we hear of
 * go to the sink, filtered and capped by the sender's {@link PexState}; the status line counts them.
 *
 * <p>A ut_pex that does not decode costs its sender the connection (as libtorrent does); one that
 * comes too soon after the last is ignored.
 *
 * <p>Not thread safe: called on the torrent's loop only, as {@link WireHandler} promises.
 */
final class PexHandler implements WireHandler {
    /** The name peers found here go under, in logs and statistics. */
    static final String SOURCE = "pex";
    private static final Logger log = LoggerFactory.getLogger(PexHandler.class);

    private final PeerSink sink;
    private final Duration sendInterval;
    private final LongSupplier clock;
    /** Every joined peer, with its exchange state once it enabled ut_pex (null before). */
    private final Map<WirePeer, PexState> peers = new LinkedHashMap<>();
    /** Addresses handed to the sink so far, for the status line. */
    private long heard;
    private boolean closed;

    PexHandler(PeerSink sink, Duration sendInterval, LongSupplier clock) {
        this.sink = sink;
        this.sendInterval = sendInterval;
        this.clock = clock;
    }

    @Override
    public void peerJoined(WirePeer peer) {
        peers.put(peer, null);
    }

    @Override
    public void peerLeft(WirePeer peer) {
        peers.remove(peer);
    }

    @Override
    public void received(WirePeer peer, byte[] payload) {
        PexState state = stateOf(peer);
        if (closed || state == null) {
            return;
        }
        PexMessage message;
        try {
            message = PexMessage.decode(payload);
        } catch (MalformedPex e) {
            peer.close("sent a bad ut_pex message: " + e.getMessage());
            return;
        }
        List<PexMessage.Peer> dial = state.received(message, clock.getAsLong());
        log.debug("ut_pex from {}: {} added, {} dropped, {} to dial", peer, message.added(), message.dropped(),
                dial.size());
        if (!dial.isEmpty()) {
            List<InetSocketAddress> addresses = new ArrayList<>(dial.size());
            dial.forEach(p -> addresses.add(p.address()));
            sink.peers(SOURCE, addresses);
            heard += addresses.size();
            sink.status(SOURCE, heard + (heard == 1 ? " peer" : " peers") + " heard of");
        }
    }

    @Override
    public void tick() {
        if (closed) {
            return;
        }
        List<PexMessage.Peer> connected = new ArrayList<>();
        for (WirePeer p : peers.keySet()) {
            p.listenAddress().ifPresent(a -> connected.add(new PexMessage.Peer(a, flags(p))));
        }
        long now = clock.getAsLong();
        for (WirePeer p : List.copyOf(peers.keySet())) {
            PexState state = p.enabled() ? stateOf(p) : null;
            if (state != null) {
                Optional<PexMessage> message = state.toSend(connected, now);
                message.ifPresent(m -> p.send(m.encode()));
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        peers.clear();
    }

    /** The peer's exchange state, made the first time it is needed; null for a peer that is not ours. */
    private PexState stateOf(WirePeer peer) {
        if (!peers.containsKey(peer)) {
            return null;
        }
        return peers.computeIfAbsent(peer, p -> new PexState(p.listenAddress().orElse(null), sendInterval));
    }

    private static int flags(WirePeer p) {
        return (p.isSeed() ? PexMessage.SEED : 0) | (p.isEncrypted() ? PexMessage.PREFERS_ENCRYPTION : 0);
    }
}
