package mim.core.spi;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * What an announce tells a tracker (BEP 3, BEP 15). Immutable: byte arrays are copied in and out.
 *
 * @param infoHash 20 bytes
 * @param peerId our peer id, 20 bytes
 * @param port the port we accept peers on
 * @param stats bytes uploaded, downloaded and left
 * @param event {@code null} for a regular announce, else the event it reports
 * @param numWant how many peers we would like
 * @param key a number that stays the same for this torrent while we run, so a tracker knows us when
 *     our address changes
 * @param trackerId the {@code tracker id} this tracker gave us earlier, or {@code null}
 * @param localAddress the address we accept peers on, from which the announce must be sent; or
 *     {@code null} when we listen on every address and the system may pick the source. Trackers
 *     record an announce's source address as the peer's, so a client listening on one address of
 *     several must announce from it (a UDP or TCP socket bound to it), or others dial the wrong one.
 */
public record AnnounceRequest(
        byte[] infoHash, byte[] peerId, int port, TransferStats stats, TorrentEvent event, int numWant, int key,
        String trackerId, InetAddress localAddress) {

    public AnnounceRequest {
        if (infoHash.length != 20 || peerId.length != 20) {
            throw new IllegalArgumentException("info-hash and peer id must be 20 bytes");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " out of range");
        }
        if (localAddress != null && localAddress.isAnyLocalAddress()) {
            localAddress = null; // the wildcard binds nothing: the system picks, as without one
        }
        infoHash = infoHash.clone();
        peerId = peerId.clone();
    }

    /** A request sent from whatever source address the system picks. */
    public AnnounceRequest(byte[] infoHash, byte[] peerId, int port, TransferStats stats, TorrentEvent event,
            int numWant, int key, String trackerId) {
        this(infoHash, peerId, port, stats, event, numWant, key, trackerId, null);
    }

    @Override
    public byte[] infoHash() {
        return infoHash.clone();
    }

    @Override
    public byte[] peerId() {
        return peerId.clone();
    }

    /**
     * Why an announce sent from {@code local} cannot reach {@code tracker}, or empty when it can: a
     * socket bound to an address of one family (IPv4, IPv6) sends to that family only. For the
     * tracker clients' failures, so that a user who named one address sees why a tracker fails.
     */
    public static Optional<String> unreachable(InetAddress local, InetAddress tracker) {
        if (local == null || tracker == null || local.getClass() == tracker.getClass()) {
            return Optional.empty();
        }
        return Optional.of("cannot reach " + tracker.getHostAddress() + " from " + local.getHostAddress()
                + ", the one address announces are sent from (--listen-addr): "
                + (local instanceof Inet4Address ? "IPv4" : "IPv6") + " only");
    }

    /** The same request, reporting another tracker id. */
    public AnnounceRequest withTrackerId(String id) {
        return new AnnounceRequest(infoHash, peerId, port, stats, event, numWant, key, id, localAddress);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AnnounceRequest r && Arrays.equals(infoHash, r.infoHash)
                && Arrays.equals(peerId, r.peerId) && port == r.port && stats.equals(r.stats)
                && event == r.event && numWant == r.numWant && key == r.key
                && Objects.equals(trackerId, r.trackerId) && Objects.equals(localAddress, r.localAddress);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(infoHash) * 31 + port;
    }
}
