package mim.core.session;

import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import mim.core.spi.SessionEvent;
import mim.core.spi.SessionStats;
import mim.core.spi.Subscription;
import mim.core.spi.TorrentStats;
import mim.core.spi.TorrentSummary;

/**
 * Publishes the events of {@link ManagedTorrents} to their subscribers: a torrent added, removed or
 * completed as it happens; a change of state when the torrents report a change and at each tick;
 * and, about once a second while anyone subscribes, the stats of the session and of the torrents whose
 * stats moved. The engine only posts a task to the hub's own thread (with, for a change, the states
 * it read), which compares and publishes; publishing only appends to each subscriber's bounded queue
 * ({@link Subscription}). So neither the engine nor the hub ever waits for a subscriber, and with
 * none the hub costs nothing (no tick runs, no state is read or compared, nothing is posted).
 *
 * <p>Thread safety: the methods may be called from any thread; everything past the subscriber list
 * is confined to the hub's thread, which gives the events their order and numbers.
 */
final class EventHub implements AutoCloseable {
    static final Duration TICK = Duration.ofSeconds(1);

    private final Supplier<Collection<ManagedTorrent>> torrents;
    private final Supplier<SessionStats> sessionStats;
    private final List<Subscription<SessionEvent>> subscribers = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(
            new DefaultThreadFactory("mim-events", true));
    // ---- confined to the hub's thread
    private long seq;
    /** Each torrent's state as last published, while anyone subscribes. */
    private final Map<Integer, String> states = new HashMap<>();
    /** Each torrent's stats as last published, while anyone subscribes. */
    private final Map<Integer, TorrentStats> stats = new HashMap<>();
    private ScheduledFuture<?> tick;

    EventHub(Supplier<Collection<ManagedTorrent>> torrents, Supplier<SessionStats> sessionStats) {
        this.torrents = torrents;
        this.sessionStats = sessionStats;
    }

    /** A new subscriber; from now on it receives every event. A closed hub gives a closed subscription. */
    Subscription<SessionEvent> subscribe(int capacity) {
        Subscription<SessionEvent> s = Subscription.ofEvents(capacity, closed -> post(this::unsubscribed));
        subscribers.add(s);
        if (!post(this::subscribed)) {
            s.close();
        }
        return s;
    }

    void added(ManagedTorrent t) {
        whenSubscribed(() -> {
            TorrentSummary s = t.summary();
            states.put(t.id(), s.state());
            publish(new SessionEvent.TorrentAdded(++seq, s));
        });
    }

    /**
     * Something of the torrents changed: publishes the changes of state it made. The states are read
     * here, on the caller's thread, so that a change undone at once (a pause right after a start) is
     * seen too.
     */
    void changed() {
        if (subscribers.isEmpty()) {
            return;
        }
        Map<ManagedTorrent, String> now = new LinkedHashMap<>();
        torrents.get().forEach(t -> now.put(t, t.summary().state()));
        whenSubscribed(() -> now.forEach(this::observe));
    }

    /** {@code t} completed: its change of state (to seeding, usually), then the completion. */
    void completed(ManagedTorrent t) {
        whenSubscribed(() -> {
            observe(t);
            publish(new SessionEvent.TorrentCompleted(++seq, t.summary()));
        });
    }

    void removed(ManagedTorrent t) {
        whenSubscribed(() -> {
            observe(t);
            states.remove(t.id());
            stats.remove(t.id());
            publish(new SessionEvent.TorrentRemoved(++seq, t.id(), t.infoHashHex()));
        });
    }

    /** Stops the tick and closes every subscription. */
    @Override
    public void close() {
        thread.shutdownNow();
        subscribers.forEach(Subscription::close);
    }

    // ---- on the hub's thread

    private void subscribed() {
        if (tick == null) {
            states.clear();
            stats.clear();
            torrents.get().forEach(t -> states.put(t.id(), t.summary().state()));
            tick = thread.scheduleWithFixedDelay(this::tick, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void unsubscribed() {
        subscribers.removeIf(Subscription::isClosed);
        if (subscribers.isEmpty() && tick != null) {
            tick.cancel(false);
            tick = null;
            states.clear();
            stats.clear();
        }
    }

    private void tick() {
        if (subscribers.isEmpty()) {
            return;
        }
        Map<Integer, TorrentStats> moved = new HashMap<>();
        for (ManagedTorrent t : torrents.get()) {
            observe(t);
            TorrentStats now = t.stats();
            if (!now.equals(stats.put(t.id(), now))) {
                moved.put(t.id(), now);
            }
        }
        publish(new SessionEvent.Stats(++seq, sessionStats.get(), moved));
    }

    /** Publishes {@code t}'s change of state since it was last seen, if any. */
    private void observe(ManagedTorrent t) {
        observe(t, t.summary().state());
    }

    private void observe(ManagedTorrent t, String now) {
        String before = states.put(t.id(), now);
        if (before != null && !before.equals(now)) {
            publish(new SessionEvent.StateChanged(++seq, t.id(), t.infoHashHex(), before, now));
        }
    }

    private void publish(SessionEvent e) {
        subscribers.forEach(s -> s.deliver(e));
    }

    // ---- posting

    private void whenSubscribed(Runnable task) {
        if (!subscribers.isEmpty()) {
            post(() -> {
                if (tick != null) {
                    task.run();
                }
            });
        }
    }

    /** Runs {@code task} on the hub's thread; false once the hub is closed. */
    private boolean post(Runnable task) {
        try {
            thread.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }
}
