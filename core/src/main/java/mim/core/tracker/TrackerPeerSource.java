package mim.core.tracker;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import mim.core.spi.AnnounceRequest;
import mim.core.spi.AnnounceResponse;
import mim.core.spi.PeerLookup;
import mim.core.spi.PeerSink;
import mim.core.spi.PeerSource;
import mim.core.spi.TorrentIdentity;
import mim.core.spi.TrackerClient;

/**
 * The peer source that asks a torrent's own trackers, over whichever {@link TrackerClient}s the
 * plugins provide: tiers and failover (BEP 12), events, intervals and backoff live here, once for
 * every protocol. A tracker URL whose scheme no client supports (or that is not a URL) is skipped,
 * and the lookup says so once in its status when it starts.
 *
 * <p>Timing: the next regular announce waits for the tracker's {@code interval}, or its
 * {@code min interval} if that is longer; a refresh interval given here (the command line's
 * {@code --tracker-refresh-interval}) replaces both, since the user asked for it. Every timer runs on
 * the one scheduler given here: a torrent costs no thread.
 *
 * <p>Thread safety: safe for concurrent use; {@link #start} does no I/O. Ownership: the caller owns
 * the scheduler and the clients, and closes them after the lookups; closing a client before a
 * {@code stopped} announce went out loses it, so a session shutting down first waits (boundedly) on
 * {@link #pendingStops()}.
 */
public final class TrackerPeerSource implements PeerSource {
    /** How many peers an announce asks for. */
    static final int NUM_WANT = 50;
    /** How long a {@code stopped} announce may take before it is abandoned. */
    static final Duration STOP_WAIT = Duration.ofSeconds(5);
    /** No tracker or user can make us announce more often than this. */
    static final Duration SHORTEST_INTERVAL = Duration.ofSeconds(1);

    final ScheduledExecutorService scheduler;
    final Duration refreshInterval;
    final Random random;
    private final List<TrackerClient> clients;
    private final Set<CompletableFuture<AnnounceResponse>> stops = ConcurrentHashMap.newKeySet();

    /**
     * @param clients the tracker clients the plugin host found, asked in this order which supports a URL
     * @param scheduler the process's scheduler, on which every timer and answer of every lookup runs
     * @param refreshInterval announce at this interval instead of the tracker's, or null
     */
    public TrackerPeerSource(List<TrackerClient> clients, ScheduledExecutorService scheduler, Duration refreshInterval) {
        this(clients, scheduler, refreshInterval, new Random());
    }

    /** With a given source of randomness (tier shuffles, keys, backoff jitter): for tests. */
    TrackerPeerSource(List<TrackerClient> clients, ScheduledExecutorService scheduler, Duration refreshInterval,
            Random random) {
        if (refreshInterval != null && (refreshInterval.isNegative() || refreshInterval.isZero())) {
            throw new IllegalArgumentException("tracker refresh interval must be positive");
        }
        this.clients = List.copyOf(clients);
        this.scheduler = scheduler;
        this.refreshInterval = refreshInterval;
        this.random = random;
    }

    @Override
    public String name() {
        return "tracker";
    }

    @Override
    public boolean isTracker() {
        return true;
    }

    @Override
    public PeerLookup start(TorrentIdentity torrent, PeerSink sink) {
        List<List<Tracker>> tiers = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (List<String> tier : torrent.trackerTiers()) {
            List<Tracker> trackers = new ArrayList<>();
            for (String url : tier) {
                if (!seen.add(url)) {
                    continue;
                }
                URI uri = parse(url);
                TrackerClient client = uri == null ? null : clientFor(uri);
                if (client == null) {
                    skipped.add(url);
                } else {
                    trackers.add(new Tracker(url, uri, client));
                }
            }
            tiers.add(trackers);
        }
        return new TrackerLookup(this, torrent, sink, new TierList(tiers, random), skipped, random.nextInt());
    }

    /**
     * Completes when every {@code stopped} announce sent so far has been answered or abandoned (each
     * within {@link #STOP_WAIT}); never completes exceptionally.
     */
    public CompletableFuture<Void> pendingStops() {
        return CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new)).handle((ok, e) -> null);
    }

    /** Sends a {@code stopped} announce, best effort: nobody waits for it but {@link #pendingStops()}. */
    void sendStopped(TrackerClient client, URI tracker, AnnounceRequest request) {
        CompletableFuture<AnnounceResponse> answer = announce(client, tracker, request);
        stops.add(answer);
        ScheduledFuture<?> deadline = scheduler.schedule(() -> answer.cancel(true), STOP_WAIT.toNanos(), TimeUnit.NANOSECONDS);
        answer.whenComplete((r, e) -> {
            stops.remove(answer);
            deadline.cancel(false);
        });
    }

    /** The client's answer; a client that throws instead of failing the future counts as failing. */
    static CompletableFuture<AnnounceResponse> announce(TrackerClient client, URI tracker, AnnounceRequest request) {
        try {
            return client.announce(tracker, request);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private TrackerClient clientFor(URI uri) {
        for (TrackerClient c : clients) {
            if (c.supports(uri)) {
                return c;
            }
        }
        return null;
    }

    private static URI parse(String url) {
        try {
            URI uri = new URI(url);
            return uri.getScheme() == null || uri.getHost() == null ? null : uri;
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
