package mim.plugin.dht;

import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import mim.core.MimException;
import mim.core.spi.DhtInfo;
import mim.core.spi.PeerLookup;
import mim.core.spi.PeerSink;
import mim.core.spi.PeerSource;
import mim.core.spi.TorrentEvent;
import mim.core.spi.TorrentIdentity;
import mim.core.spi.TransferStats;
import org.pf4j.Extension;

/**
 * Peers from the mainline DHT (BEP 5). Not a tracker, so private torrents never use it.
 *
 * <p>One DHT node serves every torrent of the process: this extension owns it, starts it on the
 * first torrent that starts (on the UDP port the configuration names, else that torrent's listen
 * port; on that torrent's listen address when it names one) and closes it in {@link #close}, which
 * also saves the routing table: the application must close it at exit.
 *
 * <p>It is also the node's {@link DhtInfo}, for user interfaces: the figures and table of the node
 * once it started.
 *
 * <p>Thread safety: safe for concurrent use. Ownership: each lookup belongs to its caller; the node
 * to this extension.
 */
@Extension
public final class DhtPeerSource implements PeerSource, DhtInfo, AutoCloseable {
    private final DhtConfig config;
    private final MimException configProblem;
    // Guarded by this.
    private DhtNode node;
    private boolean closed;

    /** With the configuration of the {@code mim.dht.*} system properties (see {@link DhtConfig}). */
    public DhtPeerSource() {
        DhtConfig read = null;
        MimException problem = null;
        try {
            read = DhtConfig.fromSystemProperties();
        } catch (MimException e) {
            problem = e;
        }
        this.config = read;
        this.configProblem = problem;
    }

    public DhtPeerSource(DhtConfig config) {
        this.config = config;
        this.configProblem = null;
    }

    @Override
    public String name() {
        return "dht";
    }

    @Override
    public boolean isTracker() {
        return false;
    }

    /** @throws MimException if the {@code mim.dht.*} settings are unusable */
    @Override
    public PeerLookup start(TorrentIdentity torrent, PeerSink sink) throws MimException {
        if (configProblem != null) {
            throw configProblem;
        }
        if (!config.enabled()) {
            return new PeerLookup() {
                @Override
                public void event(TorrentEvent event, TransferStats stats) {}

                @Override
                public void close() {}
            };
        }
        return new TorrentLookup(this, torrent, sink);
    }

    @Override
    public boolean enabled() {
        return config != null && config.enabled();
    }

    @Override
    public CompletableFuture<Stats> stats() {
        DhtNode running = running();
        return running == null ? CompletableFuture.completedFuture(DhtNode.NOT_RUNNING) : running.stats();
    }

    @Override
    public CompletableFuture<List<Bucket>> table() {
        DhtNode running = running();
        return running == null ? CompletableFuture.completedFuture(List.of()) : running.table();
    }

    private synchronized DhtNode running() {
        return closed ? null : node;
    }

    /** What the node has done so far; all zero before it starts. */
    public synchronized DhtCounters counters() {
        return node == null ? new DhtCounters() : node.counters();
    }

    /**
     * The node, started now if it is not running: on the configured port, else {@code listenPort};
     * on the configured address, else {@code listenHost} when it is not null.
     */
    synchronized DhtNode node(InetAddress listenHost, int listenPort) {
        if (node == null) {
            node = new DhtNode(config);
            if (closed) {
                node.close();
            } else {
                node.start(listenHost, listenPort);
            }
        }
        return node;
    }

    /** Saves the routing table and closes the node's socket and threads. */
    @Override
    public void close() {
        DhtNode running;
        synchronized (this) {
            closed = true;
            running = node;
        }
        if (running != null) {
            running.close();
        }
    }
}
