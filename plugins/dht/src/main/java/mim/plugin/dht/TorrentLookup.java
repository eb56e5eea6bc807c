package mim.plugin.dht;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import mim.core.Reason;
import mim.core.spi.PeerLookup;
import mim.core.spi.PeerSink;
import mim.core.spi.TorrentEvent;
import mim.core.spi.TorrentIdentity;
import mim.core.spi.TransferStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DHT looking for one torrent's peers: on {@link TorrentEvent#STARTED} it pings the DHT nodes
 * the torrent names, then runs a get_peers
 * lookup, hands the peers to the sink as they come, announces our listen port to the closest nodes,
 * and does it all again every 15 to 20 minutes (BEP 5 announces expire; the jitter keeps many
 * torrents from announcing in step) until stopped or closed.
 *
 * <p>States: idle → (STARTED) running → (STOPPED or close) closed. Thread safety: the session calls
 * in one at a time; rounds run on the node's loop. {@code closed} is volatile so that a round in
 * flight stops delivering as soon as the torrent closes.
 */
final class TorrentLookup implements PeerLookup {
    private static final Logger LOG = LoggerFactory.getLogger(TorrentLookup.class);
    static final long REANNOUNCE_MINUTES = 15;
    private static final long JITTER_SECONDS = 300;
    /** The shortest time between the end of one lookup and the start of another asked for early. */
    private static final long EARLY_ROUND_GAP_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final DhtPeerSource source;
    private final TorrentIdentity torrent;
    private final PeerSink sink;
    private final Random random = new Random();
    private volatile boolean closed;
    private DhtNode node;
    // Written on the node's loop (by a round) and read by close: the lock keeps them in step.
    private ScheduledFuture<?> next;
    private long roundEnded;

    TorrentLookup(DhtPeerSource source, TorrentIdentity torrent, PeerSink sink) {
        this.source = source;
        this.torrent = torrent;
        this.sink = sink;
    }

    @Override
    public void event(TorrentEvent event, TransferStats stats) {
        if (event == TorrentEvent.STARTED && node == null && !closed) {
            node = source.node(torrent.listenAddress(), torrent.listenPort());
            // The torrent's own nodes join the table before the first lookup, which may need them; the
            // lookup starts once the routers answered, not after the whole bootstrap.
            node.seeded().thenCompose(ok -> node.addNodes(torrent.dhtNodes())).whenComplete((ok, failure) -> {
                if (closed) {
                    return; // The node closing with the session is no news.
                }
                if (failure != null) {
                    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                            ? failure.getCause() : failure;
                    sink.status(source.name(), "dht unavailable: " + Reason.of(cause));
                } else {
                    round();
                }
            });
        } else if (event == TorrentEvent.STOPPED) {
            close();
        }
    }

    private void round() {
        if (closed) {
            return;
        }
        NodeId infoHash = NodeId.of(torrent.infoHash());
        int[] found = {0};
        node.getPeers(infoHash, torrent.listenPort(), peers -> deliver(peers, found)).whenComplete((announced, e) -> {
            if (closed) {
                return;
            }
            if (e != null) {
                LOG.debug("dht lookup of {} failed: {}", torrent.infoHashHex(), e.toString());
            } else {
                sink.status(source.name(), found[0] + " peers, announced to " + announced + " nodes");
            }
            long delay = TimeUnit.MINUTES.toSeconds(REANNOUNCE_MINUTES) + random.nextInt((int) JITTER_SECONDS);
            synchronized (this) {
                roundEnded = System.nanoTime();
                if (!closed) {
                    next = node.schedule(this::round, delay, TimeUnit.SECONDS);
                }
            }
        });
    }

    private void deliver(List<InetSocketAddress> peers, int[] found) {
        if (!closed) {
            found[0] += peers.size();
            sink.peers(source.name(), peers);
        }
    }

    /** Runs the next round now rather than in a quarter of an hour, unless one ran within the last minute. */
    @Override
    public void morePeers() {
        synchronized (this) {
            // No round has ended yet, or one is under way (its timer fired): nothing to bring forward.
            if (closed || next == null || next.isDone() || System.nanoTime() - roundEnded < EARLY_ROUND_GAP_NANOS) {
                return;
            }
            if (next.cancel(false)) {
                next = node.schedule(this::round, 0, TimeUnit.SECONDS);
            }
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            if (next != null) {
                next.cancel(false);
            }
        }
    }
}
