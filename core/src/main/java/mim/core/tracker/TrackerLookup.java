package mim.core.tracker;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import mim.core.MimException;
import mim.core.Reason;
import mim.core.spi.AnnounceRequest;
import mim.core.spi.AnnounceResponse;
import mim.core.spi.PeerLookup;
import mim.core.spi.PeerSink;
import mim.core.spi.TorrentEvent;
import mim.core.spi.TorrentIdentity;
import mim.core.spi.TransferStats;

/**
 * Announces one torrent to its trackers, as BEP 12 says: one tracker at a time, in tier order.
 *
 * <p>States: IDLE until {@code STARTED}; RUNNING, where one announce at most is in flight and a timer
 * waits for the next; STOPPING after {@code STOPPED}, when the {@code stopped} announces are out;
 * CLOSED. In RUNNING, a round tries each tracker once, in order, until one answers; that one is
 * promoted in its tier and becomes current, and regular announces go to it alone until it fails,
 * which starts a new round (without it). A round where all fail waits a {@link Backoff} delay, then
 * starts over from the first tier.
 *
 * <p>Thread safety: {@link #event} and {@link #close} may be called from any thread and return at
 * once; everything they do, and every answer and timer, runs as a task of one {@link SerialExecutor}
 * on the shared scheduler, so the fields below are only touched by one task at a time.
 */
final class TrackerLookup implements PeerLookup {
    private enum State { IDLE, RUNNING, STOPPING, CLOSED }

    private final TrackerPeerSource source;
    private final TorrentIdentity torrent;
    private final PeerSink sink;
    private final TierList tiers;
    private final List<String> skipped;
    private final int key;
    private final SerialExecutor serial;

    private State state = State.IDLE;
    private Tracker current;
    private final Set<Tracker> triedThisRound = new HashSet<>();
    private CompletableFuture<AnnounceResponse> inFlight;
    private Tracker inFlightTo;
    private ScheduledFuture<?> timer;
    /** Tells a timer that fires after it was replaced or cancelled that it is stale. */
    private long timerGeneration;
    private int failedRounds;
    private String lastFailure;
    /**
     * While the timer waits for a regular announce: how long it was set for, and how much of that
     * must pass before the tracker may be asked early (its interval less its minimum interval).
     * Null otherwise. Read against the timer's remaining delay, so the scheduler's clock is the only one.
     */
    private Duration regularWait;
    private Duration earliestAfter;

    TrackerLookup(TrackerPeerSource source, TorrentIdentity torrent, PeerSink sink, TierList tiers,
            List<String> skipped, int key) {
        this.source = source;
        this.torrent = torrent;
        this.sink = sink;
        this.tiers = tiers;
        this.skipped = List.copyOf(skipped);
        this.key = key;
        this.serial = new SerialExecutor(source.scheduler);
    }

    @Override
    public void event(TorrentEvent event, TransferStats stats) {
        serial.execute(() -> {
            switch (event) {
                case STARTED -> started();
                case COMPLETED -> completed();
                case STOPPED -> stopped(stats);
            }
        });
    }

    /** Announces to the current tracker now, if it answered at least its minimum interval ago. */
    @Override
    public void morePeers() {
        serial.execute(() -> {
            if (state != State.RUNNING || inFlight != null || regularWait == null || timer == null) {
                return;
            }
            Duration waited = regularWait.minusNanos(timer.getDelay(TimeUnit.NANOSECONDS));
            if (waited.compareTo(earliestAfter) >= 0) {
                cancelTimer();
                regularAnnounce();
            }
        });
    }

    @Override
    public void close() {
        serial.execute(() -> {
            state = State.CLOSED;
            cancelTimer();
            cancelInFlight();
        });
    }

    private void started() {
        if (state != State.IDLE) {
            return;
        }
        state = State.RUNNING;
        if (!skipped.isEmpty()) {
            sink.status(source.name(), "no client for " + String.join(", ", skipped) + ": skipped");
        }
        if (!tiers.isEmpty()) {
            newRound();
        }
    }

    private void completed() {
        if (state != State.RUNNING) {
            return;
        }
        for (Tracker t : tiers.all()) {
            t.completedOwed = t.started;
        }
        // With an announce in flight, its answer sends what is owed.
        if (inFlight == null && current != null && current.completedOwed) {
            cancelTimer();
            triedThisRound.clear();
            announce(current);
        }
    }

