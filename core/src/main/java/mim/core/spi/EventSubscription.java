package mim.core.spi;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

/**
 * One subscriber's events, from {@link SessionControl#subscribe}: a bounded queue the session fills
 * and the subscriber drains at its own pace with {@link #poll}, told by {@link #available} when there
 * is something to take.
 *
 * <p>Bounded: the session never waits for a subscriber and a subscriber never makes it hold more
 * than its capacity. When the queue is full, further events are dropped and counted into one
 * {@link SessionEvent.Lost} at its tail, which the subscriber receives in order, after what it had
 * and before what comes next.
 *
 * <p>{@link #close} unsubscribes and releases the queue; the session closing closes its subscriptions
 * too. Thread safety: safe for use from any thread; {@link #deliver} is the publishing session's, the
 * rest the subscriber's.
 */
public final class EventSubscription implements AutoCloseable {
    /** A capacity that holds a minute of ticks and any burst of a few hundred changes. */
    public static final int DEFAULT_CAPACITY = 1024;

    private final int capacity;
    private final Runnable onClose;
    // ---- guarded by this
    private final ArrayDeque<SessionEvent> queue = new ArrayDeque<>();
    private CompletableFuture<Void> available = new CompletableFuture<>();
    private boolean closed;

    /**
     * @param capacity events held at most, at least 2
     * @param onClose run once when the subscription is closed, by either side: the session lets go of it
     */
    public EventSubscription(int capacity, Runnable onClose) {
        if (capacity < 2) {
            throw new IllegalArgumentException("capacity " + capacity);
        }
        this.capacity = capacity;
        this.onClose = onClose;
    }

    /**
     * Queues {@code event}, or counts it lost when the queue is full; never blocks. For the session that
     * publishes; events are delivered in the order of their {@code seq}.
     */
    public void deliver(SessionEvent event) {
        CompletableFuture<Void> wake;
        synchronized (this) {
            if (closed) {
                return;
            }
            // The last slot is kept for the notice of a loss.
            if (queue.size() < capacity - 1) {
                queue.addLast(event);
            } else if (queue.peekLast() instanceof SessionEvent.Lost lost) {
                queue.pollLast();
                queue.addLast(new SessionEvent.Lost(lost.seq(), lost.count() + 1));
            } else {
                queue.addLast(new SessionEvent.Lost(event.seq() - 1, 1));
            }
            wake = available;
        }
        // Outside the lock: what waits on it may poll at once.
        wake.complete(null);
    }

    /** The next event, or null when none waits (or the subscription is closed). Never blocks. */
    public synchronized SessionEvent poll() {
        SessionEvent e = queue.pollFirst();
        if (queue.isEmpty() && available.isDone() && !closed) {
            available = new CompletableFuture<>();
        }
        return e;
    }

    /**
     * Completes once an event waits, at once if one does, or once the subscription is closed. Ask again
     * after draining: each future completes once. It may complete on the session's thread: what runs on
     * it must be quick and must not block (hand the work to a thread of the subscriber's).
     */
    public synchronized CompletableFuture<Void> available() {
        if (!queue.isEmpty() || closed) {
            available.complete(null);
        }
        return available;
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    /** Unsubscribes: the queue is dropped, the session lets go of the subscription. Closing twice does nothing. */
    @Override
    public void close() {
        CompletableFuture<Void> wake;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            queue.clear();
            wake = available;
        }
        wake.complete(null);
        onClose.run();
    }
}
