package mim.core.session;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Drives a torrent's {@link Choker}: every 10 seconds from the torrent's timer, and at once when a
 * peer joins or becomes interested while a regular slot is free, so a new leecher need not wait for
 * the next round (rtorrent, for one, says it is interested only once unchoked, so it would wait the
 * whole round for a spare slot). Sends the resulting choke and unchoke messages through the peers.
 *
 * <p>Not thread safe: owned by the torrent's event loop.
 */
final class UploadSlots {
    private final Choker<Peer> choker;

    UploadSlots(RandomGenerator random) {
        this.choker = new Choker<>(random);
    }

    void rechoke(Collection<Peer> peers, boolean seeding) {
        long now = System.nanoTime();
        List<Choker.PeerView<Peer>> views = new ArrayList<>(peers.size());
        for (Peer p : peers) {
            views.add(new Choker.PeerView<>(p, p.peerInterested, p.requests.rate(now), p.uploadRate.rate(now),
                    p.requests.isSnubbed(), p.connectedAtNanos()));
        }
        Choker.Decisions<Peer> d = choker.rechoke(views, seeding, now);
        d.choke().forEach(Peer::choke);
        d.unchoke().forEach(Peer::unchoke);
    }

    void interestChanged(Peer peer, Collection<Peer> peers, boolean seeding) {
        if (!peer.peerInterested || choker.isUnchoked(peer)) {
            return;
        }
        int unchoked = 0;
        for (Peer p : peers) {
            // Spare slots held by uninterested peers are free for this one.
            unchoked += !p.amChoking && p.peerInterested ? 1 : 0;
        }
        if (unchoked < Choker.DEFAULT_SLOTS) {
            rechoke(peers, seeding);
        }
    }

    /** A peer finished its handshake: unchoked now if a regular slot is spare. */
    void peerJoined(Collection<Peer> peers, boolean seeding) {
        int unchoked = 0;
        for (Peer p : peers) {
            unchoked += p.amChoking ? 0 : 1;
        }
        if (unchoked < Choker.DEFAULT_SLOTS) {
            rechoke(peers, seeding);
        }
    }

    void peerGone(Peer peer) {
        choker.peerGone(peer);
    }
}
