package mim.interop;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * A libtorrent DHT node on a loopback address of its own ({@code lt_peer.py dht}): the whole DHT of
 * a test. Others bootstrap from it ({@link Libtorrent#dhtNode}, {@link Mim#dht}) and announce to it,
 * so a lookup finds every peer that announced without a packet leaving loopback.
 *
 * <p>The node logs every announce it receives, which is how {@link #awaitAnnounced} knows that a
 * seeder can be found. Started by {@link Swarm#dhtRouter()}, stopped with the swarm. Safe for use
 * from any thread.
 */
public final class DhtRouter {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final InetSocketAddress address;
    private final ManagedProcess process;

    private DhtRouter(InetSocketAddress address, ManagedProcess process) {
        this.address = address;
        this.process = process;
    }

    static DhtRouter start(Swarm swarm) {
        InetAddress ip = swarm.newAddress();
        int port = Swarm.freePort(ip);
        String host = ip.getHostAddress();
        ManagedProcess process = swarm.start("dht-router", List.of(Libtorrent.PYTHON, swarm.peerScript().toString(),
                "dht", "--ip", host, "--port", Integer.toString(port)), swarm.newDir("dht-router"), List.of());
        process.awaitLine("LISTENING", line -> line.startsWith("LISTENING "), START_TIMEOUT);
        return new DhtRouter(new InetSocketAddress(ip, port), process);
    }

    /** Where the node answers, UDP. */
    public InetSocketAddress address() {
        return address;
    }

    /** {@code ip:port}, as {@code --dht-node} and {@code mim.dht.bootstrap} want it. */
    public String hostPort() {
        return address.getAddress().getHostAddress() + ":" + address.getPort();
    }

    /**
     * Waits until {@code peer} has announced itself for {@code torrent}'s v1 info-hash: from then
     * on, a lookup of that info-hash through this node finds it.
     *
     * @throws AssertionError if it has not within {@code timeout}, with the node's log
     */
    public void awaitAnnounced(Torrent torrent, Peer peer, Duration timeout) {
        String line = "incoming dht announce: " + peer.hostPort() + " (" + torrent.infoHash() + ")";
        Await.until(this + " hearing " + peer + " announce " + torrent.infoHash(), timeout,
                () -> process.logContains(line), process, peer.process());
    }

    @Override
    public String toString() {
        return "dht router " + hostPort();
    }
}
