package mim.core.spi;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * What a {@link PeerSource} needs to know of a torrent, and of us, to find peers for it. Immutable:
 * the byte arrays are copied in and out.
 *
 * @param infoHash the v1 info-hash, 20 bytes (for a v2-only torrent, its truncated v2 hash, as BEP 52
 *     says trackers and the DHT use)
 * @param trackerTiers the announce URLs in tiers (BEP 12), in the torrent's order; may be empty
 * @param privateTorrent the torrent is private (BEP 27): only trackers may be used
 * @param listenPort the port on which we accept peers, 1 to 65535
 * @param peerId our peer id for this torrent, 20 bytes
 * @param listenAddress the one local address we accept peers on, or {@code null} when we listen on
 *     every address. A source that tells others where we are (a tracker, which takes an announce's
 *     source address for ours) sends from it; see {@link AnnounceRequest#localAddress()}.
 * @param dhtNodes the DHT nodes the torrent names (BEP 5 {@code nodes}), in its order; host names are
 *     left unresolved ({@link InetSocketAddress#isUnresolved()}), for the DHT to look up off the
 *     session's threads; may be empty
 */
public record TorrentIdentity(
        byte[] infoHash, List<List<String>> trackerTiers, boolean privateTorrent, int listenPort, byte[] peerId,
        InetAddress listenAddress, List<InetSocketAddress> dhtNodes) {

    public TorrentIdentity {
        if (infoHash.length != 20 || peerId.length != 20) {
            throw new IllegalArgumentException("info-hash and peer id must be 20 bytes");
        }
        if (listenPort < 1 || listenPort > 65535) {
            throw new IllegalArgumentException("listen port " + listenPort + " out of range");
        }
        if (listenAddress != null && listenAddress.isAnyLocalAddress()) {
            listenAddress = null;
        }
        infoHash = infoHash.clone();
        peerId = peerId.clone();
        trackerTiers = trackerTiers.stream().map(List::copyOf).toList();
        dhtNodes = List.copyOf(dhtNodes);
    }

    /** A torrent that names no DHT node, of a client that listens on every address. */
    public TorrentIdentity(byte[] infoHash, List<List<String>> trackerTiers, boolean privateTorrent, int listenPort,
            byte[] peerId) {
        this(infoHash, trackerTiers, privateTorrent, listenPort, peerId, null, List.of());
    }

    @Override
    public byte[] infoHash() {
        return infoHash.clone();
    }

    @Override
    public byte[] peerId() {
        return peerId.clone();
    }

    /** The info-hash in lower-case hex, for messages and file names. */
    public String infoHashHex() {
        return HexFormat.of().formatHex(infoHash);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TorrentIdentity t && Arrays.equals(infoHash, t.infoHash)
                && trackerTiers.equals(t.trackerTiers) && privateTorrent == t.privateTorrent
                && listenPort == t.listenPort && Arrays.equals(peerId, t.peerId)
                && java.util.Objects.equals(listenAddress, t.listenAddress) && dhtNodes.equals(t.dhtNodes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(infoHash);
    }

    @Override
    public String toString() {
        return "TorrentIdentity[" + infoHashHex() + ", " + trackerTiers + (privateTorrent ? ", private" : "")
                + ", " + (listenAddress == null ? "port " : listenAddress.getHostAddress() + ":") + listenPort + "]";
    }
}
