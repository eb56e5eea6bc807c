package mim.cli.server;

import io.netty.util.concurrent.DefaultThreadFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import mim.core.MimException;
import mim.core.Reason;
import mim.core.session.ManagedTorrents;
import mim.core.session.TorrentRecord;
import mim.core.spi.Limits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server's session kept across runs: its state folder locked ({@link StateLock}), its torrents read
 * ({@link SessionStore}) and restored into the session, then saved shortly after each change worth
 * keeping, every minute (for the totals), and once more at the end.
 *
 * <p>Lifecycle: {@link #open} (lock and read, before the session binds anything) ->
 * {@link #restoreInto} -> {@link #close} (after the session closed, so the totals are final). Saves run
 * on one thread of its own; the session's threads only mark the state changed.
 */
public final class PersistedSession implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PersistedSession.class);
    private static final Duration SAVE_DELAY = Duration.ofMillis(200);
    private static final Duration SAVE_PERIOD = Duration.ofMinutes(1);

    private final StateLock lock;
    private final SessionStore store;
    private final List<String> warnings;
    private final List<TorrentRecord> kept;
    private final Limits keptLimits;
    private final Map<String, String> keptCategories;
    private final ScheduledExecutorService saver =
            Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("mim-session-store", true));
    private final AtomicBoolean pending = new AtomicBoolean();
    private volatile ManagedTorrents control;

    private PersistedSession(StateLock lock, SessionStore store, SessionStore.Loaded loaded) {
        this.lock = lock;
        this.store = store;
        this.kept = loaded.torrents();
        this.keptLimits = loaded.sessionLimits();
        this.keptCategories = loaded.categories();
        this.warnings = new ArrayList<>(loaded.warnings());
    }

    /**
     * Locks {@code folder} and reads the torrents kept there.
     *
     * @throws MimException if another server holds the folder, or it cannot be read
     */
    public static PersistedSession open(Path folder) throws MimException {
        StateLock lock = StateLock.acquire(folder);
        try {
            SessionStore store = new SessionStore(folder);
            return new PersistedSession(lock, store, store.load());
        } catch (MimException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /** Adds the kept categories and torrents back to {@code session}, then keeps its changes. */
    public void restoreInto(ManagedTorrents session) {
        session.setCategories(keptCategories).exceptionally(e -> {
            warnings.add("the categories are left out: " + Reason.of(e));
            return null;
        });
        for (TorrentRecord r : kept) {
            try {
                session.restore(r);
            } catch (MimException | RuntimeException e) {
                warnings.add("torrent " + r.id() + " (" + r.infoHash() + ") is left out: " + e.getMessage());
            }
        }
        this.control = session;
        session.watch(this::changed);
        saver.scheduleWithFixedDelay(this::save, SAVE_PERIOD.toMillis(), SAVE_PERIOD.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The session-wide limits set through the API before this start; {@link Limits#NONE} if none were. */
    public Limits sessionLimits() {
        return keptLimits;
    }

    /** What the user should hear about the state read: a corrupt file kept aside, torrents left out. */
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    private void changed() {
        if (pending.compareAndSet(false, true)) {
            try {
                saver.schedule(this::save, SAVE_DELAY.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                // Closing: the last save is made by close itself.
            }
        }
    }

    private void save() {
        pending.set(false);
        try {
            store.save(control.sessionLimits(), control.categories(), control.records());
        } catch (MimException e) {
            log.warn("{}", e.getMessage());
        }
    }

    /** Saves once more, as things are now, stops saving and releases the folder. */
    @Override
    public void close() {
        saver.shutdownNow();
        try {
            saver.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (control != null) {
            save();
        }
        lock.close();
    }
}
