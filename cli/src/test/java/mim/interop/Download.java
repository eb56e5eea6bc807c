package mim.interop;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * A program downloading a torrent: a {@link Peer} that can be waited on until it has every byte.
 * Safe for use from any thread.
 */
public final class Download extends Peer {
    private final Path outDir;
    private final BooleanSupplier complete;
    private final long startNanos;

    Download(String client, InetSocketAddress address, ManagedProcess process, Path outDir,
             BooleanSupplier complete, long startNanos) {
        super(client, address, process);
        this.outDir = outDir;
        this.complete = complete;
        this.startNanos = startNanos;
    }

    /** The folder the content lands in (as {@code outDir/torrent.name()}). */
    public Path outDir() {
        return outDir;
    }

    /** Whether the program says the download is complete. */
    public boolean isComplete() {
        return complete.getAsBoolean();
    }

    /**
     * Waits until the program says the download is complete and returns the time from its start
     * to now.
     *
     * @throws AssertionError if {@code timeout} passes first or the program exits first, with the
     *                        tail of its logs
     */
    public Duration awaitComplete(Duration timeout) {
        Await.until(this + " completing its download into " + outDir, timeout, complete, process());
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
