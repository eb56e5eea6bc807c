package mim.core.spi;

import java.util.concurrent.CompletableFuture;
import mim.core.MimException;
import org.pf4j.ExtensionPoint;

/**
 * Something that shows and drives a running session: the HTTP API, a terminal UI. It programs against
 * {@link SessionControl} alone.
 *
 * <p>Lifecycle: {@link #attach} once, then {@link #detach} once, which must release every thread and
 * resource the interface started. Thread safety: the two are called from one thread, never at the
 * same time; the interface calls the session from its own threads.
 */
public interface UserInterface extends ExtensionPoint {

    /** A short name to choose the interface by, such as {@code http-api} or {@code tui}. */
    String name();

    /**
     * Starts serving the session. Returns promptly; the work happens on the interface's own threads.
     *
     * @throws MimException if the interface cannot start (a port in use, settings it cannot use)
     */
    void attach(SessionControl session, InterfaceContext context) throws MimException;

    /** Stops and releases everything; never throws. */
    void detach();

    /**
     * Completes when the person using the interface closed it (a terminal UI's quit), after it released
     * the terminal; the application then detaches it and ends. An interface nobody closes that way (the
     * HTTP API) never completes it.
     */
    default CompletableFuture<Void> closed() {
        return new CompletableFuture<>();
    }
}
