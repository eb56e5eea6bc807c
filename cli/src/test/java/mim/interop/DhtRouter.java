package mim.interop;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * A libtorrent DHT node on a loopback address of its own ({@code lt_peer.py dht}), which others
 * bootstrap from: a stand-in for the public routers, so that a test's DHT never leaves loopback. It
 * knows no node until one contacts it, and stores the announces it receives, logging each (a
 * {@code dht_announce_alert} naming the info-hash), which is how a test knows that a peer can be
 * found. Started by {@link Swarm#dhtRouter()}, stopped with the swarm. Safe for use from any thread.
 */
public final class DhtRouter {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

    private final InetSocketAddress address;
    private final ManagedProcess process;

    private DhtRouter(InetSocketAddress address, ManagedProcess process) {
        this.address = address;
        this.process = process;
    }

    static DhtRouter start(Swarm swarm) {
        InetAddress ip = swarm.newAddress();
        InetSocketAddress address = new InetSocketAddress(ip, Swarm.freePort(ip));
        ManagedProcess process = swarm.start("dht-router", List.of(Libtorrent.PYTHON, swarm.peerScript().toString(),
                "dht", "--ip", ip.getHostAddress(), "--port", Integer.toString(address.getPort())),
                swarm.newDir("dht-router"), List.of());
        Await.until("the DHT router listening on " + hostPort(address), START_TIMEOUT,
                () -> process.logContains("LISTENING "), process);
        return new DhtRouter(address, process);
    }

    /** Where its UDP socket is: what {@code --dht-bootstrap} and {@code --dht-node} name. */
    public InetSocketAddress address() {
        return address;
    }

    /** {@code a.b.c.d:port}. */
    public String hostPort() {
        return hostPort(address);
    }

    /** Waits until some peer announced {@code torrent} to this node: from then on a get_peers finds it. */
    public void awaitAnnounced(Torrent torrent, Duration timeout) {
        Await.until("an announce of " + torrent.infoHash() + " to the DHT router", timeout,
                () -> process.output().lines().anyMatch(l -> l.startsWith("dht_announce_alert")
                        && l.toLowerCase(java.util.Locale.ROOT).contains(torrent.infoHash())), process);
    }

    private static String hostPort(InetSocketAddress a) {
        return a.getAddress().getHostAddress() + ":" + a.getPort();
    }

    @Override
    public String toString() {
        return "DHT router at " + hostPort();
    }
}
