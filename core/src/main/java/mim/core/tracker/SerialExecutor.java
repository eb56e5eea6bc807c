package mim.core.tracker;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks one at a time, in the order given, on a shared executor: what confines one lookup's
 * state without a thread of its own or a lock. Each task sees everything earlier tasks did (the
 * queue and the running flag order them).
 *
 * <p>Thread safety: {@link #execute} may be called from any thread, including from a task. A task
 * that throws is logged and does not stop the ones after it. Once the shared executor refuses work
 * (the process is shutting down), tasks are dropped.
 */
final class SerialExecutor implements Executor {
    private static final Logger log = LoggerFactory.getLogger(SerialExecutor.class);

    private final Executor shared;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();

    SerialExecutor(Executor shared) {
        this.shared = shared;
    }

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
        scheduleDrain();
    }

    private void scheduleDrain() {
        if (scheduled.compareAndSet(false, true)) {
            try {
                shared.execute(this::drain);
            } catch (RejectedExecutionException e) {
                tasks.clear();
                scheduled.set(false);
            }
        }
    }

    private void drain() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.warn("tracker task failed", e);
            }
        }
        scheduled.set(false);
        // A task added between the last poll and the reset must not be stranded.
        if (!tasks.isEmpty()) {
            scheduleDrain();
        }
    }
}
