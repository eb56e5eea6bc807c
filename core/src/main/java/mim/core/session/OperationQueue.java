package mim.core.session;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * Asynchronous operations run one after another: each starts once the previous one's future completed,
 * failed or not, on the thread that completed it (or the caller's, when nothing is pending). No thread
 * waits; an operation must not block. Thread safe.
 */
final class OperationQueue {
    private CompletableFuture<Void> last = CompletableFuture.completedFuture(null);

    /** Queues {@code operation}; the result completes as its future does, with its failure unwrapped. */
    CompletableFuture<Void> run(Supplier<CompletableFuture<Void>> operation) {
        CompletableFuture<Void> previous;
        CompletableFuture<Void> mine = new CompletableFuture<>();
        synchronized (this) {
            previous = last;
            last = mine;
        }
        previous.whenComplete((v, e) -> {
            try {
                operation.get().whenComplete((r, f) -> {
                    if (f == null) {
                        mine.complete(null);
                    } else {
                        mine.completeExceptionally(unwrapped(f));
                    }
                });
            } catch (RuntimeException f) {
                mine.completeExceptionally(unwrapped(f));
            }
        });
        return mine;
    }

    /** The failure a {@link CompletionException} carries, or the failure itself. */
    static Throwable unwrapped(Throwable e) {
        return e instanceof CompletionException c && c.getCause() != null ? c.getCause() : e;
    }
}
