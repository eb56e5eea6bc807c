package mim.core.spi;

import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * One subscriber's feed of items (the session's {@link SessionEvent}s, the log's {@link LogRecord}s):
 * a bounded queue its publisher fills and the subscriber drains at its own pace with {@link #poll},
 * told by {@link #available} when there is something to take.
 *
 * <p>Bounded: the publisher never waits for a subscriber, and a subscriber never makes it hold more
 * than the capacity. When the queue is full, further items are dropped and counted into one notice of
 * the loss at its tail (an item the feed makes of the first dropped item and the count), which the
 * subscriber receives in order, after what it had and before what comes next.
 *
 * <p>{@link #close} unsubscribes and releases the queue; the publisher closing closes its
 * subscriptions too. Thread safety: safe for use from any thread; {@link #deliver} is the publisher's,
 * the rest the subscriber's.
 *
 * @param <T> the items
 */
public final class Subscription<T> implements AutoCloseable {
    /** A capacity that holds a minute of ticks and any burst of a few hundred changes. */
    public static final int DEFAULT_CAPACITY = 1024;

    private final int capacity;
    private final BiFunction<T, Long, T> lossNotice;
    private final Consumer<Subscription<T>> onClose;
    // ---- guarded by this
    /** Items, and at most one {@link Dropped} at the tail (others further up once the subscriber caught up). */
    private final ArrayDeque<Object> queue = new ArrayDeque<>();
    private CompletableFuture<Void> available = new CompletableFuture<>();
    private boolean closed;

    /** Items dropped in a row: the first of them and how many. */
    private static final class Dropped {
        final Object first;
        long count = 1;

        Dropped(Object first) {
            this.first = first;
        }
    }

    /**
     * @param capacity items held at most, at least 2
     * @param lossNotice the item that tells of a loss, made of the first item dropped and the number dropped
     * @param onClose given the subscription once it is closed, by either side: the publisher lets go of it
     */
    public Subscription(int capacity, BiFunction<T, Long, T> lossNotice, Consumer<Subscription<T>> onClose) {
        if (capacity < 2) {
            throw new IllegalArgumentException("capacity " + capacity);
        }
        this.capacity = capacity;
        this.lossNotice = Objects.requireNonNull(lossNotice, "lossNotice");
        this.onClose = Objects.requireNonNull(onClose, "onClose");
    }

    /** A feed of the session's events, whose notice of a loss is a {@link SessionEvent.Lost}. */
    public static Subscription<SessionEvent> ofEvents(int capacity, Consumer<Subscription<SessionEvent>> onClose) {
        return new Subscription<>(capacity, (first, count) -> new SessionEvent.Lost(first.seq() - 1, count), onClose);
    }

    /** Queues {@code item}, or counts it lost when the queue is full; never blocks. For the publisher. */
    public void deliver(T item) {
        Objects.requireNonNull(item, "item");
        CompletableFuture<Void> wake;
        synchronized (this) {
            if (closed) {
                return;
            }
            // The last slot is kept for the notice of a loss.
            if (queue.size() < capacity - 1) {
                queue.addLast(item);
            } else if (queue.peekLast() instanceof Dropped d) {
                d.count++;
            } else {
                queue.addLast(new Dropped(item));
            }
            wake = available;
        }
        // Outside the lock: what waits on it may poll at once.
        wake.complete(null);
    }

    /** The next item, or null when none waits (or the subscription is closed). Never blocks. */
    @SuppressWarnings("unchecked")
    public synchronized T poll() {
        Object next = queue.pollFirst();
        if (queue.isEmpty() && available.isDone() && !closed) {
            available = new CompletableFuture<>();
        }
        if (next instanceof Dropped d) {
            return lossNotice.apply((T) d.first, d.count);
        }
        return (T) next;
    }

    /**
     * Completes once an item waits, at once if one does, or once the subscription is closed. Ask again
     * after draining: each future completes once. It may complete on the publisher's thread: what runs
     * on it must be quick and must not block (hand the work to a thread of the subscriber's).
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

    /** Unsubscribes: the queue is dropped, the publisher lets go of the subscription. Closing twice does nothing. */
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
        onClose.accept(this);
    }
}
