package mim.interop;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Waiting for a condition with a deadline: the only way the harness waits. It polls, fails as soon
 * as a watched program exits, and fails with the tail of the watched programs' logs. Stateless.
 */
public final class Await {
    private static final long POLL_MILLIS = 20;

    private Await() {
    }

    /**
     * Returns once {@code condition} holds; throws {@link AssertionError} when {@code timeout}
     * passes first or when a watched program exits first.
     */
    public static void until(String what, Duration timeout, BooleanSupplier condition, ManagedProcess... watched) {
        untilProgressing(what, timeout, timeout, condition, () -> 0, watched);
    }

    /**
     * As {@link #until(String, Duration, BooleanSupplier, ManagedProcess...)} for work whose length
     * depends on the machine's load, such as a client checking a large file: fails only once
     * {@code progress} has not changed for {@code quiet}, or when {@code cap} has passed.
     */
    static void untilProgressing(String what, Duration quiet, Duration cap, BooleanSupplier condition,
                                 LongSupplier progress, ManagedProcess... watched) {
        long start = System.nanoTime();
        long capDeadline = start + cap.toNanos();
        long deadline = start + quiet.toNanos();
        long seen = progress.getAsLong();
        while (true) {
            if (condition.getAsBoolean()) {
                return;
            }
            for (ManagedProcess p : watched) {
                // A program may reach the condition and exit at once (aria2 leeching with
                // --seed-time=0): look once more before calling its exit a failure.
                if (!p.isAlive() && !condition.getAsBoolean()) {
                    throw failure(what + ": " + p.name() + " exited with status " + p.exitCode()
                            + " after " + millis(start) + " ms", watched);
                }
            }
            long now = System.nanoTime();
            long progressed = progress.getAsLong();
            if (progressed != seen) {
                seen = progressed;
                deadline = Math.min(now + quiet.toNanos(), capDeadline);
            }
            if (now - deadline > 0) {
                throw failure(what + ": not within " + millis(start) + " ms"
                        + (now - capDeadline >= 0 ? "" : " (no progress for " + quiet.toMillis() + " ms)"), watched);
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw failure(what + ": interrupted after " + millis(start) + " ms", watched);
            }
        }
    }

    /** Whether something accepts TCP connections at {@code address}. */
    static boolean accepts(InetSocketAddress address) {
        try (Socket socket = new Socket()) {
            socket.connect(address, 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static AssertionError failure(String message, ManagedProcess... logs) {
        StringBuilder text = new StringBuilder(message).append('\n');
        for (ManagedProcess p : logs) {
            text.append(p.describe(25));
        }
        return new AssertionError(text.toString());
    }

    private static long millis(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
