package mim.core.tracker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A scheduler on a virtual clock, for deterministic tests: nothing runs until the test calls
 * {@link #runDue()} or {@link #advance}, and then on the test's thread, in time order (ties in the
 * order scheduled). Only one-shot scheduling is supported; that is all the tracker code uses.
 */
final class ManualScheduler extends AbstractExecutorService implements ScheduledExecutorService {
    private final PriorityQueue<Task<?>> queue = new PriorityQueue<>();
    private long nowNanos;
    private long sequence;

    /** Runs everything due now, including what those tasks schedule for now. */
    void runDue() {
        advance(Duration.ZERO);
    }

    /** Moves the clock forward by {@code d}, running each task as its time comes. */
    void advance(Duration d) {
        long end = nowNanos + d.toNanos();
        while (!queue.isEmpty() && queue.peek().at <= end) {
            Task<?> t = queue.poll();
            nowNanos = Math.max(nowNanos, t.at);
            t.run();
        }
        nowNanos = end;
    }

    /** Delays of the tasks still waiting (not cancelled), soonest first. */
    List<Duration> pendingDelays() {
        List<Task<?>> live = new ArrayList<>(queue);
        live.removeIf(FutureTask::isCancelled);
        live.sort(null);
        return live.stream().map(t -> Duration.ofNanos(t.at - nowNanos)).toList();
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        return enqueue(new Task<Void>(command, null, nowNanos + unit.toNanos(Math.max(0, delay))));
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        return enqueue(new Task<>(callable, nowNanos + unit.toNanos(Math.max(0, delay))));
    }

    @Override
    public void execute(Runnable command) {
        schedule(command, 0, TimeUnit.NANOSECONDS);
    }

    private <V> Task<V> enqueue(Task<V> t) {
        queue.add(t);
        return t;
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        throw new UnsupportedOperationException("periodic tasks");
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        throw new UnsupportedOperationException("periodic tasks");
    }

    @Override
    public void shutdown() {
        queue.clear();
    }

    @Override
    public List<Runnable> shutdownNow() {
        queue.clear();
        return List.of();
    }

    @Override
    public boolean isShutdown() {
        return false;
    }

    @Override
    public boolean isTerminated() {
        return false;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return false;
    }

    private final class Task<V> extends FutureTask<V> implements ScheduledFuture<V> {
        final long at;
        final long order = sequence++;

        Task(Runnable r, V result, long at) {
            super(r, result);
            this.at = at;
        }

        Task(Callable<V> c, long at) {
            super(c);
            this.at = at;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(at - nowNanos, TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed o) {
            Task<?> t = (Task<?>) o;
            return at != t.at ? Long.compare(at, t.at) : Long.compare(order, t.order);
        }
    }
}
