package mim.core.spi;

import java.net.URI;
import java.util.concurrent.CompletableFuture;
import org.pf4j.ExtensionPoint;

/**
 * One tracker protocol: sends one announce to one tracker URL and reads its answer. HTTP (BEP 3)
 * and UDP (BEP 15) trackers are plugins implementing this.
 *
 * <p>The session's tracker peer source walks a torrent's tiers (BEP 12) across every protocol, so a
 * tier may mix {@code http://} and {@code udp://} URLs; it picks, for each URL, the client whose
 * {@link #supports} says yes, and owns intervals, retries and backoff. A client does one exchange and
 * reports its outcome.
 *
 * <p>Thread safety: one instance serves every torrent of the process; {@link #announce} may be called
 * concurrently and must not block (the exchange runs on the client's own threads or event loop).
 * Ownership: the client owns its sockets and threads; {@link #close} releases them.
 */
public interface TrackerClient extends ExtensionPoint, AutoCloseable {

    /** A short name for listings and logs, such as {@code tracker-udp}. */
    String name();

    /** Whether this client speaks to this tracker URL (by its scheme). */
    boolean supports(URI tracker);

    /**
     * Announces to one tracker. The future completes with the tracker's answer, or exceptionally with
     * a {@link mim.core.MimException.Network} whose one-line message says what went wrong (unreachable,
     * timed out, a {@code failure reason}, an answer that could not be read). It always completes:
     * the client bounds the exchange in time.
     */
    CompletableFuture<AnnounceResponse> announce(URI tracker, AnnounceRequest request);

    /** Releases the client's sockets and threads; outstanding announces complete exceptionally. */
    @Override
    void close();
}
