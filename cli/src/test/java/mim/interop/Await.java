package mim.interop;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.function.BooleanSupplier;

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
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
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
            if (System.nanoTime() - deadline > 0) {
                throw failure(what + ": not within " + timeout.toMillis() + " ms", watched);
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