    private void stopped(TransferStats stats) {
        if (state == State.IDLE) {
            state = State.STOPPING;
            return;
        }
        if (state != State.RUNNING) {
            return;
        }
        state = State.STOPPING;
        cancelTimer();
        cancelInFlight();
        // Only trackers that answered our started announce are told: one that never answered has
        // not heard of us (or forgets us at its own timeout), and waiting on a dead one would only
        // hold up the exit.
        for (Tracker t : tiers.all()) {
            if (t.started) {
                source.sendStopped(t.client, t.uri, request(t, TorrentEvent.STOPPED, stats, 0));
            }
        }
    }

    private void newRound() {
        triedThisRound.clear();
        announceNext();
    }

    private void announceNext() {
        Tracker next = tiers.first(triedThisRound);
        if (next == null) {
            allFailed();
        } else {
            announce(next);
        }
    }

    private void announce(Tracker t) {
        triedThisRound.add(t);
        TorrentEvent event = t.nextEvent();
        CompletableFuture<AnnounceResponse> answer =
                TrackerPeerSource.announce(t.client, t.uri, request(t, event, sink.stats(), TrackerPeerSource.NUM_WANT));
        inFlight = answer;
        inFlightTo = t;
        answer.whenCompleteAsync((response, failure) -> {
            if (answer != inFlight || state != State.RUNNING) {
                return;
            }
            inFlight = null;
            inFlightTo = null;
            if (failure == null) {
                succeeded(t, event, response);
            } else {
                failed(t, failure);
            }
        }, serial);
    }

    private void succeeded(Tracker t, TorrentEvent event, AnnounceResponse response) {
        t.acknowledged(event, response.trackerId());
        current = t;
        tiers.promote(t);
        failedRounds = 0;
        if (!response.peers().isEmpty()) {
            sink.peers(t.url, response.peers());
        }
        sink.status(source.name(), response.warning() != null ? t.url + " warns: " + response.warning()
                : t.url + ": " + peerCount(response.peers().size()));
        if (t.nextEvent() != null) {
            triedThisRound.clear();
            announce(t);
        } else {
            Duration wait = nextInterval(response);
            Duration min = response.minInterval() == null ? TrackerPeerSource.SHORTEST_INTERVAL : response.minInterval();
            schedule(wait, this::regularAnnounce);
            regularWait = wait;
            earliestAfter = min.compareTo(wait) < 0 ? min : wait;
        }
    }

    private void failed(Tracker t, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        lastFailure = cause instanceof MimException ? cause.getMessage() : t.url + ": " + Reason.of(cause);
        if (t == current) {
            current = null;
        }
        announceNext();
    }

    private void allFailed() {
        failedRounds++;
        Duration wait = Backoff.delay(failedRounds, source.random);
        sink.status(source.name(), "all trackers failed (" + lastFailure + "), retrying in " + Backoff.brief(wait));
        schedule(wait, this::newRound);
    }

    private void regularAnnounce() {
        triedThisRound.clear();
        if (current != null) {
            announce(current);
        } else {
            announceNext();
        }
    }

    /** The tracker's interval, no shorter than its minimum; or the user's, which overrides both. */
    private Duration nextInterval(AnnounceResponse response) {
        Duration wait = source.refreshInterval;
        if (wait == null) {
            wait = response.interval();
            if (response.minInterval() != null && response.minInterval().compareTo(wait) > 0) {
                wait = response.minInterval();
            }
        }
        return wait.compareTo(TrackerPeerSource.SHORTEST_INTERVAL) < 0 ? TrackerPeerSource.SHORTEST_INTERVAL : wait;
    }

    private static String peerCount(int n) {
        return n == 1 ? "1 peer" : n + " peers";
    }

    private AnnounceRequest request(Tracker t, TorrentEvent event, TransferStats stats, int numWant) {
        return new AnnounceRequest(torrent.infoHash(), torrent.peerId(), torrent.listenPort(), stats, event, numWant,
                key, t.trackerId, torrent.listenAddress());
    }

    private void schedule(Duration delay, Runnable task) {
        cancelTimer();
        long generation = timerGeneration;
        timer = source.scheduler.schedule(() -> serial.execute(() -> {
            if (generation == timerGeneration && state == State.RUNNING) {
                timer = null;
                task.run();
            }
        }), delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void cancelTimer() {
        timerGeneration++;
        regularWait = null;
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void cancelInFlight() {
        if (inFlight != null) {
            inFlight.cancel(true);
            inFlight = null;
            inFlightTo = null;
        }
    }
}
