package mim.core.spi;

import mim.core.MimException;
import org.pf4j.ExtensionPoint;

/**
 * Something that shows a running session to a person: a progress line, a terminal UI, a web page.
 * This contract is deliberately minimal for now (attach to a read-only view, detach) and will grow
 * with the first real interface; plugins implementing it should expect changes.
 *
 * <p>Lifecycle: {@link #attach} once, then {@link #detach} once, which must release every thread and
 * resource the interface started. Thread safety: the two are called from one thread, never at the
 * same time; the interface reads the view from its own threads.
 */
public interface UserInterface extends ExtensionPoint {

    /** A short name to choose the interface by, such as {@code progress} or {@code web}. */
    String name();

    /**
     * Starts rendering the session. Returns promptly; rendering happens on the interface's own threads.
     *
     * @throws MimException if the interface cannot start (a port in use, no terminal)
     */
    void attach(SessionView session) throws MimException;

    /** Stops rendering and releases everything; never throws. */
    void detach();
}
